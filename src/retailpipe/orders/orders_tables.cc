// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/orders/orders_tables.h"

#include <map>
#include <utility>

#include "retailpipe/base/log.h"
#include "retailpipe/delta/delta_sql.h"
#include "retailpipe/delta/delta_table.h"
#include "retailpipe/engine/connection.h"
#include "retailpipe/storage/object_store.h"

namespace retailpipe::orders {
namespace {

using Columns = std::vector<std::pair<std::string, std::string>>;

const Columns kStockMovements = {
    {"movement_id", "VARCHAR"},      {"order_id", "VARCHAR"},           {"item_index", "INTEGER"},
    {"package_index", "INTEGER"},    {"product_id", "VARCHAR"},         {"package_id", "VARCHAR"},
    {"subpackage_id", "INTEGER"},    {"quantity", "INTEGER"},           {"outcome", "VARCHAR"},
    {"reason", "VARCHAR"},           {"movement_timestamp", "VARCHAR"}, {"stream_topic", "VARCHAR"},
    {"stream_partition", "INTEGER"}, {"stream_offset", "BIGINT"}};

const Columns kOrdersItems = {
    {"inventory_id", "VARCHAR"},  {"order_id", "VARCHAR"},        {"product_id", "VARCHAR"},
    {"product_name", "VARCHAR"},  {"order_price", "DOUBLE"},      {"package_id", "VARCHAR"},
    {"subpackage_id", "INTEGER"}, {"items_quantity", "INTEGER"},  {"items_weight", "DOUBLE"},
    {"items_volume", "DOUBLE"},   {"order_timestamp", "VARCHAR"}, {"status", "VARCHAR"}};

const Columns kOrders = {
    {"order_id", "VARCHAR"},    {"customer_id", "VARCHAR"}, {"total_weight", "DOUBLE"},
    {"total_volume", "DOUBLE"}, {"total_price", "DOUBLE"},  {"order_timestamp", "VARCHAR"},
    {"status", "VARCHAR"},      {"lat", "DOUBLE"},          {"lon", "DOUBLE"}};

const Columns kEvents = {{"event_id", "VARCHAR"},        {"event_type", "VARCHAR"},
                         {"event_timestamp", "VARCHAR"}, {"order_id", "VARCHAR"},
                         {"inventory_id", "VARCHAR"},    {"reason", "VARCHAR"}};

const Columns kRejectedRecords = {{"stream_topic", "VARCHAR"},   {"stream_partition", "INTEGER"},
                                  {"stream_offset", "BIGINT"},   {"record_key", "VARCHAR"},
                                  {"key_encoding", "VARCHAR"},   {"record_value", "VARCHAR"},
                                  {"value_encoding", "VARCHAR"}, {"reason", "VARCHAR"},
                                  {"order_id", "VARCHAR"},       {"record_timestamp_ms", "BIGINT"}};

constexpr std::string_view kPackagesView = "packages";
constexpr std::string_view kPackageStockView = "package_stock";

std::string_view Description(OrdersTable table) {
  switch (table) {
    case OrdersTable::kStockMovements:
      return "retailpipe orders subscriber: stock decisions, one row per item package line";
    case OrdersTable::kOrdersItems:
      return "retailpipe orders subscriber: order items with their final status";
    case OrdersTable::kOrders:
      return "retailpipe orders subscriber: orders with their final status";
    case OrdersTable::kEvents:
      return "retailpipe orders subscriber: order and inventory events";
    case OrdersTable::kRejectedRecords:
      return "retailpipe orders subscriber: stream records that are not usable orders";
  }
  return "";
}

/// Create an empty view with the table's columns.
Status CreateEmptyView(engine::Connection& conn, OrdersTable table, const std::string& kind) {
  std::string cols;
  for (const auto& [name, type] : TableColumns(table)) {
    cols += (cols.empty() ? "" : ", ") + std::string("CAST(NULL AS ") + type + ") AS " +
            delta::QuoteIdentifier(name);
  }
  return conn.Execute("CREATE OR REPLACE " + kind + delta::QuoteIdentifier(TableName(table)) +
                      " AS SELECT " + cols + " LIMIT 0");
}

}  // namespace

std::string_view TableName(OrdersTable table) {
  switch (table) {
    case OrdersTable::kStockMovements:
      return "stock_movements";
    case OrdersTable::kOrdersItems:
      return "orders_items";
    case OrdersTable::kOrders:
      return "orders";
    case OrdersTable::kEvents:
      return "events";
    case OrdersTable::kRejectedRecords:
      return "rejected_records";
  }
  return "";
}

const std::vector<std::pair<std::string, std::string>>& TableColumns(OrdersTable table) {
  switch (table) {
    case OrdersTable::kStockMovements:
      return kStockMovements;
    case OrdersTable::kOrdersItems:
      return kOrdersItems;
    case OrdersTable::kOrders:
      return kOrders;
    case OrdersTable::kEvents:
      return kEvents;
    case OrdersTable::kRejectedRecords:
      return kRejectedRecords;
  }
  return kEvents;
}

std::string TablesLocation::PathOf(OrdersTable table) const {
  std::string prefix = tables_prefix;
  if (!prefix.empty() && prefix.back() != '/') prefix += '/';
  return prefix + std::string(TableName(table));
}

Status TablesLocation::Validate() const {
  if (packages_table.empty()) {
    return Status::InvalidArgument("the packages table path is empty; set orders.reference_prefix");
  }
  return Status::OK();
}

Result<std::unique_ptr<OrdersTables>> OrdersTables::Open(storage::ObjectStore& store,
                                                         const TablesLocation& where,
                                                         const delta::TableOptions& table_options,
                                                         int64_t checkpoint_interval) {
  RP_RETURN_IF_ERROR(where.Validate());
  std::array<std::unique_ptr<delta::DeltaTable>, 5> tables;
  for (OrdersTable t : kCommitOrder) {
    RP_ASSIGN_OR_RETURN(delta::DeltaSchema schema, delta::SchemaFromDuckDb(TableColumns(t)));
    delta::CreateOptions create;
    create.configuration = {{"delta.appendOnly", "true"},
                            {"delta.checkpointInterval", std::to_string(checkpoint_interval)}};
    create.name = std::string(TableName(t));
    create.description = std::string(Description(t));
    auto table = delta::DeltaTable::OpenOrCreate(store, where.PathOf(t), std::move(schema), create,
                                                 table_options);
    if (!table) return table.error().WithContext("while opening " + where.PathOf(t));
    tables[static_cast<size_t>(t)] = std::move(table).value();
  }
  return std::make_unique<OrdersTables>(std::move(tables));
}

OrdersTables::OrdersTables(std::array<std::unique_ptr<delta::DeltaTable>, 5> tables)
    : tables_(std::move(tables)) {}

OrdersTables::~OrdersTables() = default;

std::string PackageStockSql(std::string_view packages, std::string_view stock_movements) {
  return "SELECT p.package_id, p.subpackage_id, CAST(p.stock_quantity AS BIGINT) AS initial, "
         "COALESCE(m.moved, 0) AS moved, "
         "CAST(p.stock_quantity AS BIGINT) + COALESCE(m.moved, 0) AS stock_quantity FROM " +
         delta::QuoteIdentifier(packages) +
         " p LEFT JOIN (SELECT package_id, subpackage_id, CAST(sum(quantity) AS BIGINT) AS moved "
         "FROM " +
         delta::QuoteIdentifier(stock_movements) +
         " GROUP BY package_id, subpackage_id) m ON m.package_id = p.package_id AND "
         "m.subpackage_id = p.subpackage_id";
}

Status CreateOrdersViews(engine::Connection& conn, storage::ObjectStore& store,
                         const TablesLocation& where, const delta::ViewOptions& view_options) {
  const std::string kind =
      view_options.lifetime == delta::ViewLifetime::kTemporary ? "TEMP VIEW " : "VIEW ";
  for (OrdersTable t : kCommitOrder) {
    auto table = delta::DeltaTable::Open(store, where.PathOf(t));
    if (!table && table.error().IsNotFound()) {
      RP_RETURN_IF_ERROR(CreateEmptyView(conn, t, kind));
      continue;
    }
    if (!table) return table.error();
    RP_RETURN_IF_ERROR((*table)->CreateView(conn, TableName(t), view_options));
  }
  auto packages = delta::DeltaTable::Open(store, where.packages_table);
  if (!packages && packages.error().IsNotFound()) {
    log::Get("orders").info("no packages table at {}/{}: views {} and {} not created", store.uri(),
                            where.packages_table, kPackagesView, kPackageStockView);
    return Status::OK();
  }
  if (!packages) return packages.error();
  RP_RETURN_IF_ERROR((*packages)->CreateView(conn, kPackagesView, view_options));
  return conn.Execute("CREATE OR REPLACE " + kind + delta::QuoteIdentifier(kPackageStockView) +
                      " AS " +
                      PackageStockSql(kPackagesView, TableName(OrdersTable::kStockMovements)));
}

}  // namespace retailpipe::orders
