// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/local_log_stream.h"

#include <utility>

#include "retailpipe/stream/local_log_consumer.h"
#include "retailpipe/stream/local_log_file.h"
#include "retailpipe/stream/local_log_layout.h"
#include "retailpipe/stream/local_log_producer.h"

namespace retailpipe::stream {

Result<std::unique_ptr<LocalLogStream>> LocalLogStream::Open(std::string_view uri) {
  RP_ASSIGN_OR_RETURN(LocalLogOptions options, LocalLogOptions::FromUri(uri));
  return std::make_unique<LocalLogStream>(std::move(options));
}

Result<std::unique_ptr<StreamProducer>> LocalLogStream::NewProducer() const {
  RP_ASSIGN_OR_RETURN(std::unique_ptr<LocalLogProducer> producer, LocalLogProducer::Make(options_));
  return std::unique_ptr<StreamProducer>(std::move(producer));
}

Result<std::unique_ptr<StreamConsumer>> LocalLogStream::NewConsumer(
    std::string_view group_id) const {
  RP_ASSIGN_OR_RETURN(std::unique_ptr<LocalLogConsumer> consumer,
                      LocalLogConsumer::Make(options_, group_id));
  return std::unique_ptr<StreamConsumer>(std::move(consumer));
}

Status LocalLogStream::CreateTopic(std::string_view topic, int32_t partitions) const {
  RP_RETURN_IF_ERROR(local_log::CreateDirs(options_.dir, options_.fsync));
  RP_ASSIGN_OR_RETURN(const int32_t count,
                      local_log::LogLayout(options_.dir).EnsureTopic(topic, partitions));
  if (count != partitions) {
    return Status::AlreadyExists("topic '" + std::string(topic) + "' exists in local log " +
                                 options_.dir + " with " + std::to_string(count) +
                                 " partitions, not " + std::to_string(partitions) +
                                 " (partition counts never change)");
  }
  return Status::OK();
}

Result<int32_t> LocalLogStream::PartitionCount(std::string_view topic) const {
  RP_RETURN_IF_ERROR(local_log::CheckName("topic", topic));
  return local_log::LogLayout(options_.dir).PartitionCount(topic);
}

}  // namespace retailpipe::stream
