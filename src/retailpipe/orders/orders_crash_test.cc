// SPDX-License-Identifier: Apache-2.0
// Crash tests: a subscriber process (orders_crash_child) killed by SIGKILL at each step
// boundary of a batch (RP_KILLPOINT), then a restart with other batch boundaries, must leave
// every table exactly as an uninterrupted run does. Also two subscriber processes sharing a
// consumer group and the tables.
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "retailpipe/orders/order_payload.h"
#include "retailpipe/orders/orders_tables.h"
#include "retailpipe/orders/orders_testing.h"
#include "retailpipe/storage/local_object_store.h"
#include "retailpipe/testing/temp_dir.h"

#ifndef RP_ORDERS_CRASH_CHILD
#error "RP_ORDERS_CRASH_CHILD must name the orders_crash_child binary"
#endif

namespace retailpipe::orders {
namespace {

using namespace testing;

constexpr const char* kTopic = "orders";

/// Start the child binary with `args`, RP_KILLPOINT set to `kill_point` (none if empty).
pid_t StartChild(const std::vector<std::string>& args, const std::string& kill_point) {
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  if (kill_point.empty()) {
    ::unsetenv("RP_KILLPOINT");
  } else {
    ::setenv("RP_KILLPOINT", kill_point.c_str(), 1);
  }
  std::vector<char*> argv;
  std::string path = RP_ORDERS_CRASH_CHILD;
  argv.push_back(path.data());
  std::vector<std::string> copy = args;
  for (std::string& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::execv(path.c_str(), argv.data());
  ::_exit(127);
}

/// Wait for `pid`; return its wait status.
int Wait(pid_t pid) {
  int status = 0;
  EXPECT_EQ(::waitpid(pid, &status, 0), pid);
  return status;
}

std::string KillPointName(const ::testing::TestParamInfo<std::string>& param) {
  std::string name = param.param;
  for (char& c : name) c = (c == '.') ? '_' : c;
  return name;
}

class OrdersCrashTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto local = storage::LocalObjectStore::Open(dir_.File("store"));
    ASSERT_TRUE(local.ok());
    store_ = std::move(local).value();
    auto log = stream::OpenStream(log_uri_);
    ASSERT_TRUE(log.ok());
    log_ = std::move(log).value();
    ref_ = SmallReference(5, 60);
    gen_ = Generate(ref_, 90);
    CreatePackagesTable(*store_, "orders/gold/packages", ref_->packages, *engine_.conn);
    // Orders, a bad record and a republished order, so replays cover rejections too.
    OrderPayloadParser parser;
    for (size_t i = 0; i < gen_.orders.size(); ++i) {
      if (i == 40) {
        reasons_[static_cast<int64_t>(published_.size())] = parser.Parse("{oops").error().message();
        published_.push_back({"bad", "{oops", nullptr});
        published_.push_back(published_[5]);
      }
      published_.push_back(
          {gen_.orders[i].order_id, gen::OrderJson(gen_.orders[i]), &gen_.orders[i]});
    }
  }

  std::vector<std::string> Args(int batch, const std::string& group = "g") const {
    return {dir_.File("store"), log_uri_, dir_.File("scratch"), std::to_string(batch), group};
  }

  void ExpectExactTables() {
    std::vector<ReadRecord> read;
    for (size_t i = 0; i < published_.size(); ++i) {
      read.push_back({&published_[i], 0, static_cast<int64_t>(i)});
    }
    const Expected e = Simulate(read, ref_->packages, kTopic, reasons_);
    ASSERT_GT(e.refused, 0);
    const TablesLocation where;
    const std::string cache = dir_.File("cache");
    const auto rows = [&](OrdersTable t, const std::string& select = "*") {
      return TableRows(*store_, where.PathOf(t), *engine_.conn, cache, select);
    };
    EXPECT_EQ(rows(OrdersTable::kStockMovements), e.stock_movements);
    EXPECT_EQ(rows(OrdersTable::kOrdersItems), e.orders_items);
    EXPECT_EQ(rows(OrdersTable::kOrders), e.orders);
    EXPECT_EQ(rows(OrdersTable::kEvents), e.events);
    EXPECT_EQ(rows(OrdersTable::kRejectedRecords, kRejectedColumns), e.rejected);
  }

  retailpipe::testing::TempDir dir_{"orders_crash"};
  std::string log_uri_ = "log://" + dir_.File("log") + "?partitions=1&fsync=never";
  std::unique_ptr<storage::ObjectStore> store_;
  std::unique_ptr<stream::Stream> log_;
  Engine engine_ = OpenEngine();
  std::shared_ptr<const gen::ReferenceTables> ref_;
  GeneratedOrders gen_;
  std::vector<Published> published_;
  std::map<int64_t, std::string> reasons_;
};

TEST_P(OrdersCrashTest, KilledAtAStepBoundaryThenRestartedWritesEveryRowOnce) {
  // A first run handles part of the stream, so the crash happens mid-stream.
  const std::vector<Published> first(published_.begin(), published_.begin() + 30);
  const std::vector<Published> rest(published_.begin() + 30, published_.end());
  Publish(*log_, kTopic, first);
  ASSERT_EQ(Wait(StartChild(Args(16), "")), 0);
  Publish(*log_, kTopic, rest);

  const int crashed = Wait(StartChild(Args(16), GetParam()));
  ASSERT_TRUE(WIFSIGNALED(crashed) && WTERMSIG(crashed) == SIGKILL)
      << GetParam() << " was not reached (status " << crashed << ")";
  // The restart reads the unfinished batch again with other boundaries.
  ASSERT_EQ(Wait(StartChild(Args(11), "")), 0);
  ExpectExactTables();
}

INSTANTIATE_TEST_SUITE_P(KillPoints, OrdersCrashTest,
                         ::testing::Values("delta.after_upload", "orders.after_stock_movements",
                                           "orders.after_orders_items", "orders.after_orders",
                                           "orders.after_events", "orders.after_rejected_records",
                                           "orders.after_stream_commit"),
                         KillPointName);

TEST(OrdersProcesses, TwoSubscriberProcessesInOneGroupShareTheWork) {
  retailpipe::testing::TempDir dir("orders_procs");
  auto store = storage::LocalObjectStore::Open(dir.File("store"));
  ASSERT_TRUE(store.ok());
  const std::string uri = "log://" + dir.File("log") + "?partitions=4&fsync=never";
  auto log = stream::OpenStream(uri);
  ASSERT_TRUE(log.ok());
  Engine engine = OpenEngine();
  auto ref = SmallReference(4, 150);
  GeneratedOrders gen = Generate(ref, 300);
  CreatePackagesTable(**store, "orders/gold/packages", ref->packages, *engine.conn);
  std::vector<Published> published;
  int64_t items = 0, lines = 0;
  for (const gen::Order& o : gen.orders) {
    published.push_back({o.order_id, gen::OrderJson(o), &o});
    items += static_cast<int64_t>(o.items.size());
    for (const auto& item : o.items) lines += static_cast<int64_t>(item.product->packages.size());
  }
  Publish(**log, kTopic, published);
  const std::vector<std::string> args = {dir.File("store"), uri, dir.File("scratch"), "10", "g"};
  const pid_t a = StartChild(args, "");
  const pid_t b = StartChild(args, "");
  EXPECT_EQ(Wait(a), 0);
  EXPECT_EQ(Wait(b), 0);

  const TablesLocation where;
  const std::string cache = dir.File("cache");
  auto count = [&](OrdersTable t, const std::string& select, const std::string& tail = "") {
    return TableRows(**store, where.PathOf(t), *engine.conn, cache, select, tail);
  };
  EXPECT_EQ(count(OrdersTable::kOrders, "count(*), count(DISTINCT order_id)"),
            std::vector<std::string>{"300|300"});
  EXPECT_EQ(count(OrdersTable::kStockMovements, "count(*), count(DISTINCT movement_id)"),
            std::vector<std::string>{std::to_string(lines) + "|" + std::to_string(lines)});
  EXPECT_EQ(count(OrdersTable::kEvents, "count(*)"),
            std::vector<std::string>{std::to_string(300 + items)});
  EXPECT_EQ(count(OrdersTable::kRejectedRecords, "count(*)"), std::vector<std::string>{"0"});
  // Stock: every package at initial + moved >= 0.
  std::map<std::string, int64_t> moved;
  for (const std::string& row :
       count(OrdersTable::kStockMovements,
             "package_id || '/' || subpackage_id, CAST(sum(quantity) AS BIGINT)", "GROUP BY ALL")) {
    moved[row.substr(0, row.find('|'))] = std::stoll(row.substr(row.find('|') + 1));
  }
  for (const gen::Package& p : ref->packages) {
    const std::string key = p.package_id + "/" + std::to_string(p.subpackage_id);
    EXPECT_GE(p.stock_quantity + moved[key], 0) << key;
  }
  EXPECT_EQ(count(OrdersTable::kStockMovements,
                  "count(*) FILTER (WHERE outcome = 'REFUSED') > 0, "
                  "count(*) FILTER (WHERE outcome = 'APPLIED') > 0"),
            std::vector<std::string>{"1|1"});
}

}  // namespace
}  // namespace retailpipe::orders
