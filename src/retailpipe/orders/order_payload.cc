// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/orders/order_payload.h"

#include <cmath>
#include <limits>
#include <utility>

#include <simdjson.h>

namespace retailpipe::orders {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

/// The path of a field inside the payload, built only when an error names it.
struct Path {
  const Path* parent = nullptr;
  std::string_view key;
  int64_t index = -1;  // >= 0: an array element of `parent`

  std::string Text() const {
    std::string prefix = parent ? parent->Text() : "";
    if (index >= 0) return prefix + "[" + std::to_string(index) + "]";
    return prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
  }
  Path Child(std::string_view k) const { return Path{this, k, -1}; }
  Path At(size_t i) const { return Path{this, {}, static_cast<int64_t>(i)}; }
};

Status Bad(const Path& path, std::string_view what) {
  return Status::DataError("field " + path.Text() + " " + std::string(what));
}

/// Return the member `path.key` of `o`. Errors: missing or null.
Result<element> Member(const object& o, const Path& path) {
  element e;
  if (o.at_key(path.key).get(e) != simdjson::SUCCESS) {
    return Status::DataError("missing field " + path.Text());
  }
  if (e.is_null()) return Bad(path, "is null");
  return e;
}

Result<std::string> String(const object& o, const Path& path) {
  RP_ASSIGN_OR_RETURN(element e, Member(o, path));
  std::string_view s;
  if (e.get_string().get(s) != simdjson::SUCCESS) return Bad(path, "is not a string");
  return std::string(s);
}

Result<std::string> NonEmptyString(const object& o, const Path& path) {
  RP_ASSIGN_OR_RETURN(std::string s, String(o, path));
  if (s.empty()) return Bad(path, "is empty");
  return s;
}

Result<std::string> Timestamp(const object& o, const Path& path) {
  RP_ASSIGN_OR_RETURN(std::string s, String(o, path));
  if (!IsPayloadTimestamp(s)) return Bad(path, "is not a timestamp YYYY-MM-DD HH:MM:SS");
  return s;
}

Result<int64_t> Integer(const object& o, const Path& path, int64_t lo, int64_t hi) {
  RP_ASSIGN_OR_RETURN(element e, Member(o, path));
  int64_t v = 0;
  if (e.get_int64().get(v) != simdjson::SUCCESS) {
    // A whole double such as 3.0 is not accepted: quantities are integers in the seed schema.
    return Bad(path, "is not an integer");
  }
  if (v < lo || v > hi) {
    return Bad(path, "is out of range (" + std::to_string(lo) + ".." + std::to_string(hi) + ")");
  }
  return v;
}

Result<double> Number(const object& o, const Path& path, double min) {
  RP_ASSIGN_OR_RETURN(element e, Member(o, path));
  double v = 0;
  if (e.get_double().get(v) != simdjson::SUCCESS) return Bad(path, "is not a number");
  if (!std::isfinite(v) || v < min) {
    return Bad(path, min > -std::numeric_limits<double>::max() ? "is out of range (>= 0)"
                                                               : "is out of range");
  }
  return v;
}

Result<double> AnyNumber(const object& o, const Path& path) {
  return Number(o, path, -std::numeric_limits<double>::max());
}

Result<object> Object(const object& o, const Path& path) {
  RP_ASSIGN_OR_RETURN(element e, Member(o, path));
  object v;
  if (e.get_object().get(v) != simdjson::SUCCESS) return Bad(path, "is not an object");
  return v;
}

Result<array> NonEmptyArray(const object& o, const Path& path) {
  RP_ASSIGN_OR_RETURN(element e, Member(o, path));
  array v;
  if (e.get_array().get(v) != simdjson::SUCCESS) return Bad(path, "is not an array");
  if (v.size() == 0) return Bad(path, "is empty");
  return v;
}

Result<object> ElementObject(element e, const Path& path) {
  object v;
  if (e.is_null()) return Bad(path, "is null");
  if (e.get_object().get(v) != simdjson::SUCCESS) return Bad(path, "is not an object");
  return v;
}

Result<PayloadPackage> ParsePackage(const object& o, const Path& path, int32_t item_quantity) {
  PayloadPackage p;
  RP_ASSIGN_OR_RETURN(p.package_id, NonEmptyString(o, path.Child("package_id")));
  RP_ASSIGN_OR_RETURN(
      int64_t sub, Integer(o, path.Child("subpackage_id"), 0, std::numeric_limits<int32_t>::max()));
  p.subpackage_id = static_cast<int32_t>(sub);
  RP_ASSIGN_OR_RETURN(int64_t quantity, Integer(o, path.Child("quantity"), 1, kMaxQuantity));
  p.quantity = static_cast<int32_t>(quantity);
  RP_ASSIGN_OR_RETURN(p.weight, Number(o, path.Child("weight"), 0));
  RP_ASSIGN_OR_RETURN(p.volume, Number(o, path.Child("volume"), 0));
  if (int64_t{item_quantity} * p.quantity > std::numeric_limits<int32_t>::max()) {
    return Status::DataError("items_quantity of " + path.Text() + " is out of range (1.." +
                             std::to_string(std::numeric_limits<int32_t>::max()) + ")");
  }
  return p;
}

Result<PayloadItem> ParseItem(const object& o, const Path& path) {
  PayloadItem item;
  RP_ASSIGN_OR_RETURN(item.product_id, NonEmptyString(o, path.Child("product_id")));
  RP_ASSIGN_OR_RETURN(item.product_name, String(o, path.Child("product_name")));
  RP_ASSIGN_OR_RETURN(item.price, Number(o, path.Child("price"), 0));
  RP_ASSIGN_OR_RETURN(int64_t quantity, Integer(o, path.Child("quantity"), 1, kMaxQuantity));
  item.quantity = static_cast<int32_t>(quantity);
  const Path packages_path = path.Child("packages");
  RP_ASSIGN_OR_RETURN(array packages, NonEmptyArray(o, packages_path));
  size_t i = 0;
  for (element e : packages) {
    const Path p = packages_path.At(i++);
    RP_ASSIGN_OR_RETURN(object package, ElementObject(e, p));
    RP_ASSIGN_OR_RETURN(PayloadPackage parsed, ParsePackage(package, p, item.quantity));
    item.packages.push_back(std::move(parsed));
  }
  return item;
}

Result<OrderPayload> ParseOrder(const object& root) {
  const Path top;
  OrderPayload order;
  RP_ASSIGN_OR_RETURN(order.event_id, NonEmptyString(root, top.Child("event_id")));
  RP_ASSIGN_OR_RETURN(order.event_type, String(root, top.Child("event_type")));
  if (order.event_type != "ORDER_CREATED") {
    return Status::DataError("field event_type is \"" + order.event_type + "\", not ORDER_CREATED");
  }
  RP_ASSIGN_OR_RETURN(order.event_timestamp, Timestamp(root, top.Child("event_timestamp")));
  RP_ASSIGN_OR_RETURN(order.order_id, NonEmptyString(root, top.Child("order_id")));
  const Path details_path = top.Child("order_details");
  RP_ASSIGN_OR_RETURN(object details, Object(root, details_path));
  RP_ASSIGN_OR_RETURN(order.customer_id,
                      NonEmptyString(details, details_path.Child("customer_id")));
  RP_ASSIGN_OR_RETURN(order.order_timestamp,
                      Timestamp(details, details_path.Child("order_timestamp")));
  RP_ASSIGN_OR_RETURN(order.total_amount, AnyNumber(details, details_path.Child("total_amount")));
  RP_ASSIGN_OR_RETURN(order.total_volume, AnyNumber(details, details_path.Child("total_volume")));
  RP_ASSIGN_OR_RETURN(order.total_weight, AnyNumber(details, details_path.Child("total_weight")));
  const Path address_path = details_path.Child("destination_address");
  RP_ASSIGN_OR_RETURN(object address, Object(details, address_path));
  RP_ASSIGN_OR_RETURN(order.lat, AnyNumber(address, address_path.Child("lat")));
  RP_ASSIGN_OR_RETURN(order.lon, AnyNumber(address, address_path.Child("lon")));
  const Path items_path = details_path.Child("items");
  RP_ASSIGN_OR_RETURN(array items, NonEmptyArray(details, items_path));
  size_t i = 0;
  for (element e : items) {
    const Path p = items_path.At(i++);
    RP_ASSIGN_OR_RETURN(object item, ElementObject(e, p));
    RP_ASSIGN_OR_RETURN(PayloadItem parsed, ParseItem(item, p));
    order.items.push_back(std::move(parsed));
  }
  return order;
}

bool Digits(std::string_view s, size_t at, size_t n, int lo, int hi) {
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  return v >= lo && v <= hi;
}

}  // namespace

struct OrderPayloadParser::Impl {
  simdjson::dom::parser parser;
};

OrderPayloadParser::OrderPayloadParser() : impl_(std::make_unique<Impl>()) {}

OrderPayloadParser::~OrderPayloadParser() = default;

Result<OrderPayload> OrderPayloadParser::Parse(std::string_view json) {
  element root;
  // parse() copies into a padded buffer it owns, so `json` needs no SIMDJSON_PADDING.
  const auto error = impl_->parser.parse(json.data(), json.size()).get(root);
  if (error != simdjson::SUCCESS) {
    return Status::DataError("not valid JSON (" + std::string(simdjson::error_message(error)) +
                             ")");
  }
  object o;
  if (root.get_object().get(o) != simdjson::SUCCESS) {
    return Status::DataError("the payload is not a JSON object");
  }
  return ParseOrder(o);
}

bool IsPayloadTimestamp(std::string_view s) {
  return s.size() == 19 && s[4] == '-' && s[7] == '-' && s[10] == ' ' && s[13] == ':' &&
         s[16] == ':' && Digits(s, 0, 4, 0, 9999) && Digits(s, 5, 2, 1, 12) &&
         Digits(s, 8, 2, 1, 31) && Digits(s, 11, 2, 0, 23) && Digits(s, 14, 2, 0, 59) &&
         Digits(s, 17, 2, 0, 59);
}

}  // namespace retailpipe::orders
