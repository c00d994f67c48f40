// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/orders/order_rows.h"

#include <utility>

#include <simdjson.h>

#include "retailpipe/base/check.h"
#include "retailpipe/orders/order_ids.h"
#include "retailpipe/orders/order_payload.h"
#include "retailpipe/orders/stock_book.h"
#include "retailpipe/stream/stream_record.h"

namespace retailpipe::orders {
namespace {

void AddItemRows(const OrderPayload& order, uint32_t item_index, const ItemDecision& decision,
                 std::string_view topic, const RecordRef& from, BatchRows& rows) {
  const PayloadItem& item = order.items[item_index];
  const bool applied = decision.outcome == ItemOutcome::kApplied;
  std::string first_id;
  for (uint32_t p = 0; p < item.packages.size(); ++p) {
    const PayloadPackage& package = item.packages[p];
    const int32_t items_quantity = item.quantity * package.quantity;  // checked by the parser
    std::string inventory_id = InventoryId(order.order_id, item_index, p);
    if (p == 0) first_id = inventory_id;
    rows.movements.push_back(
        MovementRow{.from = from,
                    .movement_id = inventory_id,
                    .order_id = order.order_id,
                    .item_index = static_cast<int32_t>(item_index),
                    .package_index = static_cast<int32_t>(p),
                    .product_id = item.product_id,
                    .package_id = package.package_id,
                    .subpackage_id = package.subpackage_id,
                    .quantity = applied ? -items_quantity : 0,
                    .outcome = std::string(applied ? kOutcomeApplied : kOutcomeRefused),
                    .reason = applied ? std::nullopt : std::optional<std::string>(decision.reason),
                    .movement_timestamp = order.order_timestamp,
                    .stream_topic = std::string(topic)});
    rows.items.push_back(
        OrderItemRow{.from = from,
                     .inventory_id = std::move(inventory_id),
                     .order_id = order.order_id,
                     .product_id = item.product_id,
                     .product_name = item.product_name,
                     .order_price = item.price,
                     .package_id = package.package_id,
                     .subpackage_id = package.subpackage_id,
                     .items_quantity = items_quantity,
                     .items_weight = items_quantity * package.weight,
                     .items_volume = items_quantity * package.volume,
                     .order_timestamp = order.order_timestamp,
                     .status = std::string(applied ? kStatusProcessing : kStatusInterrupted)});
  }
  const std::string_view type = applied ? kInventoryUpdated : kInventoryRefused;
  rows.events.push_back(
      EventRow{.from = from,
               .event_id = DerivedEventId(order.order_id, item_index, type),
               .event_type = std::string(type),
               .event_timestamp = order.order_timestamp,
               .order_id = order.order_id,
               .inventory_id = std::move(first_id),
               .reason = applied ? std::nullopt : std::optional<std::string>(decision.reason)});
}

}  // namespace

void AddOrderRows(const OrderPayload& order, std::span<const ItemDecision> decisions,
                  std::string_view topic, const RecordRef& from, BatchRows& rows) {
  RP_CHECK(decisions.size() == order.items.size());
  bool all_applied = true;
  for (const ItemDecision& d : decisions) all_applied &= d.outcome == ItemOutcome::kApplied;
  rows.orders.push_back(
      OrderRow{.from = from,
               .order_id = order.order_id,
               .customer_id = order.customer_id,
               .total_weight = order.total_weight,
               .total_volume = order.total_volume,
               .total_price = order.total_amount,
               .order_timestamp = order.order_timestamp,
               .status = std::string(all_applied ? kStatusProcessing : kStatusInterrupted),
               .lat = order.lat,
               .lon = order.lon});
  rows.events.push_back(EventRow{.from = from,
                                 .event_id = order.event_id,
                                 .event_type = order.event_type,
                                 .event_timestamp = order.event_timestamp,
                                 .order_id = order.order_id,
                                 .inventory_id = std::nullopt,
                                 .reason = std::nullopt});
  for (uint32_t i = 0; i < order.items.size(); ++i) {
    AddItemRows(order, i, decisions[i], topic, from, rows);
  }
}

void AddRejectedRow(const stream::StreamRecord& record, std::string_view reason,
                    std::optional<std::string> order_id, BatchRows& rows) {
  auto [key, key_encoding] = EncodeBytes(record.key);
  auto [value, value_encoding] = EncodeBytes(record.value);
  rows.rejected.push_back(RejectedRow{.from = {record.partition, record.offset},
                                      .stream_topic = record.topic,
                                      .record_key = std::move(key),
                                      .key_encoding = std::move(key_encoding),
                                      .record_value = std::move(value),
                                      .value_encoding = std::move(value_encoding),
                                      .reason = std::string(reason),
                                      .order_id = std::move(order_id),
                                      .record_timestamp_ms = record.timestamp_ms});
}

std::pair<std::string, std::string> EncodeBytes(std::string_view bytes) {
  if (bytes.find('\0') == std::string_view::npos &&
      simdjson::validate_utf8(bytes.data(), bytes.size())) {
    return {std::string(bytes), "utf-8"};
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    hex += kHex[c >> 4];
    hex += kHex[c & 0xF];
  }
  return {std::move(hex), "hex"};
}

}  // namespace retailpipe::orders
