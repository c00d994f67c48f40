// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>

#include "retailpipe/base/status.h"
#include "retailpipe/engine/fwd.h"
#include "retailpipe/orders/batch_stage.h"
#include "retailpipe/orders/decision_ledger.h"
#include "retailpipe/orders/fwd.h"
#include "retailpipe/orders/order_payload.h"
#include "retailpipe/orders/stock_book.h"
#include "retailpipe/stream/fwd.h"

namespace retailpipe::orders {

/// Where a BatchProcessor writes and who it is.
struct BatchIdentity {
  /// Consumer group and topic: with the partition they make each txn appId,
  /// "<group>/<topic>/<partition>".
  std::string group_id;
  std::string topic;
  /// Local scratch folder for Parquet files before upload.
  std::string work_dir;
  /// How many times to decide a batch again after losing the ledger commit to another writer.
  int max_conflict_retries = 100;
};

/// Writes the records of one batch to the five tables exactly once.
///
/// The stock_movements ledger is committed first: it holds every decision, with one txn per
/// stream partition (appId "<group>/<topic>/<partition>", version = the offset after the
/// batch's last record of that partition), and only as the version after the one whose
/// contents the decisions were made on (ConcurrentCommits::kConflict): when another
/// subscriber committed meanwhile, its movements are loaded into the stock and the batch is
/// decided again. Records below the ledger's txn version of their partition are already
/// decided (a replay): their decisions are read back, never made twice. The other tables
/// follow, each skipping the records below its own txn version, so a crash between any two
/// commits repairs itself when the batch is read again, whatever its boundaries then.
///
/// Holds references to everything it is given, which must outlive it. Not thread-safe.
class BatchProcessor {
 public:
  BatchProcessor(OrdersTables& tables, engine::Connection& conn, BatchStage& stage,
                 DecisionLedger& ledger, StockBook& book, OrderIdSet& seen, BatchIdentity identity);

  /// Write `records` (of the identity's topic, in stream order within each partition) to
  /// every table and add the counts to `summary`. The caller commits the stream offsets
  /// afterwards. Errors: kInvalidArgument for a record of another topic; kUnavailable after
  /// max_conflict_retries lost ledger commits; kDataError if the ledger contradicts a replayed
  /// record; Delta, storage and engine errors (the batch may then be partly written: reading
  /// it again completes it).
  Status Process(std::span<const stream::StreamRecord> records, SubscribeSummary& summary);

  /// Return the txn appId of `partition`.
  std::string AppId(int32_t partition) const;

 private:
  /// The offsets a batch covers in one partition.
  struct Span {
    int64_t first = 0;
    int64_t next = 0;  ///< one past the last record
  };
  /// Counts of one attempt at the ledger, added to the summary once it commits.
  struct Counts {
    int64_t orders = 0, applied = 0, refused = 0, replayed = 0;
  };

  /// Decide the batch (reusing recorded decisions), stage its rows and commit the ledger,
  /// again after each conflict.
  Status CommitLedger(std::span<const stream::StreamRecord> records,
                      const std::map<int32_t, Span>& spans, SubscribeSummary& summary);
  /// Build the rows of every record into `rows`, deciding the records at or past `done`.
  Status BuildRows(std::span<const stream::StreamRecord> records,
                   const std::map<int32_t, Span>& spans, const std::map<int32_t, int64_t>& done,
                   StockDecider& decider, OrderIdSet& batch_seen, BatchRows& rows, Counts& counts);
  /// Append the staged rows `table` lacks, again after an overlapping commit.
  Status CommitTable(OrdersTable table, const std::map<int32_t, Span>& spans,
                     SubscribeSummary& summary);
  /// Return, per partition of `spans`, the txn version `table` holds (-1 for none).
  std::map<int32_t, int64_t> TxnVersions(OrdersTable table,
                                         const std::map<int32_t, Span>& spans) const;

  OrdersTables& tables_;
  engine::Connection& conn_;
  BatchStage& stage_;
  DecisionLedger& ledger_;
  StockBook& book_;
  OrderIdSet& seen_;
  BatchIdentity identity_;
  OrderPayloadParser parser_;
};

}  // namespace retailpipe::orders
