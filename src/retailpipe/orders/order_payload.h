// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"

namespace retailpipe::orders {

/// One package line of an item (seeds.md §0.6 `packages[]`): `quantity` packages of this kind
/// per unit of the item.
struct PayloadPackage {
  std::string package_id;
  int32_t subpackage_id = 0;
  int32_t quantity = 0;  ///< 1..kMaxQuantity
  double weight = 0;     ///< Per package, >= 0.
  double volume = 0;     ///< Per package, >= 0.
};

/// One line item of an order (`order_details.items[]`).
struct PayloadItem {
  std::string product_id;
  std::string product_name;
  double price = 0;      ///< Per unit, >= 0.
  int32_t quantity = 0;  ///< Units, 1..kMaxQuantity.
  /// Never empty.
  std::vector<PayloadPackage> packages;
};

/// The fields of an ORDER_CREATED payload the subscriber uses (seeds.md §0.6); the others
/// (order_date, status, the rest of destination_address, payment_details) are not read.
struct OrderPayload {
  std::string event_id;
  std::string event_type;       ///< Always "ORDER_CREATED".
  std::string event_timestamp;  ///< "YYYY-MM-DD HH:MM:SS"
  std::string order_id;
  std::string customer_id;
  std::string order_timestamp;  ///< "YYYY-MM-DD HH:MM:SS"
  double total_amount = 0;
  double total_volume = 0;
  double total_weight = 0;
  double lat = 0;  ///< destination_address.lat
  double lon = 0;  ///< destination_address.lon
  /// Never empty.
  std::vector<PayloadItem> items;
};

/// Largest item quantity and package quantity accepted; their product must fit an int32.
inline constexpr int32_t kMaxQuantity = 1'000'000;

/// Parses order payloads (JSON text) into OrderPayload, checking every field the subscriber
/// relies on, so that a bad record is rejected with a reason instead of stopping the stream.
///
/// Owns a reusable parse buffer. Not thread-safe: one parser per thread.
class OrderPayloadParser {
 public:
  OrderPayloadParser();
  OrderPayloadParser(const OrderPayloadParser&) = delete;
  OrderPayloadParser& operator=(const OrderPayloadParser&) = delete;
  ~OrderPayloadParser();

  /// Parse one payload. Errors: kDataError whose message is the rejection reason, one of
  /// "not valid JSON (...)", "the payload is not a JSON object", "missing field <path>",
  /// "field <path> is null", "field <path> is not a string|an integer|a number|an
  /// object|an array", "field <path> is empty", "field <path> is not a timestamp
  /// YYYY-MM-DD HH:MM:SS", "field <path> is out of range (<range>)", "field event_type is
  /// \"X\", not ORDER_CREATED", "items_quantity of <path> is out of range (<range>)".
  /// Paths look like "order_details.items[2].packages[0].quantity".
  Result<OrderPayload> Parse(std::string_view json);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Return true if `s` is "YYYY-MM-DD HH:MM:SS" with month 01-12, day 01-31, hour 00-23,
/// minutes and seconds 00-59.
bool IsPayloadTimestamp(std::string_view s);

}  // namespace retailpipe::orders
