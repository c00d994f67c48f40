// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/sink/batch_manifest.h"

#include <array>
#include <charconv>
#include <map>

namespace retailpipe::sink {
namespace {

constexpr std::string_view kVersionLine = "retailpipe-csv-batch v1";

template <typename T>
Result<T> Number(const std::map<std::string_view, std::string_view>& fields, std::string_view key) {
  auto it = fields.find(key);
  if (it == fields.end()) {
    return Status::DataError("batch manifest has no line " + std::string(key) + "=");
  }
  T value{};
  auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
  if (ec != std::errc() || end != it->second.data() + it->second.size()) {
    return Status::DataError("batch manifest line " + std::string(key) + "=" +
                             std::string(it->second) + " is not a whole number");
  }
  return value;
}

}  // namespace

std::string BatchManifest::Format() const {
  std::string out(kVersionLine);
  out += "\ntopic=" + topic;
  out += "\npartition=" + std::to_string(partition);
  out += "\nstart_offset=" + std::to_string(start_offset);
  out += "\nend_offset=" + std::to_string(end_offset);
  out += "\nrows=" + std::to_string(rows);
  out += "\nbytes=" + std::to_string(bytes);
  out += '\n';
  return out;
}

Result<BatchManifest> BatchManifest::Parse(std::string_view text) {
  std::map<std::string_view, std::string_view> fields;
  bool first = true;
  while (!text.empty()) {
    const size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    if (first) {
      if (line != kVersionLine) {
        return Status::DataError("not a batch manifest (first line is not '" +
                                 std::string(kVersionLine) + "')");
      }
      first = false;
      continue;
    }
    const size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;  // blank or future lines without a value
    fields.emplace(line.substr(0, eq), line.substr(eq + 1));
  }
  if (first) return Status::DataError("batch manifest is empty");
  BatchManifest m;
  auto topic = fields.find("topic");
  if (topic == fields.end() || topic->second.empty()) {
    return Status::DataError("batch manifest has no topic= line");
  }
  m.topic = topic->second;
  RP_ASSIGN_OR_RETURN(m.partition, Number<int32_t>(fields, "partition"));
  RP_ASSIGN_OR_RETURN(m.start_offset, Number<int64_t>(fields, "start_offset"));
  RP_ASSIGN_OR_RETURN(m.end_offset, Number<int64_t>(fields, "end_offset"));
  RP_ASSIGN_OR_RETURN(m.rows, Number<int64_t>(fields, "rows"));
  RP_ASSIGN_OR_RETURN(m.bytes, Number<uint64_t>(fields, "bytes"));
  if (m.start_offset < 0 || m.end_offset < m.start_offset || m.rows < 0) {
    return Status::DataError("batch manifest has offsets " + std::to_string(m.start_offset) + ".." +
                             std::to_string(m.end_offset) + " and " + std::to_string(m.rows) +
                             " rows, which cannot be");
  }
  return m;
}

std::string BatchName(std::string_view topic, int32_t partition, int64_t start_offset,
                      std::string_view extension) {
  std::array<char, 24> digits{};
  auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), start_offset);
  const auto n = static_cast<size_t>(end - digits.data());
  std::string name(topic);
  name += "-p" + std::to_string(partition) + "-o";
  if (n < 20) name.append(20 - n, '0');
  name.append(digits.data(), n);
  name += extension;
  return name;
}

}  // namespace retailpipe::sink
