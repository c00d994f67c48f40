// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/sink/csv_batch.h"

#include <algorithm>

#include "retailpipe/base/check.h"
#include "retailpipe/sink/json_csv_row.h"

namespace retailpipe::sink {

CsvBatch::CsvBatch(int64_t start_offset, std::string_view header, TimePoint opened)
    : start_offset_(start_offset), header_bytes_(header.size()), text_(header), opened_(opened) {}

Status CsvBatch::Append(int64_t offset, std::string_view json, JsonCsvRow& row) {
  RP_DCHECK(offset > last_offset());
  RP_RETURN_IF_ERROR(row.Append(json, text_));
  entries_.push_back({offset, text_.size(), true});
  ++rows_;
  return Status::OK();
}

void CsvBatch::Skip(int64_t offset) {
  RP_DCHECK(offset > last_offset());
  entries_.push_back({offset, text_.size(), false});
}

std::optional<CsvBatch> CsvBatch::SplitAfter(int64_t end) {
  auto first_later = std::find_if(entries_.begin(), entries_.end(),
                                  [end](const Entry& e) { return e.offset > end; });
  if (first_later == entries_.end()) return std::nullopt;
  const size_t cut = first_later == entries_.begin() ? header_bytes_ : std::prev(first_later)->end;
  CsvBatch tail(first_later->offset, std::string_view(text_).substr(0, header_bytes_), opened_);
  tail.text_.append(text_, cut, std::string::npos);
  for (auto it = first_later; it != entries_.end(); ++it) {
    tail.entries_.push_back({it->offset, it->end - cut + header_bytes_, it->row});
    if (it->row) {
      ++tail.rows_;
      --rows_;
    }
  }
  entries_.erase(first_later, entries_.end());
  text_.resize(cut);
  return tail;
}

}  // namespace retailpipe::sink
