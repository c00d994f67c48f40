// SPDX-License-Identifier: Apache-2.0
// For tests only: compiled into the orders test binaries, never into retailpipe::orders.
// Builds the inputs of a subscriber (reference tables, a packages Delta table, a local log with
// published payloads) and an expectation of its tables computed independently of the module:
// a plain sequential re-implementation of the stock rules over gen::Order values, with the
// ids hashed here from their documented byte layout.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/engine/connection.h"
#include "retailpipe/engine/database.h"
#include "retailpipe/gen/order_generator.h"
#include "retailpipe/model/row_set.h"
#include "retailpipe/orders/orders_subscriber.h"
#include "retailpipe/storage/object_store.h"
#include "retailpipe/stream/stream.h"

namespace retailpipe::orders::testing {

/// Small reference tables: `package_ids` package ids (some with two subpackages), every
/// package starting with `initial_stock`.
std::shared_ptr<const gen::ReferenceTables> SmallReference(int64_t package_ids,
                                                           int32_t initial_stock,
                                                           uint64_t seed = 7);

/// Return `n` generated orders (the generator keeps the pointers they hold alive).
struct GeneratedOrders {
  std::unique_ptr<gen::OrderGenerator> generator;
  std::vector<gen::Order> orders;
};
GeneratedOrders Generate(std::shared_ptr<const gen::ReferenceTables> tables, int n,
                         uint64_t seed = 11);

/// Return an in-memory DuckDB with one connection (2 threads).
struct Engine {
  std::unique_ptr<engine::Database> db;
  std::unique_ptr<engine::Connection> conn;
};
Engine OpenEngine();

/// Create the packages table (package_id, subpackage_id, name, stock_quantity) at `path`.
void CreatePackagesTable(storage::ObjectStore& store, const std::string& path,
                         const std::vector<gen::Package>& packages, engine::Connection& conn);

/// One record as published: the payload, its key, and the order it renders (null for a
/// payload that is not an order).
struct Published {
  std::string key;
  std::string value;
  const gen::Order* order = nullptr;
};

/// Produce `records` to `topic` in order and flush.
void Publish(const stream::Stream& stream, const std::string& topic,
             const std::vector<Published>& records);

/// Return every row of the Delta table at `path` as text ("a|b|NULL"), sorted, with the
/// columns of `select` (a select list over the table, e.g. "*") and `tail` after FROM (e.g.
/// "GROUP BY ALL").
std::vector<std::string> TableRows(storage::ObjectStore& store, const std::string& path,
                                   engine::Connection& conn, const std::string& cache_dir,
                                   const std::string& select = "*", const std::string& tail = "");

/// Return the rows of `rows` as TableRows() does.
std::vector<std::string> RowTexts(const model::RowSet& rows);

/// The tables an uninterrupted subscriber must write for records read in the order given.
struct Expected {
  std::vector<std::string> stock_movements, orders_items, orders, events;
  /// rejected_records without record_timestamp_ms.
  std::vector<std::string> rejected;
  std::map<std::pair<std::string, int32_t>, int64_t> final_stock;
  int64_t applied = 0, refused = 0, orders_accepted = 0, rejected_count = 0;
};

/// One record as a subscriber reads it: the published record and where it landed.
struct ReadRecord {
  const Published* published = nullptr;
  int32_t partition = 0;
  int64_t offset = 0;
};

/// Compute the expected tables for `records` decided in this order against `packages`.
/// `reject_reason` gives the reason of each payload that is not an order (by offset).
Expected Simulate(const std::vector<ReadRecord>& records, const std::vector<gen::Package>& packages,
                  const std::string& topic, const std::map<int64_t, std::string>& reject_reasons);

/// The select list of rejected_records without its timestamp column.
inline constexpr const char* kRejectedColumns =
    "stream_topic, stream_partition, stream_offset, record_key, key_encoding, record_value, "
    "value_encoding, reason, order_id";

/// Subscriber options for tests: `once`, short timeouts, scratch under `scratch`.
OrdersSubscriberOptions TestOptions(const std::string& scratch, size_t batch_records);

}  // namespace retailpipe::orders::testing
