// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/orders/orders_subscriber.h"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <thread>
#include <utility>
#include <vector>

#include "retailpipe/base/clock.h"
#include "retailpipe/base/kill_point.h"
#include "retailpipe/base/log.h"
#include "retailpipe/delta/data_file_writer.h"
#include "retailpipe/engine/connection.h"
#include "retailpipe/engine/database.h"
#include "retailpipe/model/row_set.h"
#include "retailpipe/orders/batch_processor.h"
#include "retailpipe/orders/batch_stage.h"
#include "retailpipe/storage/object_store.h"
#include "retailpipe/stream/stream.h"
#include "retailpipe/stream/stream_consumer.h"
#include "retailpipe/stream/stream_record.h"

namespace retailpipe::orders {
namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// Return the latency sample of a batch: now minus its oldest record timestamp, if any.
std::optional<int64_t> BatchLatency(std::span<const stream::StreamRecord> records) {
  int64_t oldest = std::numeric_limits<int64_t>::max();
  for (const auto& r : records) {
    if (r.timestamp_ms >= 0) oldest = std::min(oldest, r.timestamp_ms);
  }
  if (oldest == std::numeric_limits<int64_t>::max()) return std::nullopt;
  return NowMs() - oldest;
}

}  // namespace

Status OrdersSubscriberOptions::Validate() const {
  RP_RETURN_IF_ERROR(tables.Validate());
  if (group_id.empty()) return Status::InvalidArgument("the subscriber needs a consumer group");
  if (topic.empty()) return Status::InvalidArgument("the subscriber needs a topic");
  if (max_batch_records == 0) return Status::InvalidArgument("max_batch_records must be > 0");
  if (poll_timeout.count() <= 0) return Status::InvalidArgument("poll_timeout must be > 0");
  if (once_idle_timeout.count() < 0) {
    return Status::InvalidArgument("once_idle_timeout must not be negative");
  }
  if (checkpoint_interval < 1) return Status::InvalidArgument("checkpoint_interval must be >= 1");
  if (max_conflict_retries < 0) {
    return Status::InvalidArgument("max_conflict_retries must not be negative");
  }
  if (commit_timeout.count() <= 0) return Status::InvalidArgument("commit_timeout must be > 0");
  return engine.Validate();
}

struct OrdersSubscriber::Parts {
  explicit Parts(delta::ScratchDir dir) : scratch(std::move(dir)) {}

  OrdersSubscriberOptions options;
  delta::ScratchDir scratch;
  std::unique_ptr<engine::Database> db;
  std::unique_ptr<engine::Connection> conn;
  std::unique_ptr<OrdersTables> tables;
  StockBook book;
  OrderIdSet seen;
  std::unique_ptr<DecisionLedger> ledger;
  std::unique_ptr<BatchStage> stage;
  std::unique_ptr<BatchProcessor> processor;
  std::unique_ptr<stream::StreamConsumer> consumer;
};

Result<int64_t> LoadPackages(storage::ObjectStore& store, const std::string& path,
                             engine::Connection& conn, const std::string& cache_dir,
                             StockBook& book) {
  auto table = delta::DeltaTable::Open(store, path);
  if (!table && table.error().IsNotFound()) {
    return Status::NotFound("no packages table at " + store.uri() + "/" + path +
                            ": create it with `retailpipe generate reference` (or point "
                            "orders.reference_prefix at it)");
  }
  if (!table) return table.error().WithContext("while opening the packages table");
  RP_RETURN_IF_ERROR((*table)->CreateView(conn, "rp_subscriber_packages",
                                          {cache_dir, delta::ViewLifetime::kTemporary}));
  RP_ASSIGN_OR_RETURN(model::RowSet rows,
                      conn.Query("SELECT package_id, CAST(subpackage_id AS BIGINT), "
                                 "CAST(stock_quantity AS BIGINT) FROM rp_subscriber_packages"));
  for (const auto& row : rows.rows) {
    const int64_t* sub = std::get_if<int64_t>(&row[1]);
    const int64_t* stock = std::get_if<int64_t>(&row[2]);
    const std::string* id = std::get_if<std::string>(&row[0]);
    if (id == nullptr || sub == nullptr || stock == nullptr) {
      return Status::DataError("packages table " + path + " has a row with a NULL package_id, " +
                               "subpackage_id or stock_quantity");
    }
    const PackageKey key{*id, static_cast<int32_t>(*sub)};
    if (book.Find(key) != nullptr) {
      return Status::DataError("packages table " + path + " lists package " + key.Text() +
                               " twice");
    }
    book.SetInitial(key, *stock);
  }
  RP_RETURN_IF_ERROR(conn.Execute("DROP VIEW rp_subscriber_packages"));
  return static_cast<int64_t>(rows.rows.size());
}

Result<std::unique_ptr<OrdersSubscriber>> OrdersSubscriber::Make(storage::ObjectStore& store,
                                                                 const stream::Stream& stream,
                                                                 OrdersSubscriberOptions options) {
  RP_RETURN_IF_ERROR(options.Validate());
  std::string parent = options.scratch_dir.empty() ? std::filesystem::temp_directory_path().string()
                                                   : options.scratch_dir;
  RP_ASSIGN_OR_RETURN(delta::ScratchDir scratch, delta::ScratchDir::Make(parent));
  auto p = std::make_unique<Parts>(std::move(scratch));
  p->options = std::move(options);
  const OrdersSubscriberOptions& o = p->options;
  const std::string dir = p->scratch.path();
  RP_ASSIGN_OR_RETURN(p->db, engine::Database::Open(":memory:", o.engine));
  RP_ASSIGN_OR_RETURN(p->conn, engine::Connection::Open(*p->db));
  delta::TableOptions table_options{dir + "/checkpoints", o.checkpoints};
  RP_ASSIGN_OR_RETURN(p->tables,
                      OrdersTables::Open(store, o.tables, table_options, o.checkpoint_interval));
  RP_ASSIGN_OR_RETURN(const int64_t packages, LoadPackages(store, o.tables.packages_table, *p->conn,
                                                           dir + "/packages", p->book));
  p->ledger = std::make_unique<DecisionLedger>(p->tables->Get(OrdersTable::kStockMovements),
                                               *p->conn, dir + "/ledger", o.topic);
  RP_ASSIGN_OR_RETURN(const int64_t files, p->ledger->CatchUp(p->book, p->seen));
  RP_ASSIGN_OR_RETURN(p->stage, BatchStage::Make(*p->conn));
  p->processor = std::make_unique<BatchProcessor>(
      *p->tables, *p->conn, *p->stage, *p->ledger, p->book, p->seen,
      BatchIdentity{o.group_id, o.topic, dir + "/work", o.max_conflict_retries});
  RP_ASSIGN_OR_RETURN(p->consumer, stream.NewConsumer(o.group_id));
  const std::vector<std::string> topics = {o.topic};
  RP_RETURN_IF_ERROR(p->consumer->Subscribe(topics));
  log::Get("orders").info(
      "subscriber of {} in group {}: {} packages, ledger of {} files with {} orders, tables "
      "under {}/{}",
      o.topic, o.group_id, packages, files, p->seen.size(), store.uri(), o.tables.tables_prefix);
  return std::make_unique<OrdersSubscriber>(MakeKey{}, std::move(p));
}

OrdersSubscriber::OrdersSubscriber(MakeKey /*key*/, std::unique_ptr<Parts> parts)
    : parts_(std::move(parts)) {}

OrdersSubscriber::~OrdersSubscriber() = default;

std::optional<int64_t> OrdersSubscriber::Stock(const PackageKey& key) const {
  return parts_->book.Stock(key);
}

Result<SubscribeSummary> OrdersSubscriber::Run(const std::atomic<bool>& stop,
                                               const Progress& progress) {
  const OrdersSubscriberOptions& o = parts_->options;
  SubscribeSummary summary;
  const auto started = std::chrono::steady_clock::now();
  bool received = false;
  while (!stop.load()) {
    auto polled = parts_->consumer->Poll(o.poll_timeout, o.max_batch_records);
    if (!polled && polled.error().IsUnavailable()) {
      log::Get("orders").warn("{}; polling again", polled.error().ToString());
      std::this_thread::sleep_for(o.poll_timeout);  // the stream may be down: do not spin
      continue;
    }
    if (!polled) return polled.error().WithContext("while reading " + o.topic);
    const std::vector<stream::StreamRecord>& records = *polled;
    if (records.empty()) {
      if (o.once &&
          (received || std::chrono::steady_clock::now() - started >= o.once_idle_timeout)) {
        break;
      }
      continue;
    }
    received = true;
    RP_RETURN_IF_ERROR(parts_->processor->Process(records, summary));
    const std::vector<stream::PartitionOffset> next = stream::NextOffsets(records);
    Status committed = parts_->consumer->Commit(next, o.commit_timeout);
    if (committed.IsUnavailable()) {
      // The tables hold the batch; whoever reads these records again skips them by txn.
      log::Get("orders").info("{}", committed.ToString());
    } else if (!committed.ok()) {
      return committed.WithContext("while committing the offsets of " + o.topic);
    }
    KillPoint("orders.after_stream_commit");
    if (auto latency = BatchLatency(records)) summary.batch_latency_ms.push_back(*latency);
    summary.records += static_cast<int64_t>(records.size());
    ++summary.batches;
    if (progress) progress(summary);
  }
  RP_RETURN_IF_ERROR(parts_->consumer->Close());
  return summary;
}

}  // namespace retailpipe::orders
