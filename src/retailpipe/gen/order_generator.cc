// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/gen/order_generator.h"

#include <map>
#include <utility>

#include "retailpipe/gen/civil_date.h"
#include "retailpipe/gen/json_text.h"

namespace retailpipe::gen {
namespace {

// Part of generator spec version kOrdersSpecVersion.
constexpr uint64_t kOrdersStream = (uint64_t{2} << 32) | 4;
constexpr int kMaxWeighted = 64;

// Write "YYYY-MM-DD HH:MM:SS" of `t` (UTC) into `timestamp` and "YYYY-MM-DD" into `date`.
void FormatTime(std::chrono::sys_seconds t, std::string& timestamp, std::string& date) {
  const auto days = std::chrono::floor<std::chrono::days>(t);
  const int64_t secs = (t - days).count();
  std::array<char, 20> buf{};
  char* p = CivilDate::FromDays(days.time_since_epoch().count()).Format(buf.data());
  date.assign(buf.data(), p);
  const auto two = [&p](int64_t v) {
    *p++ = static_cast<char>('0' + v / 10);
    *p++ = static_cast<char>('0' + v % 10);
  };
  *p++ = ' ';
  two(secs / 3600);
  *p++ = ':';
  two(secs / 60 % 60);
  *p++ = ':';
  two(secs % 60);
  timestamp.assign(buf.data(), p);
}

void Key(std::string& out, std::string_view key) {
  out += '"';
  out += key;  // keys are our own ASCII literals: nothing to escape
  out += "\":";
}

void StringMember(std::string& out, std::string_view key, std::string_view value) {
  Key(out, key);
  AppendJsonString(out, value);
  out += ',';
}

void DoubleMember(std::string& out, std::string_view key, double value) {
  Key(out, key);
  AppendJsonDouble(out, value);
  out += ',';
}

void AppendItem(std::string& out, const OrderItem& item) {
  const Product& p = *item.product->product;
  out += '{';
  StringMember(out, "product_id", p.product_id);
  StringMember(out, "product_name", p.name);
  DoubleMember(out, "price", double{p.price});
  Key(out, "quantity");
  AppendJsonInt(out, item.quantity);
  out += ",\"packages\":[";
  for (size_t i = 0; i < item.product->packages.size(); ++i) {
    const Package& pkg = *item.product->packages[i];
    if (i > 0) out += ',';
    out += '{';
    StringMember(out, "package_id", pkg.package_id);
    Key(out, "subpackage_id");
    AppendJsonInt(out, pkg.subpackage_id);
    out += ',';
    Key(out, "quantity");
    AppendJsonInt(out, p.product_components[i].package_quantity);
    out += ',';
    DoubleMember(out, "weight", double{pkg.weight});
    Key(out, "volume");
    AppendJsonDouble(out, static_cast<double>(pkg.volume));
    out += '}';
  }
  out += "]}";
}

void AppendAddress(std::string& out, const ClientAddress& a) {
  out += '{';
  StringMember(out, "address_id", a.address_id);
  StringMember(out, "neighborhood", a.neighborhood);
  Key(out, "coordinates");
  out += '[';
  for (size_t i = 0; i < a.coordinates.size(); ++i) {
    if (i > 0) out += ',';
    AppendJsonDouble(out, a.coordinates[i]);
  }
  out += "],";
  StringMember(out, "road", a.road);
  StringMember(out, "house_number", a.house_number);
  StringMember(out, "suburb", a.suburb);
  StringMember(out, "city_district", a.city_district);
  StringMember(out, "state", a.state);
  StringMember(out, "postcode", a.postcode);
  StringMember(out, "country", a.country);
  DoubleMember(out, "lat", double{a.lat});
  Key(out, "lon");
  AppendJsonDouble(out, double{a.lon});
  out += '}';
}

}  // namespace

Status OrderGenOptions::Validate() const {
  if (max_items < 1 || max_items > kMaxWeighted) {
    return Status::InvalidArgument("max_items out of range 1..64");
  }
  if (max_quantity < 1 || max_quantity > kMaxWeighted) {
    return Status::InvalidArgument("max_quantity out of range 1..64");
  }
  return Status::OK();
}

std::vector<double> HarmonicCumulative(int n) {
  RP_CHECK(n >= 1);
  double harmonic = 0;
  for (int k = 1; k <= n; ++k) harmonic += 1.0 / k;
  std::vector<double> cumulative;
  double sum = 0;
  for (int k = 1; k <= n; ++k) {
    sum += 1.0 / k;
    cumulative.push_back(sum / harmonic);
  }
  cumulative.back() = 1.0;
  return cumulative;
}

int OrderGenerator::WeightedChoice(double u, std::span<const double> cumulative) {
  RP_DCHECK(!cumulative.empty());
  for (size_t k = 0; k + 1 < cumulative.size(); ++k) {
    if (u < cumulative[k]) return static_cast<int>(k + 1);
  }
  return static_cast<int>(cumulative.size());
}

OrderGenerator::OrderGenerator(MakeKey /*key*/, std::shared_ptr<const ReferenceTables> tables,
                               const OrderGenOptions& options)
    : tables_(std::move(tables)),
      rng_(Rng::ForStream(options.seed, kOrdersStream)),
      item_cumulative_(HarmonicCumulative(options.max_items)),
      quantity_cumulative_(HarmonicCumulative(options.max_quantity)) {
  std::map<std::pair<std::string_view, int32_t>, const Package*> by_key;
  for (const Package& p : tables_->packages)
    by_key.try_emplace({p.package_id, p.subpackage_id}, &p);
  for (const Product& product : tables_->products) {
    if (product.product_components.empty()) {
      issues_.products_without_components.push_back(product.product_id);
      continue;
    }
    ResolvedProduct resolved{.product = &product, .packages = {}};
    int64_t missing = 0;
    for (const PackageComponent& c : product.product_components) {
      const auto it = by_key.find({c.package_id, c.subpackage_id});
      if (it == by_key.end()) {
        ++missing;
      } else {
        resolved.packages.push_back(it->second);
      }
    }
    if (missing > 0) {
      issues_.missing_package_components += missing;
      issues_.products_with_missing_packages.push_back(product.product_id);
      continue;
    }
    usable_.push_back(std::move(resolved));
  }
  issues_.usable_products = static_cast<int64_t>(usable_.size());
}

Result<std::unique_ptr<OrderGenerator>> OrderGenerator::Make(
    std::shared_ptr<const ReferenceTables> tables, const OrderGenOptions& options) {
  RP_RETURN_IF_ERROR(options.Validate());
  if (tables == nullptr || tables->clients_address.empty()) {
    return Status::InvalidArgument("order generator: clients_address is empty");
  }
  auto gen = std::make_unique<OrderGenerator>(MakeKey{}, std::move(tables), options);
  if (gen->usable_.empty()) {
    const ReferenceIssues& i = gen->issues_;
    return Status::InvalidArgument("order generator: no usable product (" +
                                   std::to_string(i.products_without_components.size()) +
                                   " without components, " +
                                   std::to_string(i.products_with_missing_packages.size()) +
                                   " with packages missing from the packages table)");
  }
  return gen;
}

Order OrderGenerator::Next(std::chrono::sys_seconds now) {
  Order order;
  order.event_id = "ev-";
  AppendUuid(rng_, order.event_id);
  order.order_id = "ord-";
  AppendUuid(rng_, order.order_id);
  if (now != formatted_time_ || formatted_timestamp_.empty()) {
    FormatTime(now, formatted_timestamp_, formatted_date_);
    formatted_time_ = now;
  }
  order.timestamp = formatted_timestamp_;
  order.order_date = formatted_date_;
  order.address = &tables_->clients_address[rng_.Below(tables_->clients_address.size())];
  const int count = WeightedChoice(rng_.Unit(), item_cumulative_);
  order.items.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    const ResolvedProduct& product = usable_[rng_.Below(usable_.size())];
    const int quantity = WeightedChoice(rng_.Unit(), quantity_cumulative_);
    order.items.push_back({.product = &product, .quantity = quantity});
  }
  // Same association as the seed's Python sums: int quantities multiplied first, then the
  // float column widened to double, accumulated item by item, package by package.
  for (const OrderItem& item : order.items) {
    order.total_amount += item.quantity * double{item.product->product->price};
    const auto& components = item.product->product->product_components;
    for (size_t p = 0; p < components.size(); ++p) {
      const auto units =
          static_cast<double>(int64_t{item.quantity} * components[p].package_quantity);
      order.total_volume += units * static_cast<double>(item.product->packages[p]->volume);
      order.total_weight += units * double{item.product->packages[p]->weight};
    }
    stats_.packages += static_cast<int64_t>(components.size());
  }
  ++stats_.orders;
  stats_.items += count;
  return order;
}

void AppendOrderJson(const Order& order, std::string& out) {
  out += '{';
  StringMember(out, "event_id", order.event_id);
  StringMember(out, "event_type", "ORDER_CREATED");
  StringMember(out, "event_timestamp", order.timestamp);
  StringMember(out, "order_id", order.order_id);
  out += "\"order_details\":{";
  StringMember(out, "customer_id", order.address->client_id);
  StringMember(out, "order_timestamp", order.timestamp);
  StringMember(out, "order_date", order.order_date);
  out += "\"items\":[";
  for (size_t i = 0; i < order.items.size(); ++i) {
    if (i > 0) out += ',';
    AppendItem(out, order.items[i]);
  }
  out += "],";
  DoubleMember(out, "total_amount", order.total_amount);
  DoubleMember(out, "total_volume", order.total_volume);
  DoubleMember(out, "total_weight", order.total_weight);
  StringMember(out, "status", "RECEIVED");
  Key(out, "destination_address");
  AppendAddress(out, *order.address);
  out +=
      ",\"payment_details\":{\"payment_method\":\"\",\"payment_status\":\"\","
      "\"transaction_id\":\"\"}}}";
}

std::string OrderJson(const Order& order) {
  std::string out;
  out.reserve(1024);
  AppendOrderJson(order, out);
  return out;
}

}  // namespace retailpipe::gen
