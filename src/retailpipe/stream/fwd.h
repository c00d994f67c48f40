// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace retailpipe::stream {

struct RecordHeader;
struct StreamRecord;
struct PartitionOffset;
struct KafkaUri;
class Stream;
class StreamProducer;
class StreamConsumer;
class KafkaStream;
class KafkaProducer;
class KafkaConsumer;

}  // namespace retailpipe::stream
