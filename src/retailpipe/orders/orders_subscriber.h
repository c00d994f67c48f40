// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/config/options.h"
#include "retailpipe/delta/delta_table.h"
#include "retailpipe/engine/fwd.h"
#include "retailpipe/orders/decision_ledger.h"
#include "retailpipe/orders/orders_tables.h"
#include "retailpipe/orders/stock_book.h"
#include "retailpipe/orders/subscribe_summary.h"
#include "retailpipe/storage/fwd.h"
#include "retailpipe/stream/fwd.h"

namespace retailpipe::orders {

/// Options of OrdersSubscriber (the library behind `retailpipe subscribe orders`).
struct OrdersSubscriberOptions {
  /// Where the tables and the packages reference table are.
  TablesLocation tables;
  /// Consumer group; every subscriber process of one pipeline shares it (and its tables).
  std::string group_id = "retailpipe-orders";
  std::string topic = "orders";
  /// Most records per batch (one commit per table per batch).
  size_t max_batch_records = 5000;
  /// How long one Poll() waits for records; also how often the stop flag is looked at.
  std::chrono::milliseconds poll_timeout{500};
  /// Drain and return: stop at the first empty poll after records arrived, or once no record
  /// arrived for once_idle_timeout (to let a consumer group assign partitions first).
  bool once = false;
  std::chrono::milliseconds once_idle_timeout{10'000};
  /// Parent of the local scratch folder (Parquet before upload, downloaded ledger files),
  /// which is removed when the subscriber is destroyed; empty for the system temp folder.
  std::string scratch_dir;
  /// Checkpoints of the tables, and the delta.checkpointInterval of tables created.
  delta::Checkpoints checkpoints = delta::Checkpoints::kAuto;
  int64_t checkpoint_interval = 10;
  /// How many times a batch is decided again after losing the ledger commit.
  int max_conflict_retries = 100;
  /// How long the stream offset commit may wait for the broker.
  std::chrono::milliseconds commit_timeout{10'000};
  /// The subscriber's own DuckDB (in memory): staging rows and reading the ledger.
  config::EngineOptions engine{
      .memory_limit_bytes = uint64_t{1} << 30, .threads = 2, .temp_dir = ""};

  /// Errors: kInvalidArgument naming the first bad field.
  Status Validate() const;
};

/// Consumes ORDER_CREATED payloads (seeds.md §0.6) from a stream as a member of a consumer
/// group and writes, exactly once, the Delta tables stock_movements (the decision ledger),
/// orders_items, orders, events and rejected_records under one ObjectStore (see
/// orders_tables.h, order_rows.h, BatchProcessor).
///
/// Stock: packages.stock_quantity + Σ stock_movements.quantity, held in memory; at start-up
/// the packages table (read once: restocking while running is not supported) and the whole
/// ledger are loaded, afterwards only other subscribers' new ledger files. Each item is
/// applied (stock taken, INVENTORY_UPDATED, status PROCESSING) only if all its packages have
/// the stock, else refused (INTERRUPTED, INVENTORY_REFUSED with the reason); stock never goes
/// below zero. An order is PROCESSING when every item was applied, else INTERRUPTED.
/// Records that are not valid orders, and a second record of an order_id the ledger already
/// holds, go to rejected_records with the reason; the stream never stops on them.
///
/// Several subscribers (processes or threads, each with its own object) may share the group
/// and the tables. Owns its consumer, engine, tables and scratch folder; holds a reference to
/// the store, which must outlive it. Not thread-safe.
class OrdersSubscriber {
 public:
  /// Called after each committed batch with the running totals.
  using Progress = std::function<void(const SubscribeSummary&)>;

  /// Open (creating when missing) the tables, load the packages table and the ledger, and
  /// join the consumer group of `stream`. Errors: kInvalidArgument for bad options;
  /// kNotFound if the packages table does not exist; those of OrdersTables::Open(),
  /// Stream::NewConsumer(), StreamConsumer::Subscribe(), storage and engine errors.
  static Result<std::unique_ptr<OrdersSubscriber>> Make(storage::ObjectStore& store,
                                                        const stream::Stream& stream,
                                                        OrdersSubscriberOptions options);

  ~OrdersSubscriber();
  OrdersSubscriber(const OrdersSubscriber&) = delete;
  OrdersSubscriber& operator=(const OrdersSubscriber&) = delete;

  /// Poll, write and commit batches until `stop` is true (it may be set from another thread
  /// or a signal handler) or, with `once`, the stream is drained. Returns the totals.
  /// Errors: those of BatchProcessor::Process() and StreamConsumer::Poll() (kUnavailable
  /// from Poll() is retried; a Commit() refused because of a rebalance is logged, its
  /// records being deduplicated when read again). After an error the tables may hold part
  /// of a batch: a new subscriber completes it.
  Result<SubscribeSummary> Run(const std::atomic<bool>& stop, const Progress& progress = {});

  /// Return the stock of `key` as this subscriber knows it (for tests and logs), nullopt for
  /// an unknown package.
  std::optional<int64_t> Stock(const PackageKey& key) const;

 private:
  struct Parts;
  // Lets Make() use std::make_unique while the constructor stays Make()'s alone.
  struct MakeKey {
    explicit MakeKey() = default;
  };

 public:
  /// Use Make().
  OrdersSubscriber(MakeKey key, std::unique_ptr<Parts> parts);

 private:
  std::unique_ptr<Parts> parts_;
};

/// Load the packages table at `path` of `store` (columns package_id, subpackage_id,
/// stock_quantity) into `book` as initial stock, through `conn`; files of stores DuckDB cannot
/// read in place are downloaded into `cache_dir`. Returns the number of packages.
/// Errors: kNotFound naming the table and the fix when it does not exist; kDataError for a
/// repeated package; engine and storage errors.
Result<int64_t> LoadPackages(storage::ObjectStore& store, const std::string& path,
                             engine::Connection& conn, const std::string& cache_dir,
                             StockBook& book);

}  // namespace retailpipe::orders
