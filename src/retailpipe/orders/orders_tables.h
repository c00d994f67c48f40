// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/delta/fwd.h"
#include "retailpipe/engine/fwd.h"
#include "retailpipe/storage/fwd.h"

namespace retailpipe::orders {

/// The Delta tables the subscriber writes, all append-only (delta.appendOnly=true), so a
/// streaming reader can follow each of them (no "data update not supported", §1.4 bug 4).
enum class OrdersTable {
  /// The decision ledger: one row per (item, package line), committed first for a batch.
  kStockMovements,
  kOrdersItems,
  kOrders,
  kEvents,
  /// Records that are not usable orders, with their raw bytes and the reason.
  kRejectedRecords,
};

/// Every table, in the order a batch commits them: the ledger first.
inline constexpr std::array<OrdersTable, 5> kCommitOrder = {
    OrdersTable::kStockMovements, OrdersTable::kOrdersItems, OrdersTable::kOrders,
    OrdersTable::kEvents, OrdersTable::kRejectedRecords};

/// Return the table's name ("stock_movements", "orders_items", "orders", "events",
/// "rejected_records"), which is also its folder under the prefix and its view name.
std::string_view TableName(OrdersTable table);

/// Return the table's columns in order: (name, DuckDB type name). See order_rows.h for what
/// each holds.
const std::vector<std::pair<std::string, std::string>>& TableColumns(OrdersTable table);

/// Where the tables live in the store.
struct TablesLocation {
  /// Key prefix of the subscriber's tables; each is <prefix><table name>.
  std::string tables_prefix = "orders/delta/bronze/";
  /// Key prefix of the packages reference table (Delta; columns package_id, subpackage_id,
  /// stock_quantity).
  std::string packages_table = "orders/gold/packages";

  /// Return the key prefix of `table`.
  std::string PathOf(OrdersTable table) const;
  /// Errors: kInvalidArgument for an empty packages_table.
  Status Validate() const;
};

/// The five tables of one subscriber, opened (created when missing) together.
///
/// Owns the DeltaTable objects; holds a reference to the store, which must outlive it. Not
/// thread-safe.
class OrdersTables {
 public:
  /// Open every table, creating the missing ones append-only with
  /// delta.checkpointInterval = `checkpoint_interval`. Errors: kFailedPrecondition for a
  /// table that exists with other columns; those of DeltaTable::OpenOrCreate().
  static Result<std::unique_ptr<OrdersTables>> Open(storage::ObjectStore& store,
                                                    const TablesLocation& where,
                                                    const delta::TableOptions& table_options,
                                                    int64_t checkpoint_interval);

  explicit OrdersTables(std::array<std::unique_ptr<delta::DeltaTable>, 5> tables);
  OrdersTables(const OrdersTables&) = delete;
  OrdersTables& operator=(const OrdersTables&) = delete;
  ~OrdersTables();

  delta::DeltaTable& Get(OrdersTable table) { return *tables_[static_cast<size_t>(table)]; }

 private:
  std::array<std::unique_ptr<delta::DeltaTable>, 5> tables_;
};

/// Create (or replace) DuckDB views on `conn` named after the five tables, plus `packages`
/// (the reference table) and `package_stock` (package_id, subpackage_id, initial, moved,
/// stock_quantity = initial + moved, where moved is the sum of the ledger's quantities), so
/// `retailpipe sql` can query them by name. A table not created yet gets an empty view with
/// its columns; without a packages table, `packages` and `package_stock` are not created
/// (logged). Views see the tables as of this call. Errors: those of CreateDeltaView().
Status CreateOrdersViews(engine::Connection& conn, storage::ObjectStore& store,
                         const TablesLocation& where, const delta::ViewOptions& view_options);

/// Return the SELECT behind the package_stock view, over the views (or tables) named
/// `packages` and `stock_movements`.
std::string PackageStockSql(std::string_view packages, std::string_view stock_movements);

}  // namespace retailpipe::orders
