// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/orders/batch_stage.h"

#include <span>
#include <vector>

#include "retailpipe/delta/delta_sql.h"
#include "retailpipe/engine/appender.h"
#include "retailpipe/engine/connection.h"
#include "retailpipe/model/row_set.h"
#include "retailpipe/orders/order_rows.h"
#include "retailpipe/orders/orders_tables.h"

namespace retailpipe::orders {
namespace {

using model::Value;
using Values = std::vector<Value>;

std::string StageName(OrdersTable table) { return "rp_stage_" + std::string(TableName(table)); }

Value Text(const std::string& s) { return Value(s); }
Value Text(const std::optional<std::string>& s) { return s ? Value(*s) : Value(); }
Value Int(int64_t v) { return Value(v); }

/// The staging columns after the table's own.
void AddSource(Values& v, const RecordRef& from, int64_t seq) {
  v.push_back(Int(from.partition));
  v.push_back(Int(from.offset));
  v.push_back(Int(seq));
}

Values Row(const MovementRow& r) {
  return {
      Text(r.movement_id),   Text(r.order_id),   Int(r.item_index),          Int(r.package_index),
      Text(r.product_id),    Text(r.package_id), Int(r.subpackage_id),       Int(r.quantity),
      Text(r.outcome),       Text(r.reason),     Text(r.movement_timestamp), Text(r.stream_topic),
      Int(r.from.partition), Int(r.from.offset)};
}

Values Row(const OrderItemRow& r) {
  return {Text(r.inventory_id),  Text(r.order_id),        Text(r.product_id),
          Text(r.product_name),  Value(r.order_price),    Text(r.package_id),
          Int(r.subpackage_id),  Int(r.items_quantity),   Value(r.items_weight),
          Value(r.items_volume), Text(r.order_timestamp), Text(r.status)};
}

Values Row(const OrderRow& r) {
  return {Text(r.order_id),      Text(r.customer_id),  Value(r.total_weight),
          Value(r.total_volume), Value(r.total_price), Text(r.order_timestamp),
          Text(r.status),        Value(r.lat),         Value(r.lon)};
}

Values Row(const EventRow& r) {
  return {Text(r.event_id), Text(r.event_type),   Text(r.event_timestamp),
          Text(r.order_id), Text(r.inventory_id), Text(r.reason)};
}

Values Row(const RejectedRow& r) {
  return {Text(r.stream_topic),      Int(r.from.partition), Int(r.from.offset),
          Text(r.record_key),        Text(r.key_encoding),  Text(r.record_value),
          Text(r.value_encoding),    Text(r.reason),        Text(r.order_id),
          Int(r.record_timestamp_ms)};
}

template <typename RowT>
Status LoadTable(engine::Connection& conn, OrdersTable table, const std::vector<RowT>& rows) {
  RP_RETURN_IF_ERROR(conn.Execute("DELETE FROM " + StageName(table)));
  if (rows.empty()) return Status::OK();
  RP_ASSIGN_OR_RETURN(auto appender, engine::Appender::Open(conn, StageName(table)));
  int64_t seq = 0;
  for (const RowT& r : rows) {
    Values v = Row(r);
    AddSource(v, r.from, seq++);
    RP_RETURN_IF_ERROR(appender->AppendRow(v));
  }
  return appender->Close();
}

}  // namespace

Result<std::unique_ptr<BatchStage>> BatchStage::Make(engine::Connection& conn) {
  for (OrdersTable t : kCommitOrder) {
    std::string cols;
    for (const auto& [name, type] : TableColumns(t)) {
      cols += delta::QuoteIdentifier(name) + " " + type + ", ";
    }
    RP_RETURN_IF_ERROR(conn.Execute("CREATE OR REPLACE TEMP TABLE " + StageName(t) + " (" + cols +
                                    "rp_partition INTEGER, rp_offset BIGINT, rp_seq BIGINT)"));
  }
  return std::make_unique<BatchStage>(conn);
}

Status BatchStage::Load(const BatchRows& rows) {
  RP_RETURN_IF_ERROR(LoadTable(conn_, OrdersTable::kStockMovements, rows.movements));
  RP_RETURN_IF_ERROR(LoadTable(conn_, OrdersTable::kOrdersItems, rows.items));
  RP_RETURN_IF_ERROR(LoadTable(conn_, OrdersTable::kOrders, rows.orders));
  RP_RETURN_IF_ERROR(LoadTable(conn_, OrdersTable::kEvents, rows.events));
  return LoadTable(conn_, OrdersTable::kRejectedRecords, rows.rejected);
}

std::string BatchStage::Select(OrdersTable table, const OffsetFloors& floors) const {
  std::string cols;
  for (const auto& [name, type] : TableColumns(table)) {
    cols += (cols.empty() ? "" : ", ") + delta::QuoteIdentifier(name);
  }
  std::string where;
  for (const auto& [partition, floor] : floors) {
    where += (where.empty() ? "" : " OR ") + std::string("(rp_partition = ") +
             std::to_string(partition) + " AND rp_offset >= " + std::to_string(floor) + ")";
  }
  if (where.empty()) where = "false";
  return "SELECT " + cols + " FROM " + StageName(table) + " WHERE " + where +
         " ORDER BY rp_partition, rp_offset, rp_seq";
}

}  // namespace retailpipe::orders
