// SPDX-License-Identifier: Apache-2.0
// OrdersSubscriber end to end on a local log and a mem:// or file:// store: the tables equal
// an independent computation, replays write nothing, and a subscriber that loses the ledger
// commit to another one decides its batch again on the new stock.
#include "retailpipe/orders/orders_subscriber.h"

#include <atomic>
#include <filesystem>
#include <functional>
#include <thread>
#include <utility>

#include <gtest/gtest.h>

#include "retailpipe/delta/delta_table.h"
#include "retailpipe/orders/order_payload.h"
#include "retailpipe/orders/orders_tables.h"
#include "retailpipe/orders/orders_testing.h"
#include "retailpipe/storage/local_object_store.h"
#include "retailpipe/storage/memory_object_store.h"
#include "retailpipe/storage/object_store.h"
#include "retailpipe/testing/temp_dir.h"

namespace retailpipe::orders {
namespace {

using namespace testing;

enum class StoreKind { kMemory, kLocal };

std::string StoreName(const ::testing::TestParamInfo<StoreKind>& info) {
  return info.param == StoreKind::kMemory ? "mem" : "file";
}

std::unique_ptr<storage::ObjectStore> MakeStore(StoreKind kind, const std::string& dir) {
  if (kind == StoreKind::kMemory)
    return std::make_unique<storage::MemoryObjectStore>("mem://orders");
  auto local = storage::LocalObjectStore::Open(dir);
  EXPECT_TRUE(local.ok()) << local.status().ToString();
  return std::move(local).value();
}

constexpr const char* kTopic = "orders";

/// A store shared by every subscriber of a test, a local log, the reference tables and a
/// stream of generated orders mixed with bad records and a duplicate.
class SubscriberTest : public ::testing::TestWithParam<StoreKind> {
 protected:
  void SetUp() override {
    store_ = MakeStore(GetParam(), dir_.File("store"));
    auto opened = stream::OpenStream(LogUri(1));
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    stream_ = std::move(opened).value();
  }

  std::string LogUri(int partitions) const {
    return "log://" + dir_.File("log") + "?partitions=" + std::to_string(partitions) +
           "&fsync=never";
  }

  /// Publish `orders` with, at fixed places, bad records and a republished order; remember
  /// the reasons the bad ones must be rejected with.
  void PublishMixedStream(const std::vector<gen::Order>& orders) {
    OrderPayloadParser parser;
    const std::vector<std::string> bad = {"not json {", std::string("\xff\xfe\0x", 4),
                                          R"({"event_id":"ev-1"})",
                                          R"({"event_id":"ev-2","event_type":"ORDER_UPDATED"})"};
    for (size_t i = 0; i < orders.size(); ++i) {
      if (i % 25 == 7) {
        const std::string& value = bad[(i / 25) % bad.size()];
        reasons_[static_cast<int64_t>(published_.size())] = parser.Parse(value).error().message();
        published_.push_back({"bad-" + std::to_string(i), value, nullptr});
      }
      if (i == 30) published_.push_back(published_[3]);  // the same order published again
      published_.push_back({orders[i].order_id, gen::OrderJson(orders[i]), &orders[i]});
    }
    Publish(*stream_, kTopic, published_);
  }

  /// The records as a one-partition subscriber reads them.
  std::vector<ReadRecord> InStreamOrder() const {
    std::vector<ReadRecord> out;
    for (size_t i = 0; i < published_.size(); ++i) {
      out.push_back({&published_[i], 0, static_cast<int64_t>(i)});
    }
    return out;
  }

  Result<SubscribeSummary> RunOnce(size_t batch_records, const std::string& group = "g") {
    OrdersSubscriberOptions o = TestOptions(dir_.File("scratch"), batch_records);
    o.group_id = group;
    auto sub = OrdersSubscriber::Make(*store_, *stream_, o);
    if (!sub) return sub.error();
    std::atomic<bool> stop{false};
    return (*sub)->Run(stop);
  }

  std::vector<std::string> Rows(OrdersTable t, const std::string& select = "*") {
    return TableRows(*store_, TablesLocation{}.PathOf(t), *engine_.conn, dir_.File("cache"),
                     select);
  }

  void ExpectTables(const Expected& e) {
    EXPECT_EQ(Rows(OrdersTable::kStockMovements), e.stock_movements);
    EXPECT_EQ(Rows(OrdersTable::kOrdersItems), e.orders_items);
    EXPECT_EQ(Rows(OrdersTable::kOrders), e.orders);
    EXPECT_EQ(Rows(OrdersTable::kEvents), e.events);
    EXPECT_EQ(Rows(OrdersTable::kRejectedRecords, kRejectedColumns), e.rejected);
  }

  /// Return the version of every table.
  std::vector<int64_t> Versions() {
    std::vector<int64_t> out;
    for (OrdersTable t : kCommitOrder) {
      auto table = delta::DeltaTable::Open(*store_, TablesLocation{}.PathOf(t));
      EXPECT_TRUE(table.ok());
      out.push_back(table.ok() ? (*table)->snapshot().version() : -1);
    }
    return out;
  }

  retailpipe::testing::TempDir dir_{"orders_sub"};
  std::unique_ptr<storage::ObjectStore> store_;
  std::unique_ptr<stream::Stream> stream_;
  Engine engine_ = OpenEngine();
  std::vector<Published> published_;
  std::map<int64_t, std::string> reasons_;
};

TEST_P(SubscriberTest, WritesExactlyTheRowsOfAnIndependentComputation) {
  auto ref = SmallReference(/*package_ids=*/6, /*initial_stock=*/40);
  GeneratedOrders gen = Generate(ref, 110);
  // One package the orders use is missing from the packages table: its items are refused.
  const std::string missing = gen.orders[0].items[0].product->packages[0]->package_id;
  const int32_t missing_sub = gen.orders[0].items[0].product->packages[0]->subpackage_id;
  std::vector<gen::Package> packages;
  for (const gen::Package& p : ref->packages) {
    if (p.package_id != missing || p.subpackage_id != missing_sub) packages.push_back(p);
  }
  CreatePackagesTable(*store_, "orders/gold/packages", packages, *engine_.conn);
  PublishMixedStream(gen.orders);

  auto summary = RunOnce(16);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  const Expected e = Simulate(InStreamOrder(), packages, kTopic, reasons_);
  ASSERT_GT(e.refused, 10) << "the stock is meant to run out";
  ASSERT_GT(e.applied, 10);
  ExpectTables(e);
  EXPECT_EQ(summary->records, static_cast<int64_t>(published_.size()));
  EXPECT_EQ(summary->orders, e.orders_accepted);
  EXPECT_EQ(summary->items_applied, e.applied);
  EXPECT_EQ(summary->items_refused, e.refused);
  EXPECT_EQ(summary->rejected, e.rejected_count);
  EXPECT_EQ(summary->replayed, 0);
  EXPECT_EQ(summary->conflicts, 0);
  EXPECT_GE(summary->batches, (summary->records + 15) / 16);
  EXPECT_EQ(summary->commits, 5 * summary->batches);
  EXPECT_EQ(summary->batch_latency_ms.size(), static_cast<size_t>(summary->batches));

  // Current stock through the views: initial + moved, never negative, as simulated.
  ASSERT_TRUE(CreateOrdersViews(*engine_.conn, *store_, TablesLocation{},
                                {dir_.File("views"), delta::ViewLifetime::kTemporary})
                  .ok());
  auto stock = engine_.conn->Query(
      "SELECT package_id, subpackage_id, stock_quantity, initial + moved = stock_quantity "
      "FROM package_stock");
  ASSERT_TRUE(stock.ok()) << stock.status().ToString();
  ASSERT_EQ(stock->rows.size(), packages.size());
  for (const auto& row : stock->rows) {
    const auto key =
        std::make_pair(model::ToText(row[0]), static_cast<int32_t>(std::get<int64_t>(row[1])));
    EXPECT_EQ(std::get<int64_t>(row[2]), e.final_stock.at(key)) << key.first;
    EXPECT_GE(std::get<int64_t>(row[2]), 0);
    EXPECT_EQ(std::get<int64_t>(row[3]), 1);
  }
  auto refused_unknown = engine_.conn->Query(
      "SELECT count(*) FROM events WHERE reason LIKE 'unknown package " + missing + "/%'");
  ASSERT_TRUE(refused_unknown.ok());
  EXPECT_GT(std::get<int64_t>(refused_unknown->rows[0][0]), 0);
}

TEST_P(SubscriberTest, ReadingTheWholeStreamAgainWritesNothingNew) {
  auto ref = SmallReference(6, 40);
  GeneratedOrders gen = Generate(ref, 80);
  CreatePackagesTable(*store_, "orders/gold/packages", ref->packages, *engine_.conn);
  PublishMixedStream(gen.orders);
  ASSERT_TRUE(RunOnce(16).ok());
  const std::vector<int64_t> versions = Versions();

  // The group's committed offsets are lost: every record comes again, in other batches.
  std::filesystem::remove_all(dir_.File("log") + "/groups/g");
  auto again = RunOnce(7);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->records, static_cast<int64_t>(published_.size()));
  EXPECT_EQ(again->replayed, again->records);
  EXPECT_EQ(again->orders, 0);
  EXPECT_EQ(again->rejected, 0);
  EXPECT_EQ(again->commits, 0);
  EXPECT_EQ(Versions(), versions);
  ExpectTables(Simulate(InStreamOrder(), ref->packages, kTopic, reasons_));
}

TEST_P(SubscriberTest, RejectedRowsWrittenByAReplayAreCounted) {
  auto ref = SmallReference(6, 40);
  GeneratedOrders gen = Generate(ref, 80);
  CreatePackagesTable(*store_, "orders/gold/packages", ref->packages, *engine_.conn);
  PublishMixedStream(gen.orders);
  auto first = RunOnce(16);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  const Expected e = Simulate(InStreamOrder(), ref->packages, kTopic, reasons_);
  ASSERT_GT(e.rejected_count, 0);
  EXPECT_EQ(first->rejected, e.rejected_count);

  // As after crashes between the ledger commit and the rejected_records commit: the ledger
  // holds every decision, rejected_records none of its rows, and every record comes again.
  auto objects = store_->ListAll(TablesLocation{}.PathOf(OrdersTable::kRejectedRecords) + "/");
  ASSERT_TRUE(objects.ok()) << objects.status().ToString();
  for (const storage::ObjectInfo& object : *objects) ASSERT_TRUE(store_->Delete(object.key).ok());
  std::filesystem::remove_all(dir_.File("log") + "/groups/g");
  auto again = RunOnce(7);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->replayed, again->records);
  EXPECT_EQ(again->orders, 0);
  // This run wrote the rows, so it reports them (exit code 3 in `subscribe orders`).
  EXPECT_EQ(again->rejected, e.rejected_count);
  ExpectTables(e);
}

TEST_P(SubscriberTest, MissingPackagesTableIsNamedWithTheFix) {
  auto made = OrdersSubscriber::Make(*store_, *stream_, TestOptions(dir_.File("scratch"), 10));
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().code(), StatusCode::kNotFound);
  EXPECT_NE(made.error().message().find("generate reference"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Stores, SubscriberTest,
                         ::testing::Values(StoreKind::kMemory, StoreKind::kLocal), StoreName);

/// Forwards to another store; runs `before_ledger_commit` once, just before the next commit
/// of the stock_movements log, so a test can let another subscriber commit first.
class RacingStore final : public storage::ObjectStore {
 public:
  explicit RacingStore(storage::ObjectStore& inner) : inner_(inner) {}
  std::function<void()> before_ledger_commit;

  const std::string& uri() const override { return inner_.uri(); }
  Result<storage::ListPage> List(const storage::ListOptions& o) override { return inner_.List(o); }
  Result<std::optional<storage::ObjectInfo>> Head(std::string_view key) override {
    return inner_.Head(key);
  }
  Result<std::string> Get(std::string_view key, uint64_t offset, int64_t length) override {
    return inner_.Get(key, offset, length);
  }
  Status Download(std::string_view key, const std::string& path) override {
    return inner_.Download(key, path);
  }
  Status Put(std::string_view key, std::string_view data) override { return inner_.Put(key, data); }
  Status Upload(const std::string& path, std::string_view key) override {
    return inner_.Upload(path, key);
  }
  Status PutIfAbsent(std::string_view key, std::string_view data) override {
    if (key.find("stock_movements/_delta_log/") != std::string_view::npos && before_ledger_commit) {
      std::exchange(before_ledger_commit, nullptr)();
    }
    return inner_.PutIfAbsent(key, data);
  }
  Status Copy(std::string_view s, std::string_view d) override { return inner_.Copy(s, d); }
  Status Move(std::string_view s, std::string_view d) override { return inner_.Move(s, d); }
  Status Delete(std::string_view key) override { return inner_.Delete(key); }

 private:
  storage::ObjectStore& inner_;
};

TEST(OrdersSubscriberRace, TheLoserOfTheLedgerCommitDecidesAgainOnTheWinnersStock) {
  retailpipe::testing::TempDir dir("orders_race");
  auto store = MakeStore(StoreKind::kLocal, dir.File("store"));
  RacingStore racing(*store);
  Engine engine = OpenEngine();
  auto ref = SmallReference(3, 25);  // few packages, little stock: the two compete
  GeneratedOrders gen = Generate(ref, 60);
  CreatePackagesTable(*store, "orders/gold/packages", ref->packages, *engine.conn);
  auto log = stream::OpenStream("log://" + dir.File("log") + "?partitions=2&fsync=never");
  ASSERT_TRUE(log.ok());
  std::vector<Published> published;
  for (const gen::Order& o : gen.orders) published.push_back({o.order_id, gen::OrderJson(o), &o});
  Publish(**log, kTopic, published);

  // Both join the group before either polls, so each reads one partition.
  OrdersSubscriberOptions o = TestOptions(dir.File("scratch"), 1000);
  auto a = OrdersSubscriber::Make(racing, **log, o);
  auto b = OrdersSubscriber::Make(*store, **log, o);
  ASSERT_TRUE(a.ok() && b.ok());
  std::atomic<bool> stop{false};
  SubscribeSummary b_summary;
  racing.before_ledger_commit = [&] {
    auto rb = (*b)->Run(stop);  // b commits its whole partition while a is about to commit
    ASSERT_TRUE(rb.ok()) << rb.status().ToString();
    b_summary = *rb;
  };
  auto ra = (*a)->Run(stop);
  ASSERT_TRUE(ra.ok()) << ra.status().ToString();
  ASSERT_GT(b_summary.orders, 0);
  ASSERT_GT(ra->orders, 0);
  EXPECT_EQ(ra->conflicts, 1);
  EXPECT_GE(ra->ledger_files_loaded, 1);
  EXPECT_EQ(b_summary.conflicts, 0);
  EXPECT_EQ(ra->orders + b_summary.orders, 60);

  // The result is that of b's partition decided first, then a's. Where each order landed is
  // read from the ledger (the key hash picks the partition).
  std::vector<ReadRecord> a_part, b_part;
  auto table =
      delta::DeltaTable::Open(*store, TablesLocation{}.PathOf(OrdersTable::kStockMovements));
  ASSERT_TRUE(table.ok());
  ASSERT_TRUE((*table)->CreateView(*engine.conn, "ledger", {}).ok());
  auto placed =
      engine.conn->Query("SELECT DISTINCT order_id, stream_partition, stream_offset FROM ledger");
  ASSERT_TRUE(placed.ok());
  std::map<std::string, std::pair<int32_t, int64_t>> where;
  for (const auto& row : placed->rows) {
    where[model::ToText(row[0])] = {static_cast<int32_t>(std::get<int64_t>(row[1])),
                                    std::get<int64_t>(row[2])};
  }
  ASSERT_EQ(where.size(), 60u);
  // a read partition 0 (it polled first); b partition 1.
  for (const Published& p : published) {
    const auto [partition, offset] = where.at(p.order->order_id);
    (partition == 1 ? b_part : a_part).push_back({&p, partition, offset});
  }
  const auto by_offset = [](const ReadRecord& x, const ReadRecord& y) {
    return x.offset < y.offset;
  };
  std::sort(a_part.begin(), a_part.end(), by_offset);
  std::sort(b_part.begin(), b_part.end(), by_offset);
  std::vector<ReadRecord> order = b_part;
  order.insert(order.end(), a_part.begin(), a_part.end());
  const Expected e = Simulate(order, ref->packages, kTopic, {});
  ASSERT_GT(e.refused, 0);
  const std::string cache = dir.File("cache");
  EXPECT_EQ(
      TableRows(*store, TablesLocation{}.PathOf(OrdersTable::kStockMovements), *engine.conn, cache),
      e.stock_movements);
  EXPECT_EQ(TableRows(*store, TablesLocation{}.PathOf(OrdersTable::kOrders), *engine.conn, cache),
            e.orders);
  for (const auto& [key, stock] : e.final_stock) {
    EXPECT_EQ((*a)->Stock({key.first, key.second}), stock) << key.first;
  }
}

TEST(OrdersSubscriberThreads, TwoSubscribersInOneGroupShareFourPartitionsExactly) {
  retailpipe::testing::TempDir dir("orders_threads");
  auto store = MakeStore(StoreKind::kLocal, dir.File("store"));
  Engine engine = OpenEngine();
  auto ref = SmallReference(4, 150);
  GeneratedOrders gen = Generate(ref, 400);
  CreatePackagesTable(*store, "orders/gold/packages", ref->packages, *engine.conn);
  auto log = stream::OpenStream("log://" + dir.File("log") + "?partitions=4&fsync=never");
  ASSERT_TRUE(log.ok());
  std::vector<Published> published;
  int64_t items = 0, lines = 0;
  for (const gen::Order& o : gen.orders) {
    published.push_back({o.order_id, gen::OrderJson(o), &o});
    items += static_cast<int64_t>(o.items.size());
    for (const auto& item : o.items) lines += static_cast<int64_t>(item.product->packages.size());
  }
  Publish(**log, kTopic, published);

  OrdersSubscriberOptions o = TestOptions(dir.File("scratch"), 15);
  o.once = false;
  std::atomic<bool> stop{false};
  std::atomic<int64_t> handled{0};
  std::vector<Result<SubscribeSummary>> results(2, Status::Internal("not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      auto sub = OrdersSubscriber::Make(*store, **log, o);
      if (!sub) {
        results[i] = sub.error();
        stop = true;
        return;
      }
      int64_t seen = 0;
      results[i] = (*sub)->Run(stop, [&](const SubscribeSummary& s) {
        handled += s.records - seen;
        seen = s.records;
      });
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{120};
  while (handled.load() < 400 && !stop.load() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  stop = true;
  for (auto& t : threads) t.join();
  ASSERT_TRUE(results[0].ok()) << results[0].status().ToString();
  ASSERT_TRUE(results[1].ok()) << results[1].status().ToString();
  const SubscribeSummary& a = *results[0];
  const SubscribeSummary& b = *results[1];
  EXPECT_EQ(a.records + b.records, 400);
  EXPECT_GT(a.records, 0) << "both took a share";
  EXPECT_GT(b.records, 0) << "both took a share";
  EXPECT_EQ(a.orders + b.orders, 400);
  EXPECT_EQ(a.items_applied + a.items_refused + b.items_applied + b.items_refused, items);
  EXPECT_GT(a.items_refused + b.items_refused, 0) << "the stock is meant to run out";
  EXPECT_EQ(a.rejected + b.rejected, 0);
  std::printf(
      "ledger conflicts retried: %lld + %lld; other writers' ledger files loaded: %lld "
      "+ %lld\n",
      static_cast<long long>(a.conflicts), static_cast<long long>(b.conflicts),
      static_cast<long long>(a.ledger_files_loaded), static_cast<long long>(b.ledger_files_loaded));
  ::testing::Test::RecordProperty("conflicts", static_cast<int>(a.conflicts + b.conflicts));

  const TablesLocation where;
  const std::string cache = dir.File("cache");
  auto query = [&](OrdersTable t, const std::string& select, const std::string& tail = "") {
    return TableRows(*store, where.PathOf(t), *engine.conn, cache, select, tail);
  };
  EXPECT_EQ(query(OrdersTable::kOrders, "count(*), count(DISTINCT order_id)"),
            std::vector<std::string>{"400|400"});
  EXPECT_EQ(query(OrdersTable::kStockMovements, "count(*), count(DISTINCT movement_id)"),
            std::vector<std::string>{std::to_string(lines) + "|" + std::to_string(lines)});
  EXPECT_EQ(query(OrdersTable::kOrdersItems, "count(*), count(DISTINCT inventory_id)"),
            std::vector<std::string>{std::to_string(lines) + "|" + std::to_string(lines)});
  EXPECT_EQ(
      query(OrdersTable::kEvents, "count(*), count(DISTINCT event_id)"),
      std::vector<std::string>{std::to_string(400 + items) + "|" + std::to_string(400 + items)});
  // One ledger commit per batch: the conflicts were retried, never committed twice.
  auto ledger = delta::DeltaTable::Open(*store, where.PathOf(OrdersTable::kStockMovements));
  ASSERT_TRUE(ledger.ok());
  EXPECT_EQ((*ledger)->snapshot().version(), a.batches + b.batches);
  // Each subscriber's final view of the stock equals initial + the whole ledger, never < 0;
  // movements only take stock, so it was never negative on the way either.
  ASSERT_TRUE(
      CreateOrdersViews(*engine.conn, *store, where, {cache, delta::ViewLifetime::kTemporary})
          .ok());
  auto taken = engine.conn->Query(
      "SELECT count(DISTINCT (package_id, subpackage_id)) FROM stock_movements WHERE quantity < 0");
  ASSERT_TRUE(taken.ok());
  auto stock = engine.conn->Query(
      "SELECT count(*) FILTER (WHERE stock_quantity < 0), count(*) FILTER (WHERE moved < 0) "
      "FROM package_stock");
  ASSERT_TRUE(stock.ok());
  EXPECT_EQ(RowTexts(*stock),
            std::vector<std::string>{"0|" + model::ToText(taken->rows.at(0).at(0))});
  // Orders are PROCESSING exactly when all their items are.
  auto mismatched = engine.conn->Query(
      "SELECT count(*) FROM orders o JOIN (SELECT order_id, bool_and(status = 'PROCESSING') AS ok "
      "FROM orders_items GROUP BY order_id) i USING (order_id) "
      "WHERE (o.status = 'PROCESSING') <> i.ok");
  ASSERT_TRUE(mismatched.ok());
  EXPECT_EQ(RowTexts(*mismatched), std::vector<std::string>{"0"});
}

}  // namespace
}  // namespace retailpipe::orders
