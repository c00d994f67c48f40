// SPDX-License-Identifier: Apache-2.0
// DeltaTable under concurrent writers, duplicate txns and failures between upload and commit.
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "retailpipe/delta/delta_table.h"
#include "retailpipe/delta/delta_test_fixture.h"

namespace retailpipe::delta {
namespace {

using testing::DeltaFixture;
using testing::FaultyStore;
using testing::StoreKind;

DeltaSchema Events() {
  auto s = SchemaFromDuckDb({{"event_id", "VARCHAR"}, {"seq", "BIGINT"}});
  RP_CHECK(s.ok());
  return *s;
}

/// Return a query of `n` events whose ids start with `tag`.
std::string EventRows(const std::string& tag, int n, int first_seq = 0) {
  return "SELECT '" + tag + "-' || range AS event_id, range + " + std::to_string(first_seq) +
         " AS seq FROM range(" + std::to_string(n) + ")";
}

class DeltaConcurrencyTest : public DeltaFixture {
 protected:
  std::unique_ptr<DeltaTable> MustOpen(storage::ObjectStore& store) {
    auto t = DeltaTable::Open(store, "lake/events");
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return t.ok() ? std::move(t).value() : nullptr;
  }

  AppendOptions WithTxn(const std::string& app, int64_t version) const {
    AppendOptions o = Options();
    o.app_id = app;
    o.app_version = version;
    return o;
  }

  /// Return the number of Parquet objects stored under the table (committed or not).
  size_t StoredDataFiles() {
    auto all = store_->ListAll("lake/events/");
    EXPECT_TRUE(all.ok());
    size_t n = 0;
    if (!all.ok()) return 0;
    for (const auto& o : *all) n += o.key.ends_with(".parquet") ? 1 : 0;
    return n;
  }

  void SetUp() override {
    DeltaFixture::SetUp();
    ASSERT_TRUE(DeltaTable::Create(*store_, "lake/events", Events(), {}).ok());
  }
};

TEST_P(DeltaConcurrencyTest, TxnVersionsDeduplicateRetries) {
  auto table = MustOpen(*store_);
  auto first = table->Append(*conn_, EventRows("a", 10), WithTxn("orders-p0", 5));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->outcome, AppendOutcome::kCommitted);
  for (int64_t replayed : {5, 4, 0}) {
    auto again = table->Append(*conn_, EventRows("a", 10), WithTxn("orders-p0", replayed));
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->outcome, AppendOutcome::kDuplicate) << replayed;
    EXPECT_EQ(again->version, 1);
  }
  auto other_app = table->Append(*conn_, EventRows("b", 3), WithTxn("orders-p1", 5));
  ASSERT_TRUE(other_app.ok());
  EXPECT_EQ(other_app->outcome, AppendOutcome::kCommitted);
  auto next = table->Append(*conn_, EventRows("c", 2), WithTxn("orders-p0", 6));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->outcome, AppendOutcome::kCommitted);
  EXPECT_EQ(next->version, 3);
  EXPECT_EQ(table->snapshot().TxnVersion("orders-p0"), 6);
  EXPECT_EQ(table->snapshot().TxnVersion("orders-p1"), 5);
  EXPECT_EQ(VisibleRows("lake/events"), 15);
}

TEST_P(DeltaConcurrencyTest, TwoWritersRacingOnOneVersionBothCommit) {
  FaultyStore racing(*store_);
  auto a = MustOpen(*store_);
  auto b = MustOpen(racing);
  racing.before_next_commit = [&] {
    auto ra = a->Append(*conn_, EventRows("a", 4), Options());
    ASSERT_TRUE(ra.ok());
    EXPECT_EQ(ra->version, 1);
  };
  auto rb = b->Append(*conn_, EventRows("b", 6), Options());
  ASSERT_TRUE(rb.ok()) << rb.status().ToString();
  EXPECT_EQ(rb->outcome, AppendOutcome::kCommitted);
  EXPECT_EQ(rb->version, 2);
  EXPECT_EQ(rb->attempts, 2);
  EXPECT_EQ(b->snapshot().files().size(), 2u);
  auto log = store_->Get("lake/events/_delta_log/00000000000000000002.json");
  ASSERT_TRUE(log.ok());
  EXPECT_NE(log->find(R"("readVersion":0)"), std::string::npos) << "b read version 0";
  EXPECT_EQ(VisibleRows("lake/events"), 10);
}

TEST_P(DeltaConcurrencyTest, ALostRaceAgainstTheSameTxnIsDroppedAsDuplicate) {
  // Two consumers briefly own the same stream partition (a rebalance): both write offset 7.
  FaultyStore racing(*store_);
  auto a = MustOpen(*store_);
  auto b = MustOpen(racing);
  racing.before_next_commit = [&] {
    ASSERT_TRUE(a->Append(*conn_, EventRows("x", 5), WithTxn("orders-p3", 7)).ok());
  };
  auto rb = b->Append(*conn_, EventRows("x", 5), WithTxn("orders-p3", 7));
  ASSERT_TRUE(rb.ok()) << rb.status().ToString();
  EXPECT_EQ(rb->outcome, AppendOutcome::kDuplicate);
  EXPECT_EQ(rb->version, 1);
  EXPECT_EQ(VisibleRows("lake/events"), 5);
  auto log = store_->Head("lake/events/_delta_log/00000000000000000002.json");
  ASSERT_TRUE(log.ok());
  EXPECT_FALSE(log->has_value());
}

TEST_P(DeltaConcurrencyTest, AnotherAppNewerTxnIsNoConflict) {
  FaultyStore racing(*store_);
  auto a = MustOpen(*store_);
  auto b = MustOpen(racing);
  racing.before_next_commit = [&] {
    ASSERT_TRUE(a->Append(*conn_, EventRows("x", 5), WithTxn("orders-p1", 100)).ok());
  };
  auto rb = b->Append(*conn_, EventRows("y", 5), WithTxn("orders-p2", 1));
  ASSERT_TRUE(rb.ok());
  EXPECT_EQ(rb->outcome, AppendOutcome::kCommitted);
  EXPECT_EQ(VisibleRows("lake/events"), 10);
}

TEST_P(DeltaConcurrencyTest, OurOwnCommitReportedAsTakenIsNotCommittedTwice) {
  FaultyStore flaky(*store_);
  auto table = MustOpen(flaky);
  flaky.hide_next_commit = true;
  auto r = table->Append(*conn_, EventRows("a", 5), Options());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, AppendOutcome::kCommitted);
  EXPECT_EQ(r->version, 1);
  EXPECT_EQ(table->snapshot().version(), 1);
  EXPECT_EQ(VisibleRows("lake/events"), 5);
}

TEST_P(DeltaConcurrencyTest, AConcurrentSchemaChangeIsAConflict) {
  FaultyStore racing(*store_);
  auto table = MustOpen(racing);
  racing.before_next_commit = [&] {
    DeltaLog log(*store_, "lake/events");
    CommitActions change;
    change.metadata = table->snapshot().metadata();
    change.metadata->schema.fields.push_back({"extra", {DeltaTypeKind::kString}, true});
    ASSERT_TRUE(log.TryCommit(1, SerializeCommit(change)).ok());
  };
  auto r = table->Append(*conn_, EventRows("a", 1), Options());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), StatusCode::kFailedPrecondition) << r.error().ToString();
}

TEST_P(DeltaConcurrencyTest, GivesUpAfterTheAttemptLimit) {
  FaultyStore racing(*store_);
  auto a = MustOpen(*store_);
  auto b = MustOpen(racing);
  racing.before_next_commit = [&] {
    ASSERT_TRUE(a->Append(*conn_, EventRows("a", 1), Options()).ok());
  };
  AppendOptions o = Options();
  o.max_commit_attempts = 1;
  auto r = b->Append(*conn_, EventRows("b", 1), o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), StatusCode::kUnavailable);
  EXPECT_EQ(VisibleRows("lake/events"), 1);
}

TEST_P(DeltaConcurrencyTest, ThreadsAppendingAtOnceLoseNothing) {
  constexpr int kWriters = 4;
  constexpr int kAppendsEach = 5;
  constexpr int kRowsEach = 50;
  std::vector<std::thread> threads;
  std::vector<Status> results(kWriters);
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      auto db = testing::OpenTestDatabase();
      auto conn = testing::OpenTestConnection(*db);
      auto table = DeltaTable::Open(*store_, "lake/events");
      if (!table.ok()) {
        results[w] = table.status();
        return;
      }
      for (int i = 0; i < kAppendsEach; ++i) {
        std::string tag = "w" + std::to_string(w) + "-" + std::to_string(i);
        auto r = (*table)->Append(*conn, EventRows(tag, kRowsEach),
                                  WithTxn("writer-" + std::to_string(w), i));
        if (!r.ok() || r->outcome != AppendOutcome::kCommitted) {
          results[w] = r.ok() ? Status::Internal("not committed") : r.status();
          return;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& st : results) EXPECT_TRUE(st.ok()) << st.ToString();
  auto table = MustOpen(*store_);
  EXPECT_EQ(table->snapshot().version(), kWriters * kAppendsEach);
  for (int w = 0; w < kWriters; ++w) {
    EXPECT_EQ(table->snapshot().TxnVersion("writer-" + std::to_string(w)), kAppendsEach - 1);
  }
  EXPECT_EQ(VisibleRows("lake/events"), kWriters * kAppendsEach * kRowsEach);
  EXPECT_EQ(Scalar("SELECT count(DISTINCT event_id) FROM rp_visible"),
            std::to_string(kWriters * kAppendsEach * kRowsEach));
}

TEST_P(DeltaConcurrencyTest, ACrashBetweenUploadAndCommitLeavesNoRowsAndTheRetryCommitsOnce) {
  FaultyStore faulty(*store_);
  auto table = MustOpen(faulty);
  faulty.fail_commits = 1;
  auto crashed = table->Append(*conn_, EventRows("r", 20), WithTxn("orders-p0", 1));
  ASSERT_FALSE(crashed.ok());
  EXPECT_EQ(crashed.error().code(), StatusCode::kIoError);
  EXPECT_EQ(StoredDataFiles(), 1u) << "the data file was uploaded before the commit failed";
  EXPECT_EQ(VisibleRows("lake/events"), 0);

  auto restarted = MustOpen(*store_);  // a new process after the crash
  auto retry = restarted->Append(*conn_, EventRows("r", 20), WithTxn("orders-p0", 1));
  ASSERT_TRUE(retry.ok()) << retry.status().ToString();
  EXPECT_EQ(retry->outcome, AppendOutcome::kCommitted);
  EXPECT_EQ(retry->version, 1);
  auto replay = restarted->Append(*conn_, EventRows("r", 20), WithTxn("orders-p0", 1));
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->outcome, AppendOutcome::kDuplicate);
  EXPECT_EQ(VisibleRows("lake/events"), 20);
  // Same rows, same bytes, same content-derived name: the retry overwrote the orphan.
  EXPECT_EQ(StoredDataFiles(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Stores, DeltaConcurrencyTest,
                         ::testing::Values(StoreKind::kMemory, StoreKind::kLocal),
                         testing::StoreKindName);

}  // namespace
}  // namespace retailpipe::delta
