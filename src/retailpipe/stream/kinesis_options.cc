// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/kinesis_options.h"

#include <charconv>

#include "retailpipe/aws/endpoint.h"
#include "retailpipe/base/percent_decode.h"
#include "retailpipe/config/redact.h"
#include "retailpipe/config/units.h"

namespace retailpipe::stream {
namespace {

constexpr std::string_view kScheme = "kinesis://";
constexpr std::string_view kForm =
    "; expected kinesis://?region=R&endpoint=http://host:port&checkpoint_dir=DIR (options: "
    "region, endpoint, checkpoint, checkpoint_dir, delivery_timeout, read_interval, "
    "idle_interval, records_per_read); the topic is the Kinesis stream name";

Status Bad(std::string_view uri, std::string_view why) {
  return Status::InvalidArgument("stream URI '" + config::RedactUri(uri) + "' " + std::string(why) +
                                 std::string(kForm));
}

Result<std::chrono::milliseconds> Duration(std::string_view uri, std::string_view key,
                                           std::string_view value) {
  Result<std::chrono::milliseconds> parsed = config::ParseDuration(value);
  if (!parsed.ok()) {
    return parsed.status().WithContext(std::string(key) + " in stream URI '" +
                                       config::RedactUri(uri) + "'");
  }
  return parsed;
}

Status SetOption(std::string_view uri, std::string_view key, const std::string& value,
                 KinesisOptions& out) {
  if (key == "region") {
    out.client.region = value;
  } else if (key == "endpoint") {
    RP_ASSIGN_OR_RETURN(out.client.endpoint, aws::NormalizeEndpoint(value, "Kinesis"));
  } else if (key == "checkpoint") {
    if (value == "dynamodb") {
      // TODO(#4): a KCL-style DynamoDB lease table, so that a group can have several members.
      return Bad(uri,
                 "has checkpoint=dynamodb, which is not implemented yet (use dir: one "
                 "consumer per group reads every shard)");
    }
    if (value != "dir") return Bad(uri, "has checkpoint='" + value + "' (want dir)");
    out.checkpoints = KinesisCheckpoints::kDir;
  } else if (key == "checkpoint_dir") {
    out.checkpoint_dir = value;
  } else if (key == "delivery_timeout") {
    RP_ASSIGN_OR_RETURN(out.delivery_timeout, Duration(uri, key, value));
  } else if (key == "read_interval") {
    RP_ASSIGN_OR_RETURN(out.read_interval, Duration(uri, key, value));
  } else if (key == "idle_interval") {
    RP_ASSIGN_OR_RETURN(out.idle_interval, Duration(uri, key, value));
  } else if (key == "records_per_read") {
    const auto [ptr, ec] =
        std::from_chars(value.data(), value.data() + value.size(), out.records_per_read);
    if (ec != std::errc() || ptr != value.data() + value.size()) {
      return Bad(uri, "has a bad records_per_read value '" + value + "'");
    }
  } else {
    return Bad(uri, "has an unknown option '" + std::string(key) + "'");
  }
  return Status::OK();
}

}  // namespace

Result<KinesisOptions> KinesisOptions::FromUri(std::string_view uri, const aws::EnvLookup& env) {
  if (!uri.starts_with(kScheme)) return Bad(uri, "is not a kinesis:// URI");
  std::string_view rest = uri.substr(kScheme.size());
  const size_t question = rest.find('?');
  if (!rest.substr(0, question).empty() && rest.substr(0, question) != "/") {
    return Bad(uri, "names a host or path (put an emulator in ?endpoint=)");
  }
  KinesisOptions out;
  RP_ASSIGN_OR_RETURN(out.client,
                      aws::ResolveAwsClientOptions(aws::AwsJsonService::Kinesis(), env));
  std::string_view query =
      question == std::string_view::npos ? std::string_view() : rest.substr(question + 1);
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view param = query.substr(0, amp);
    const size_t eq = param.find('=');
    std::string key;
    std::string value;
    if (eq == std::string_view::npos || eq == 0 || !PercentDecode(param.substr(0, eq), key) ||
        !PercentDecode(param.substr(eq + 1), value)) {
      return Bad(uri, "has a bad query parameter '" + std::string(param) + "' (want option=value)");
    }
    RP_RETURN_IF_ERROR(SetOption(uri, key, value, out));
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
  }
  RP_RETURN_IF_ERROR(out.Validate().WithContext("stream URI '" + config::RedactUri(uri) + "'"));
  return out;
}

Status KinesisOptions::Validate() const {
  if (client.region.empty()) return Status::InvalidArgument("the Kinesis region is empty");
  if (records_per_read < 1 || records_per_read > kMaxRecordsPerRead) {
    return Status::InvalidArgument("records_per_read must be 1.." +
                                   std::to_string(kMaxRecordsPerRead) + ", got " +
                                   std::to_string(records_per_read));
  }
  if (delivery_timeout.count() <= 0) {
    return Status::InvalidArgument("delivery_timeout must be positive");
  }
  if (read_interval.count() < 0 || idle_interval.count() < 0) {
    return Status::InvalidArgument("read_interval and idle_interval must not be negative");
  }
  return Status::OK();
}

std::string KinesisOptions::ToUri() const {
  std::string uri = std::string(kScheme) + "?region=" + client.region;
  if (!client.endpoint.empty()) uri += "&endpoint=" + client.endpoint;
  uri += "&checkpoint=dir";
  if (!checkpoint_dir.empty()) uri += "&checkpoint_dir=" + checkpoint_dir;
  uri += "&delivery_timeout=" + config::FormatDuration(delivery_timeout) +
         "&read_interval=" + config::FormatDuration(read_interval) +
         "&idle_interval=" + config::FormatDuration(idle_interval) +
         "&records_per_read=" + std::to_string(records_per_read);
  return uri;
}

}  // namespace retailpipe::stream
