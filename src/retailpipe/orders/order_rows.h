// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/orders/fwd.h"
#include "retailpipe/stream/fwd.h"

// The rows the subscriber writes, one struct per table (columns in table order, see
// orders_tables.h), built from a payload and its item decisions. Every derived value is a
// pure function of the payload, the decisions and the record's position, so a replay
// builds the same rows byte for byte: derived events and movements carry the order's
// order_timestamp, not the processing time.

namespace retailpipe::orders {

/// The stream record a row comes from; tables filter replayed rows by it.
struct RecordRef {
  int32_t partition = -1;
  int64_t offset = -1;
};

/// stock_movements: the decision ledger, one row per (item, package line) of every order.
struct MovementRow {
  RecordRef from;
  std::string movement_id;  ///< = the orders_items inventory_id
  std::string order_id;
  int32_t item_index = 0;
  int32_t package_index = 0;
  std::string product_id;
  std::string package_id;
  int32_t subpackage_id = 0;
  int32_t quantity = 0;  ///< -items_quantity when applied, 0 when refused
  std::string outcome;   ///< "APPLIED" | "REFUSED"
  std::optional<std::string> reason;
  std::string movement_timestamp;  ///< the order's order_timestamp
  std::string stream_topic;
};

/// orders_items (seeds.md §1.3 columns) with the final status.
struct OrderItemRow {
  RecordRef from;
  std::string inventory_id;
  std::string order_id;
  std::string product_id;
  std::string product_name;
  double order_price = 0;
  std::string package_id;
  int32_t subpackage_id = 0;
  int32_t items_quantity = 0;  ///< item quantity x package quantity
  double items_weight = 0;     ///< items_quantity x package weight
  double items_volume = 0;     ///< items_quantity x package volume
  std::string order_timestamp;
  std::string status;  ///< "PROCESSING" (applied) | "INTERRUPTED" (refused)
};

/// orders (seeds.md §1.3 columns) with the final status.
struct OrderRow {
  RecordRef from;
  std::string order_id;
  std::string customer_id;
  double total_weight = 0;
  double total_volume = 0;
  double total_price = 0;  ///< order_details.total_amount
  std::string order_timestamp;
  std::string status;  ///< "PROCESSING" if every item was applied, else "INTERRUPTED"
  double lat = 0;
  double lon = 0;
};

/// events: ORDER_CREATED from the payload, then one INVENTORY_UPDATED or INVENTORY_REFUSED
/// per item.
struct EventRow {
  RecordRef from;
  std::string event_id;
  std::string event_type;
  std::string event_timestamp;  ///< "YYYY-MM-DD HH:MM:SS" text in every row (§1.4 bug 5)
  std::string order_id;
  /// Derived events: the inventory_id of the item's first package line, which stands for
  /// the item (a refusal's reason names the package that was short). Null for ORDER_CREATED.
  std::optional<std::string> inventory_id;
  std::optional<std::string> reason;  ///< INVENTORY_REFUSED only
};

/// rejected_records: a record that is not a usable order, kept with its raw bytes.
struct RejectedRow {
  RecordRef from;
  std::string stream_topic;
  std::string record_key;
  std::string key_encoding;  ///< "utf-8", or "hex" for bytes that are not NUL-free UTF-8
  std::string record_value;
  std::string value_encoding;  ///< as key_encoding
  std::string reason;
  std::optional<std::string> order_id;  ///< when the payload had a readable one
  int64_t record_timestamp_ms = -1;     ///< the record's timestamp; -1 when unknown
};

/// The rows of one batch for every table, in record order.
struct BatchRows {
  std::vector<MovementRow> movements;
  std::vector<OrderItemRow> items;
  std::vector<OrderRow> orders;
  std::vector<EventRow> events;
  std::vector<RejectedRow> rejected;
};

/// Event types and statuses the subscriber writes.
inline constexpr std::string_view kOrderCreated = "ORDER_CREATED";
inline constexpr std::string_view kInventoryUpdated = "INVENTORY_UPDATED";
inline constexpr std::string_view kInventoryRefused = "INVENTORY_REFUSED";
inline constexpr std::string_view kOutcomeApplied = "APPLIED";
inline constexpr std::string_view kOutcomeRefused = "REFUSED";
inline constexpr std::string_view kStatusProcessing = "PROCESSING";
inline constexpr std::string_view kStatusInterrupted = "INTERRUPTED";

/// Add the rows of the accepted order `order`, read from `topic` at `from`, to `rows`.
/// REQUIRES: decisions.size() == order.items.size().
void AddOrderRows(const OrderPayload& order, std::span<const ItemDecision> decisions,
                  std::string_view topic, const RecordRef& from, BatchRows& rows);

/// Add a rejected_records row for `record`, with `reason` and the order_id if known.
void AddRejectedRow(const stream::StreamRecord& record, std::string_view reason,
                    std::optional<std::string> order_id, BatchRows& rows);

/// Return `bytes` as text a string column can hold, and its encoding: itself ("utf-8") when
/// it is UTF-8 without NUL bytes, else lower-case hex ("hex").
std::pair<std::string, std::string> EncodeBytes(std::string_view bytes);

}  // namespace retailpipe::orders
