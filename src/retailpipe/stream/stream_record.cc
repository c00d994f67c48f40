// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/stream_record.h"

#include <algorithm>
#include <map>
#include <utility>

namespace retailpipe::stream {

std::vector<PartitionOffset> NextOffsets(std::span<const StreamRecord> processed) {
  std::map<std::pair<std::string, int32_t>, int64_t> next;
  for (const StreamRecord& record : processed) {
    int64_t& offset = next[{record.topic, record.partition}];
    offset = std::max(offset, record.offset + 1);
  }
  std::vector<PartitionOffset> out;
  out.reserve(next.size());
  for (const auto& [where, offset] : next) out.push_back({where.first, where.second, offset});
  return out;
}

}  // namespace retailpipe::stream
