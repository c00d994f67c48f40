// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/delta/fwd.h"
#include "retailpipe/engine/fwd.h"
#include "retailpipe/orders/fwd.h"
#include "retailpipe/orders/stock_book.h"

namespace retailpipe::orders {

/// The order_ids the ledger holds: every accepted order, by whichever subscriber decided it.
using OrderIdSet = std::unordered_set<std::string>;

/// The item decisions recorded for one stream record, by item index.
using RecordedDecisions = std::vector<ItemDecision>;

/// Reads the stock_movements ledger: loads each of its data files once, adding the moved
/// quantities to a StockBook and the order_ids to an OrderIdSet, and reads back the decisions
/// recorded for records that are replayed (after a crash, or when another subscriber decided
/// them), so that they are reused instead of decided again.
///
/// Data files of stores DuckDB cannot read in place (mem://, s3://) are downloaded once into
/// `cache_dir` and kept there. Holds references to the table and the connection, which must
/// outlive it. Not thread-safe.
class DecisionLedger {
 public:
  /// `topic` is the stream topic whose records the caller replays.
  DecisionLedger(delta::DeltaTable& table, engine::Connection& conn, std::string cache_dir,
                 std::string topic);

  /// Bring the table up to date and load every data file not loaded yet (other writers' rows)
  /// into `book` and `seen`. Returns the number of files loaded. Errors: storage, engine and
  /// Delta log errors.
  Result<int64_t> CatchUp(StockBook& book, OrderIdSet& seen);

  /// Mark the data files of our commit `version` as loaded: the caller applied their rows to
  /// the book itself. Errors: those of DeltaLog::ReadCommit().
  Status MarkCommitted(int64_t version);

  /// Return the decisions recorded for the records of `partition` with offsets in
  /// [from, to), by offset. A record with no entry was rejected (invalid or a duplicate).
  /// Errors: kDataError if a record's decisions skip an item index; engine and storage errors.
  Result<std::map<int64_t, RecordedDecisions>> Recorded(int32_t partition, int64_t from,
                                                        int64_t to);

  /// Return how many data files have been loaded.
  size_t loaded_files() const { return loaded_.size(); }

 private:
  /// Return a read_parquet() file list literal for `paths` (relative to the table root),
  /// downloading files as needed.
  Result<std::string> FileList(const std::vector<std::string>& paths);
  /// Return the local path DuckDB reads for the data file `path`.
  Result<std::string> LocalPath(const std::string& path, int64_t size);

  delta::DeltaTable& table_;
  engine::Connection& conn_;
  std::string cache_dir_;
  std::string topic_;
  std::set<std::string> loaded_;
};

}  // namespace retailpipe::orders
