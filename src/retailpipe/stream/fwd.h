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
struct LocalLogOptions;
class LocalLogStream;
class LocalLogProducer;
class LocalLogConsumer;
struct KinesisOptions;
class KinesisStream;
class KinesisProducer;
class KinesisConsumer;

}  // namespace retailpipe::stream
