// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/kafka_stream.h"

#include <utility>

#include "retailpipe/stream/kafka_consumer.h"
#include "retailpipe/stream/kafka_producer.h"

namespace retailpipe::stream {

Result<std::unique_ptr<KafkaStream>> KafkaStream::Open(std::string_view uri) {
  RP_ASSIGN_OR_RETURN(KafkaUri parsed, KafkaUri::Parse(uri));
  return std::make_unique<KafkaStream>(std::move(parsed));
}

Result<std::unique_ptr<StreamProducer>> KafkaStream::NewProducer() const {
  RP_ASSIGN_OR_RETURN(std::unique_ptr<KafkaProducer> producer, KafkaProducer::Make(uri_));
  return std::unique_ptr<StreamProducer>(std::move(producer));
}

Result<std::unique_ptr<StreamConsumer>> KafkaStream::NewConsumer(std::string_view group_id) const {
  RP_ASSIGN_OR_RETURN(std::unique_ptr<KafkaConsumer> consumer, KafkaConsumer::Make(uri_, group_id));
  return std::unique_ptr<StreamConsumer>(std::move(consumer));
}

}  // namespace retailpipe::stream
