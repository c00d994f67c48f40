// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/local_log_options.h"

#include <charconv>

#include "retailpipe/config/units.h"

namespace retailpipe::stream {
namespace {

constexpr std::string_view kScheme = "log://";
constexpr std::string_view kForm =
    "; expected log:///abs/dir or log://rel/dir, optionally with "
    "?partitions=N&fsync=flush|never&segment_bytes=64MiB";

Status Bad(std::string_view uri, std::string_view why) {
  return Status::InvalidArgument("stream URI '" + std::string(uri) + "' " + std::string(why) +
                                 std::string(kForm));
}

Status SetOption(std::string_view uri, std::string_view key, std::string_view value,
                 LocalLogOptions& out) {
  if (key == "partitions") {
    int32_t n = 0;
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || ptr != value.data() + value.size()) {
      return Bad(uri, "has a bad partitions value '" + std::string(value) + "'");
    }
    out.default_partitions = n;
  } else if (key == "fsync") {
    if (value == "flush") {
      out.fsync = FsyncPolicy::kOnFlush;
    } else if (value == "never") {
      out.fsync = FsyncPolicy::kNever;
    } else {
      return Bad(uri, "has fsync='" + std::string(value) + "' (want flush or never)");
    }
  } else if (key == "segment_bytes") {
    Result<uint64_t> bytes = config::ParseSize(value);
    if (!bytes.ok())
      return bytes.status().WithContext("segment_bytes in stream URI '" + std::string(uri) + "'");
    out.segment_bytes = *bytes;
  } else {
    return Bad(uri, "has an unknown option '" + std::string(key) + "'");
  }
  return Status::OK();
}

}  // namespace

Result<LocalLogOptions> LocalLogOptions::FromUri(std::string_view uri) {
  if (!uri.starts_with(kScheme)) return Bad(uri, "is not a log:// URI");
  std::string_view rest = uri.substr(kScheme.size());
  const size_t question = rest.find('?');
  std::string_view query =
      question == std::string_view::npos ? std::string_view() : rest.substr(question + 1);
  LocalLogOptions out;
  out.dir = std::string(rest.substr(0, question));
  if (out.dir.empty()) return Bad(uri, "names no folder");
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view param = query.substr(0, amp);
    const size_t eq = param.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return Bad(uri, "has a bad query parameter '" + std::string(param) + "' (want option=value)");
    }
    RP_RETURN_IF_ERROR(SetOption(uri, param.substr(0, eq), param.substr(eq + 1), out));
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
  }
  RP_RETURN_IF_ERROR(out.Validate().WithContext("stream URI '" + std::string(uri) + "'"));
  return out;
}

Status LocalLogOptions::Validate() const {
  if (dir.empty()) return Status::InvalidArgument("the local log needs a folder, got none");
  if (default_partitions < 1 || default_partitions > kMaxPartitions) {
    return Status::InvalidArgument("partitions must be 1.." + std::to_string(kMaxPartitions) +
                                   ", got " + std::to_string(default_partitions));
  }
  if (segment_bytes < kMinSegmentBytes || segment_bytes > kMaxSegmentBytes) {
    return Status::InvalidArgument("segment_bytes must be " + config::FormatSize(kMinSegmentBytes) +
                                   ".." + config::FormatSize(kMaxSegmentBytes) + ", got " +
                                   config::FormatSize(segment_bytes));
  }
  return Status::OK();
}

std::string LocalLogOptions::ToUri() const {
  return std::string(kScheme) + dir + "?partitions=" + std::to_string(default_partitions) +
         "&fsync=" + (fsync == FsyncPolicy::kOnFlush ? "flush" : "never") +
         "&segment_bytes=" + config::FormatSize(segment_bytes);
}

}  // namespace retailpipe::stream
