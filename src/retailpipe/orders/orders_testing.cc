// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/orders/orders_testing.h"

#include <algorithm>
#include <set>
#include <utility>

#include <gtest/gtest.h>
#include <xxhash.h>

#include "retailpipe/delta/delta_table.h"
#include "retailpipe/stream/stream_producer.h"

namespace retailpipe::orders::testing {
namespace {

using model::Value;

/// The documented id layout (order_ids.h), computed here without the module's code.
std::string Hash(std::string_view prefix, const std::string& order_id, uint32_t item,
                 std::string_view tail) {
  std::string in;
  for (int i = 0; i < 8; ++i) in += static_cast<char>((order_id.size() >> (8 * i)) & 0xFF);
  in += order_id;
  for (int i = 0; i < 4; ++i) in += static_cast<char>((item >> (8 * i)) & 0xFF);
  in += tail;
  XXH128_hash_t h = XXH3_128bits(in.data(), in.size());
  char buf[33];
  std::snprintf(buf, sizeof(buf), "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                static_cast<unsigned long long>(h.low64));
  return std::string(prefix) + buf;
}

std::string Inv(const std::string& order_id, uint32_t item, uint32_t package) {
  std::string tail;
  for (int i = 0; i < 4; ++i) tail += static_cast<char>((package >> (8 * i)) & 0xFF);
  return Hash("inv-", order_id, item, tail);
}

std::string Text(const std::vector<Value>& row) {
  std::string out;
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out += '|';
    out += model::IsNull(row[i]) ? "NULL" : model::ToText(row[i]);
  }
  return out;
}

Value Opt(const std::optional<std::string>& s) { return s ? Value(*s) : Value(); }

/// Return true if the subscriber keeps `s` as text. Test payloads are either UTF-8 text or
/// bytes with a NUL, 0xFE or 0xFF (never in UTF-8), so this is enough here.
bool KeptAsText(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b == 0 || b == 0xFE || b == 0xFF;
  });
}

std::string Hex(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += kHex[c >> 4];
    out += kHex[c & 0xF];
  }
  return out;
}

void Sort(std::vector<std::string>& v) { std::sort(v.begin(), v.end()); }

}  // namespace

std::shared_ptr<const gen::ReferenceTables> SmallReference(int64_t package_ids,
                                                           int32_t initial_stock, uint64_t seed) {
  gen::ReferenceOptions o;
  o.seed = seed;
  o.clients = 40;
  o.package_ids = package_ids;
  o.products = 30;
  o.initial_stock = initial_stock;
  return std::make_shared<const gen::ReferenceTables>(gen::GenerateReferenceTables(o));
}

GeneratedOrders Generate(std::shared_ptr<const gen::ReferenceTables> tables, int n, uint64_t seed) {
  gen::OrderGenOptions o;
  o.seed = seed;
  auto made = gen::OrderGenerator::Make(std::move(tables), o);
  EXPECT_TRUE(made.ok()) << made.status().ToString();
  GeneratedOrders out{std::move(made).value(), {}};
  const auto start = std::chrono::sys_seconds{std::chrono::seconds{1'714'557'600}};
  for (int i = 0; i < n; ++i)
    out.orders.push_back(out.generator->Next(start + std::chrono::seconds{i}));
  return out;
}

Engine OpenEngine() {
  config::EngineOptions options;
  options.threads = 2;
  options.memory_limit_bytes = uint64_t{1} << 30;
  auto db = engine::Database::Open(":memory:", options);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  auto conn = engine::Connection::Open(**db);
  EXPECT_TRUE(conn.ok()) << conn.status().ToString();
  return {std::move(db).value(), std::move(conn).value()};
}

void CreatePackagesTable(storage::ObjectStore& store, const std::string& path,
                         const std::vector<gen::Package>& packages, engine::Connection& conn) {
  auto schema = delta::SchemaFromDuckDb({{"package_id", "VARCHAR"},
                                         {"subpackage_id", "INTEGER"},
                                         {"name", "VARCHAR"},
                                         {"stock_quantity", "INTEGER"}});
  ASSERT_TRUE(schema.ok());
  auto table = delta::DeltaTable::OpenOrCreate(store, path, *schema, {});
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  std::string values;
  for (const gen::Package& p : packages) {
    values += (values.empty() ? "" : ", ") + std::string("('") + p.package_id + "', " +
              std::to_string(p.subpackage_id) + ", 'pkg', " + std::to_string(p.stock_quantity) +
              ")";
  }
  auto r = (*table)->Append(
      conn,
      "SELECT * FROM (VALUES " + values + ") AS t(package_id, subpackage_id, name, stock_quantity)",
      {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
}

void Publish(const stream::Stream& stream, const std::string& topic,
             const std::vector<Published>& records) {
  auto producer = stream.NewProducer();
  ASSERT_TRUE(producer.ok()) << producer.status().ToString();
  for (const Published& p : records) {
    ASSERT_TRUE((*producer)->Produce(topic, p.key, p.value).ok());
  }
  ASSERT_TRUE((*producer)->Flush(std::chrono::seconds{30}).ok());
}

std::vector<std::string> RowTexts(const model::RowSet& rows) {
  std::vector<std::string> out;
  for (const auto& row : rows.rows) out.push_back(Text(row));
  Sort(out);
  return out;
}

std::vector<std::string> TableRows(storage::ObjectStore& store, const std::string& path,
                                   engine::Connection& conn, const std::string& cache_dir,
                                   const std::string& select, const std::string& tail) {
  auto table = delta::DeltaTable::Open(store, path);
  EXPECT_TRUE(table.ok()) << path << ": " << table.status().ToString();
  if (!table.ok()) return {};
  Status st =
      (*table)->CreateView(conn, "rp_test_rows", {cache_dir, delta::ViewLifetime::kTemporary});
  EXPECT_TRUE(st.ok()) << st.ToString();
  auto rows = conn.Query("SELECT " + select + " FROM rp_test_rows " + tail);
  EXPECT_TRUE(rows.ok()) << rows.status().ToString();
  return rows.ok() ? RowTexts(*rows) : std::vector<std::string>{};
}

Expected Simulate(const std::vector<ReadRecord>& records, const std::vector<gen::Package>& packages,
                  const std::string& topic, const std::map<int64_t, std::string>& reject_reasons) {
  Expected e;
  for (const gen::Package& p : packages)
    e.final_stock[{p.package_id, p.subpackage_id}] = p.stock_quantity;
  std::set<std::string> seen;
  const auto reject = [&](const ReadRecord& r, const std::string& reason, Value order_id) {
    const std::string& v = r.published->value;
    const bool ascii = KeptAsText(v);
    e.rejected.push_back(
        Text({Value(topic), Value(int64_t{r.partition}), Value(r.offset), Value(r.published->key),
              Value(std::string("utf-8")), Value(ascii ? v : Hex(v)),
              Value(std::string(ascii ? "utf-8" : "hex")), Value(reason), std::move(order_id)}));
    ++e.rejected_count;
  };
  for (const ReadRecord& r : records) {
    const gen::Order* order = r.published->order;
    if (order == nullptr) {
      reject(r, reject_reasons.at(r.offset), Value());
      continue;
    }
    if (!seen.insert(order->order_id).second) {
      reject(r, "duplicate order_id: the order was already accepted", Value(order->order_id));
      continue;
    }
    ++e.orders_accepted;
    bool all_applied = true;
    for (uint32_t i = 0; i < order->items.size(); ++i) {
      const gen::OrderItem& item = order->items[i];
      const gen::Product& product = *item.product->product;
      std::vector<std::pair<std::pair<std::string, int32_t>, int64_t>> needs;
      for (size_t j = 0; j < product.product_components.size(); ++j) {
        const gen::PackageComponent& c = product.product_components[j];
        const auto key = std::make_pair(c.package_id, c.subpackage_id);
        const int64_t need = int64_t{item.quantity} * c.package_quantity;
        auto it = std::find_if(needs.begin(), needs.end(), [&](auto& n) { return n.first == key; });
        if (it == needs.end()) {
          needs.emplace_back(key, need);
        } else {
          it->second += need;
        }
      }
      std::optional<std::string> reason;
      for (const auto& [key, need] : needs) {
        auto have = e.final_stock.find(key);
        const std::string name = key.first + "/" + std::to_string(key.second);
        if (have == e.final_stock.end()) {
          reason = "unknown package " + name + " (not in the packages table)";
        } else if (have->second < need) {
          reason = "insufficient stock for package " + name + ": need " + std::to_string(need) +
                   ", have " + std::to_string(have->second);
        }
        if (reason) break;
      }
      if (!reason) {
        for (const auto& [key, need] : needs) e.final_stock[key] -= need;
      }
      const bool applied = !reason;
      all_applied &= applied;
      ++(applied ? e.applied : e.refused);
      for (uint32_t j = 0; j < product.product_components.size(); ++j) {
        const gen::Package& pkg = *item.product->packages[j];
        const int32_t iq = item.quantity * product.product_components[j].package_quantity;
        const std::string inv = Inv(order->order_id, i, j);
        e.stock_movements.push_back(Text(
            {Value(inv), Value(order->order_id), Value(int64_t{i}), Value(int64_t{j}),
             Value(product.product_id), Value(pkg.package_id), Value(int64_t{pkg.subpackage_id}),
             Value(int64_t{applied ? -iq : 0}), Value(std::string(applied ? "APPLIED" : "REFUSED")),
             Opt(reason), Value(order->timestamp), Value(topic), Value(int64_t{r.partition}),
             Value(r.offset)}));
        e.orders_items.push_back(Text(
            {Value(inv), Value(order->order_id), Value(product.product_id), Value(product.name),
             Value(double{product.price}), Value(pkg.package_id), Value(int64_t{pkg.subpackage_id}),
             Value(int64_t{iq}), Value(iq * double{pkg.weight}),
             Value(iq * static_cast<double>(pkg.volume)), Value(order->timestamp),
             Value(std::string(applied ? "PROCESSING" : "INTERRUPTED"))}));
      }
      const std::string type = applied ? "INVENTORY_UPDATED" : "INVENTORY_REFUSED";
      e.events.push_back(
          Text({Value(Hash("ev-", order->order_id, i, type)), Value(type), Value(order->timestamp),
                Value(order->order_id), Value(Inv(order->order_id, i, 0)), Opt(reason)}));
    }
    e.events.push_back(Text({Value(order->event_id), Value(std::string("ORDER_CREATED")),
                             Value(order->timestamp), Value(order->order_id), Value(), Value()}));
    e.orders.push_back(
        Text({Value(order->order_id), Value(order->address->client_id), Value(order->total_weight),
              Value(order->total_volume), Value(order->total_amount), Value(order->timestamp),
              Value(std::string(all_applied ? "PROCESSING" : "INTERRUPTED")),
              Value(double{order->address->lat}), Value(double{order->address->lon})}));
  }
  Sort(e.stock_movements);
  Sort(e.orders_items);
  Sort(e.orders);
  Sort(e.events);
  Sort(e.rejected);
  return e;
}

OrdersSubscriberOptions TestOptions(const std::string& scratch, size_t batch_records) {
  OrdersSubscriberOptions o;
  o.tables.tables_prefix = "orders/delta/bronze/";
  o.tables.packages_table = "orders/gold/packages";
  o.group_id = "subscriber-test";
  o.topic = "orders";
  o.max_batch_records = batch_records;
  o.poll_timeout = std::chrono::milliseconds{200};
  o.once = true;
  o.once_idle_timeout = std::chrono::milliseconds{2000};
  o.scratch_dir = scratch;
  return o;
}

}  // namespace retailpipe::orders::testing
