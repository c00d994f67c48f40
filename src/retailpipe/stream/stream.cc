// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/stream.h"

#include "retailpipe/config/redact.h"
#include "retailpipe/stream/kafka_stream.h"
#include "retailpipe/stream/kinesis_stream.h"
#include "retailpipe/stream/local_log_stream.h"

namespace retailpipe::stream {

Result<std::unique_ptr<Stream>> OpenStream(std::string_view uri) {
  if (uri.starts_with("kafka://")) {
    RP_ASSIGN_OR_RETURN(std::unique_ptr<KafkaStream> stream, KafkaStream::Open(uri));
    return std::unique_ptr<Stream>(std::move(stream));
  }
  if (uri.starts_with("log://")) {
    RP_ASSIGN_OR_RETURN(std::unique_ptr<LocalLogStream> stream, LocalLogStream::Open(uri));
    return std::unique_ptr<Stream>(std::move(stream));
  }
  if (uri.starts_with("kinesis://")) {
    RP_ASSIGN_OR_RETURN(std::unique_ptr<KinesisStream> stream, KinesisStream::Open(uri));
    return std::unique_ptr<Stream>(std::move(stream));
  }
  return Status::InvalidArgument(
      "unknown stream URI '" + config::RedactUri(uri) +
      "'; supported: kafka://host:port[,host:port...][?option=value], "
      "log:///abs/dir or log://rel/dir[?option=value], "
      "kinesis://?region=R[&endpoint=URL&checkpoint_dir=DIR...] (the topic is the stream name)");
}

}  // namespace retailpipe::stream
