// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/status.h"

namespace retailpipe::sink {

class JsonCsvRow;

/// The open CSV file of one topic partition, in memory: the header, then one row per record
/// in offset order, and where each record's row ends, so the batch can be cut at any record.
///
/// A batch covers the records from its first offset to its last; a record that could not be
/// converted (Skip()) is covered but has no row. A batch may be bound to an end offset fixed
/// earlier (by a manifest): it is then complete when a record at or past that offset arrives.
/// A plain movable value; not thread-safe.
class CsvBatch {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  /// Start an empty batch whose first record will have offset `start_offset`, opened at
  /// `opened` (its age counts from there).
  CsvBatch(int64_t start_offset, std::string_view header, TimePoint opened);

  /// Append the row of the JSON record at `offset` (> last_offset()) converted by `row`.
  /// Errors: those of JsonCsvRow::Append(); the batch is then unchanged.
  Status Append(int64_t offset, std::string_view json, JsonCsvRow& row);

  /// Cover the record at `offset` (> last_offset()) without a row.
  void Skip(int64_t offset);

  /// Keep the records up to offset `end` (inclusive) and return the later ones as a new batch
  /// (opened at the same time), or nullopt if there are none.
  std::optional<CsvBatch> SplitAfter(int64_t end);

  int64_t start_offset() const { return start_offset_; }
  /// Offset of the last record covered; start_offset() - 1 when empty.
  int64_t last_offset() const {
    return entries_.empty() ? start_offset_ - 1 : entries_.back().offset;
  }
  bool empty() const { return entries_.empty(); }
  /// Rows (records with a row).
  int64_t rows() const { return rows_; }
  /// The CSV text: header and rows.
  const std::string& text() const { return text_; }
  TimePoint opened() const { return opened_; }

  /// Who fixed a batch's end offset.
  enum class FixedBy {
    kThisCut,  ///< This sink cut the batch just now.
    kEarlier,  ///< A manifest written earlier (a crashed run, or another group member).
  };

  /// The end offset this batch must reach, once fixed; nullopt while the batch is free.
  const std::optional<int64_t>& fixed_end() const { return fixed_end_; }
  /// Return true if an earlier manifest fixed the end: the object may exist already.
  bool replayed() const { return fixed_by_ == FixedBy::kEarlier; }
  void set_fixed_end(int64_t end, FixedBy by) {
    fixed_end_ = end;
    fixed_by_ = by;
  }

 private:
  struct Entry {
    int64_t offset;
    size_t end;  // end of the record's row in text_ (equal to the previous end for a skip)
    bool row;
  };

  int64_t start_offset_;
  size_t header_bytes_;
  std::string text_;
  std::vector<Entry> entries_;
  int64_t rows_ = 0;
  TimePoint opened_;
  std::optional<int64_t> fixed_end_;
  FixedBy fixed_by_ = FixedBy::kThisCut;
};

}  // namespace retailpipe::sink
