// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/orders/batch_processor.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "retailpipe/base/kill_point.h"
#include "retailpipe/base/log.h"
#include "retailpipe/delta/delta_table.h"
#include "retailpipe/orders/order_rows.h"
#include "retailpipe/orders/orders_tables.h"
#include "retailpipe/orders/subscribe_summary.h"
#include "retailpipe/stream/stream_record.h"

namespace retailpipe::orders {
namespace {

/// The rejection reason of a second record of an order already accepted.
constexpr std::string_view kDuplicateOrder = "duplicate order_id: the order was already accepted";

std::string Where(const stream::StreamRecord& r) {
  return r.topic + "/" + std::to_string(r.partition) + "@" + std::to_string(r.offset);
}

}  // namespace

BatchProcessor::BatchProcessor(OrdersTables& tables, engine::Connection& conn, BatchStage& stage,
                               DecisionLedger& ledger, StockBook& book, OrderIdSet& seen,
                               BatchIdentity identity)
    : tables_(tables),
      conn_(conn),
      stage_(stage),
      ledger_(ledger),
      book_(book),
      seen_(seen),
      identity_(std::move(identity)) {}

std::string BatchProcessor::AppId(int32_t partition) const {
  return identity_.group_id + "/" + identity_.topic + "/" + std::to_string(partition);
}

std::map<int32_t, int64_t> BatchProcessor::TxnVersions(OrdersTable table,
                                                       const std::map<int32_t, Span>& spans) const {
  std::map<int32_t, int64_t> out;
  const delta::DeltaSnapshot& snapshot = tables_.Get(table).snapshot();
  for (const auto& [partition, span] : spans) {
    const int64_t version = snapshot.TxnVersion(AppId(partition)).value_or(-1);
    if (version >= 0 && version < span.first) {
      // Records between the table's position and this batch were never written to it; only a
      // table recreated or written by another group explains that.
      log::Get("orders").warn(
          "{} is at offset {} of {} but the batch starts at {}: the records "
          "in between are missing from it",
          TableName(table), version, AppId(partition), span.first);
    }
    out[partition] = version;
  }
  return out;
}

Status BatchProcessor::Process(std::span<const stream::StreamRecord> records,
                               SubscribeSummary& summary) {
  std::map<int32_t, Span> spans;
  for (const stream::StreamRecord& r : records) {
    if (r.topic != identity_.topic) {
      return Status::InvalidArgument("record " + Where(r) + " is not of topic " + identity_.topic);
    }
    auto [it, added] = spans.try_emplace(r.partition, Span{r.offset, r.offset + 1});
    it->second.first = std::min(it->second.first, r.offset);
    it->second.next = std::max(it->second.next, r.offset + 1);
  }
  if (spans.empty()) return Status::OK();
  RP_RETURN_IF_ERROR(CommitLedger(records, spans, summary));
  KillPoint("orders.after_stock_movements");
  for (OrdersTable table : kCommitOrder) {
    if (table == OrdersTable::kStockMovements) continue;
    RP_RETURN_IF_ERROR(CommitTable(table, spans, summary));
    KillPoint("orders.after_" + std::string(TableName(table)));
  }
  return Status::OK();
}

Status BatchProcessor::CommitLedger(std::span<const stream::StreamRecord> records,
                                    const std::map<int32_t, Span>& spans,
                                    SubscribeSummary& summary) {
  delta::DeltaTable& ledger_table = tables_.Get(OrdersTable::kStockMovements);
  for (int attempt = 0; attempt <= identity_.max_conflict_retries; ++attempt) {
    RP_ASSIGN_OR_RETURN(const int64_t loaded, ledger_.CatchUp(book_, seen_));
    summary.ledger_files_loaded += loaded;
    const int64_t read_version = ledger_table.snapshot().version();
    const std::map<int32_t, int64_t> done = TxnVersions(OrdersTable::kStockMovements, spans);
    StockDecider decider(book_);
    OrderIdSet batch_seen;
    BatchRows rows;
    Counts counts;
    RP_RETURN_IF_ERROR(BuildRows(records, spans, done, decider, batch_seen, rows, counts));
    RP_RETURN_IF_ERROR(stage_.Load(rows));
    OffsetFloors floors;
    delta::AppendOptions options;
    for (const auto& [partition, span] : spans) {
      const int64_t position = done.at(partition);
      if (position >= span.next) continue;
      floors[partition] = std::max<int64_t>(position, 0);
      options.more_txns.push_back(delta::Txn{AppId(partition), span.next, std::nullopt});
    }
    const auto add = [&] {
      summary.orders += counts.orders;
      summary.items_applied += counts.applied;
      summary.items_refused += counts.refused;
      summary.replayed += counts.replayed;
    };
    if (floors.empty()) {  // every record was decided before
      add();
      return Status::OK();
    }
    options.on_concurrent_commit = delta::ConcurrentCommits::kConflict;
    options.read_version = read_version;
    options.work_dir = identity_.work_dir;
    RP_ASSIGN_OR_RETURN(
        delta::AppendResult result,
        ledger_table.Append(conn_, stage_.Select(OrdersTable::kStockMovements, floors), options));
    if (result.outcome == delta::AppendOutcome::kCommitted) {
      decider.ApplyTo(book_);
      seen_.merge(batch_seen);
      RP_RETURN_IF_ERROR(ledger_.MarkCommitted(result.version));
      ++summary.commits;
      add();
      return Status::OK();
    }
    // kConflict or kDuplicate: another subscriber committed to the ledger since read_version.
    ++summary.conflicts;
    log::Get("orders").debug("ledger moved past version {} during the batch; deciding again",
                             read_version);
  }
  return Status::Unavailable("gave up deciding a batch after " +
                             std::to_string(identity_.max_conflict_retries) +
                             " ledger conflicts: other subscribers keep committing first");
}

Status BatchProcessor::BuildRows(std::span<const stream::StreamRecord> records,
                                 const std::map<int32_t, Span>& spans,
                                 const std::map<int32_t, int64_t>& done, StockDecider& decider,
                                 OrderIdSet& batch_seen, BatchRows& rows, Counts& counts) {
  std::map<int32_t, std::map<int64_t, RecordedDecisions>> recorded;
  for (const auto& [partition, span] : spans) {
    const int64_t until = std::min(done.at(partition), span.next);
    if (until <= span.first) continue;
    RP_ASSIGN_OR_RETURN(recorded[partition], ledger_.Recorded(partition, span.first, until));
  }
  for (const stream::StreamRecord& r : records) {
    const RecordRef from{r.partition, r.offset};
    Result<OrderPayload> order = parser_.Parse(r.value);
    if (r.offset < done.at(r.partition)) {
      ++counts.replayed;
      const auto& decided = recorded[r.partition];
      auto it = decided.find(r.offset);
      if (it == decided.end()) {  // rejected the first time: for the same reason again
        if (order) {
          AddRejectedRow(r, kDuplicateOrder, order->order_id, rows);
        } else {
          AddRejectedRow(r, order.error().message(), std::nullopt, rows);
        }
        continue;
      }
      if (!order || order->items.size() != it->second.size()) {
        return Status::DataError("the ledger holds decisions on " +
                                 std::to_string(it->second.size()) + " items of record " +
                                 Where(r) + ", which now reads differently: " +
                                 (order ? "another item count" : order.error().message()));
      }
      AddOrderRows(*order, it->second, identity_.topic, from, rows);
      continue;
    }
    if (!order) {
      AddRejectedRow(r, order.error().message(), std::nullopt, rows);
      continue;
    }
    if (seen_.contains(order->order_id) || !batch_seen.insert(order->order_id).second) {
      AddRejectedRow(r, kDuplicateOrder, order->order_id, rows);
      continue;
    }
    std::vector<ItemDecision> decisions;
    decisions.reserve(order->items.size());
    for (const PayloadItem& item : order->items) {
      decisions.push_back(decider.Decide(item));
      ++(decisions.back().outcome == ItemOutcome::kApplied ? counts.applied : counts.refused);
    }
    ++counts.orders;
    AddOrderRows(*order, decisions, identity_.topic, from, rows);
  }
  return Status::OK();
}

Status BatchProcessor::CommitTable(OrdersTable table, const std::map<int32_t, Span>& spans,
                                   SubscribeSummary& summary) {
  delta::DeltaTable& target = tables_.Get(table);
  for (int attempt = 0; attempt <= identity_.max_conflict_retries; ++attempt) {
    RP_RETURN_IF_ERROR(target.Refresh());
    const std::map<int32_t, int64_t> done = TxnVersions(table, spans);
    OffsetFloors floors;
    delta::AppendOptions options;
    for (const auto& [partition, span] : spans) {
      if (done.at(partition) >= span.next) continue;
      floors[partition] = std::max<int64_t>(done.at(partition), 0);
      options.more_txns.push_back(delta::Txn{AppId(partition), span.next, std::nullopt});
    }
    if (floors.empty()) return Status::OK();
    // Blind appends: other partitions' commits are rebased onto; only another consumer of one
    // of our partitions (a rebalance overlap) makes us recompute which rows are missing.
    options.on_concurrent_commit = delta::ConcurrentCommits::kRebaseUnlessSameApp;
    options.work_dir = identity_.work_dir;
    RP_ASSIGN_OR_RETURN(delta::AppendResult result,
                        target.Append(conn_, stage_.Select(table, floors), options));
    if (result.outcome == delta::AppendOutcome::kCommitted) {
      ++summary.commits;
      // Counted as written, not as decided: the rows of records rejected by a run that crashed
      // before this commit are counted (and make the exit code 3) by the run that writes them.
      if (table == OrdersTable::kRejectedRecords) summary.rejected += result.num_rows;
    }
    if (result.outcome != delta::AppendOutcome::kConflict) return Status::OK();
    ++summary.conflicts;
  }
  return Status::Unavailable("gave up appending to " + std::string(TableName(table)) + " after " +
                             std::to_string(identity_.max_conflict_retries) + " conflicts");
}

}  // namespace retailpipe::orders
