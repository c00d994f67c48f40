// SPDX-License-Identifier: Apache-2.0
// DeltaTable appends that record several txns, and the opt-in conflict policies
// (ConcurrentCommits::kConflict, kRebaseUnlessSameApp) that refuse to rebase.
#include <gtest/gtest.h>

#include "retailpipe/delta/delta_table.h"
#include "retailpipe/delta/delta_test_fixture.h"

namespace retailpipe::delta {
namespace {

using testing::DeltaFixture;
using testing::FaultyStore;
using testing::StoreKind;

DeltaSchema Ledger() {
  auto s = SchemaFromDuckDb({{"entry", "VARCHAR"}, {"amount", "BIGINT"}});
  RP_CHECK(s.ok());
  return *s;
}

/// Return txns {appId, version} without a lastUpdated time.
std::vector<Txn> Txns(std::initializer_list<std::pair<std::string, int64_t>> txns) {
  std::vector<Txn> out;
  for (const auto& [app, version] : txns) out.push_back(Txn{app, version, std::nullopt});
  return out;
}

/// Return a query of `n` ledger entries named "<tag>-<i>".
std::string Entries(const std::string& tag, int n) {
  return "SELECT '" + tag + "-' || range AS entry, -1 AS amount FROM range(" + std::to_string(n) +
         ")";
}

class DeltaConflictTest : public DeltaFixture {
 protected:
  void SetUp() override {
    DeltaFixture::SetUp();
    ASSERT_TRUE(DeltaTable::Create(*store_, "lake/ledger", Ledger(), {}).ok());
  }

  std::unique_ptr<DeltaTable> MustOpen(storage::ObjectStore& store) {
    auto t = DeltaTable::Open(store, "lake/ledger");
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return t.ok() ? std::move(t).value() : nullptr;
  }

  /// Options recording the txns `txns` and nothing else.
  AppendOptions WithTxns(std::initializer_list<std::pair<std::string, int64_t>> txns) const {
    AppendOptions o = Options();
    o.more_txns = Txns(txns);
    return o;
  }

  /// Return the number of Parquet objects stored under the table (committed or not).
  size_t StoredDataFiles() {
    auto all = store_->ListAll("lake/ledger/");
    EXPECT_TRUE(all.ok());
    size_t n = 0;
    if (!all.ok()) return 0;
    for (const auto& o : *all) n += o.key.ends_with(".parquet") ? 1 : 0;
    return n;
  }
};

TEST_P(DeltaConflictTest, SeveralTxnsAreCommittedAtomicallyWithTheRows) {
  auto table = MustOpen(*store_);
  auto first = table->Append(*conn_, Entries("a", 4), WithTxns({{"g/t/0", 5}, {"g/t/1", 7}}));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->outcome, AppendOutcome::kCommitted);
  EXPECT_EQ(table->snapshot().TxnVersion("g/t/0"), 5);
  EXPECT_EQ(table->snapshot().TxnVersion("g/t/1"), 7);
  auto log = store_->Get("lake/ledger/_delta_log/00000000000000000001.json");
  ASSERT_TRUE(log.ok());
  EXPECT_NE(log->find(R"({"txn":{"appId":"g/t/0","version":5)"), std::string::npos) << *log;
  EXPECT_NE(log->find(R"({"txn":{"appId":"g/t/1","version":7)"), std::string::npos) << *log;

  // Both already there (or later): a replay.
  auto replay = table->Append(*conn_, Entries("a", 4), WithTxns({{"g/t/0", 4}, {"g/t/1", 7}}));
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->outcome, AppendOutcome::kDuplicate);
  // Only one of them there: rows of the other partition would be mixed with rows already
  // committed, so nothing is written.
  auto partial = table->Append(*conn_, Entries("b", 4), WithTxns({{"g/t/0", 5}, {"g/t/1", 9}}));
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ(partial->outcome, AppendOutcome::kConflict);
  EXPECT_EQ(partial->version, 1);
  // With app_id as well, all three count.
  AppendOptions mixed = WithTxns({{"g/t/1", 9}});
  mixed.app_id = "g/t/2";
  mixed.app_version = 1;
  auto next = table->Append(*conn_, Entries("c", 2), mixed);
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->outcome, AppendOutcome::kCommitted);
  EXPECT_EQ(table->snapshot().TxnVersion("g/t/1"), 9);
  EXPECT_EQ(table->snapshot().TxnVersion("g/t/2"), 1);
  EXPECT_EQ(VisibleRows("lake/ledger"), 6);
}

TEST_P(DeltaConflictTest, AnEmptyAppendStillRecordsItsTxns) {
  // A stream batch with no rows for this table still moves the table's stream position.
  auto table = MustOpen(*store_);
  auto empty = table->Append(*conn_, Entries("none", 0), WithTxns({{"g/t/0", 3}, {"g/t/1", 4}}));
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty->outcome, AppendOutcome::kCommitted);
  EXPECT_EQ(empty->num_rows, 0);
  EXPECT_EQ(table->snapshot().TxnVersion("g/t/0"), 3);
  EXPECT_EQ(table->snapshot().TxnVersion("g/t/1"), 4);
  auto no_txn = table->Append(*conn_, Entries("none", 0), Options());
  ASSERT_TRUE(no_txn.ok());
  EXPECT_EQ(no_txn->outcome, AppendOutcome::kNoData);
}

TEST(DeltaAppendOptions, RejectsBadTxnsAndReadVersions) {
  AppendOptions o;
  o.more_txns = Txns({{"a", 1}, {"a", 2}});
  EXPECT_EQ(o.Validate().code(), StatusCode::kInvalidArgument);
  o.more_txns = Txns({{"a", 1}});
  o.app_id = "a";
  EXPECT_EQ(o.Validate().code(), StatusCode::kInvalidArgument) << "app_id repeated in more_txns";
  o.app_id = "";
  EXPECT_TRUE(o.Validate().ok());
  o.more_txns = Txns({{"", 1}});
  EXPECT_EQ(o.Validate().code(), StatusCode::kInvalidArgument);
  o.more_txns = Txns({{"a", -1}});
  EXPECT_EQ(o.Validate().code(), StatusCode::kInvalidArgument);
  o.more_txns = Txns({{"\xff", 1}});
  EXPECT_EQ(o.Validate().code(), StatusCode::kInvalidArgument);
  o.more_txns.clear();
  o.read_version = 3;
  EXPECT_EQ(o.Validate().code(), StatusCode::kInvalidArgument) << "read_version needs kConflict";
  o.on_concurrent_commit = ConcurrentCommits::kConflict;
  EXPECT_TRUE(o.Validate().ok());
  o.read_version = -1;
  EXPECT_EQ(o.Validate().code(), StatusCode::kInvalidArgument);
}

TEST_P(DeltaConflictTest, AStaleReadVersionIsAConflictBeforeAnythingIsWritten) {
  auto table = MustOpen(*store_);
  ASSERT_TRUE(table->Append(*conn_, Entries("other", 3), Options()).ok());  // version 1
  const size_t files = StoredDataFiles();
  AppendOptions o = WithTxns({{"g/t/0", 10}});
  o.on_concurrent_commit = ConcurrentCommits::kConflict;
  o.read_version = 0;  // our rows were computed from version 0
  auto stale = table->Append(*conn_, Entries("mine", 2), o);
  ASSERT_TRUE(stale.ok()) << stale.status().ToString();
  EXPECT_EQ(stale->outcome, AppendOutcome::kConflict);
  EXPECT_EQ(stale->version, 1);
  EXPECT_EQ(StoredDataFiles(), files) << "no data file uploaded";
  EXPECT_FALSE(table->snapshot().TxnVersion("g/t/0").has_value());

  o.read_version = 1;  // recomputed from the latest version
  auto fresh = table->Append(*conn_, Entries("mine", 2), o);
  ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
  EXPECT_EQ(fresh->outcome, AppendOutcome::kCommitted);
  EXPECT_EQ(fresh->version, 2);

  o.more_txns = Txns({{"g/t/0", 11}});
  o.read_version = 7;
  auto ahead = table->Append(*conn_, Entries("mine", 2), o);
  ASSERT_FALSE(ahead.ok());
  EXPECT_EQ(ahead.error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(VisibleRows("lake/ledger"), 5);
}

TEST_P(DeltaConflictTest, ConflictPolicyDoesNotRebaseOntoARacingCommit) {
  FaultyStore racing(*store_);
  auto a = MustOpen(*store_);
  auto b = MustOpen(racing);
  racing.before_next_commit = [&] {
    auto ra = a->Append(*conn_, Entries("a", 4), Options());
    ASSERT_TRUE(ra.ok());
    EXPECT_EQ(ra->version, 1);
  };
  AppendOptions o = WithTxns({{"g/t/3", 1}});
  o.on_concurrent_commit = ConcurrentCommits::kConflict;
  o.read_version = 0;
  auto rb = b->Append(*conn_, Entries("b", 6), o);
  ASSERT_TRUE(rb.ok()) << rb.status().ToString();
  EXPECT_EQ(rb->outcome, AppendOutcome::kConflict);
  EXPECT_EQ(rb->version, 1) << "b caught up with a's commit";
  EXPECT_EQ(rb->attempts, 1);
  EXPECT_FALSE(b->snapshot().TxnVersion("g/t/3").has_value());
  EXPECT_EQ(VisibleRows("lake/ledger"), 4);
  auto log = store_->Head("lake/ledger/_delta_log/00000000000000000002.json");
  ASSERT_TRUE(log.ok());
  EXPECT_FALSE(log->has_value());

  // The caller re-reads (b already has version 1), recomputes and commits.
  o.read_version = b->snapshot().version();
  auto retry = b->Append(*conn_, Entries("b", 6), o);
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->outcome, AppendOutcome::kCommitted);
  EXPECT_EQ(VisibleRows("lake/ledger"), 10);
}

TEST_P(DeltaConflictTest, RebaseUnlessSameAppRebasesOntoOtherApps) {
  FaultyStore racing(*store_);
  auto a = MustOpen(*store_);
  auto b = MustOpen(racing);
  racing.before_next_commit = [&] {
    ASSERT_TRUE(a->Append(*conn_, Entries("a", 4), WithTxns({{"g/t/0", 50}})).ok());
  };
  AppendOptions o = WithTxns({{"g/t/1", 20}});
  o.on_concurrent_commit = ConcurrentCommits::kRebaseUnlessSameApp;
  auto rb = b->Append(*conn_, Entries("b", 6), o);
  ASSERT_TRUE(rb.ok()) << rb.status().ToString();
  EXPECT_EQ(rb->outcome, AppendOutcome::kCommitted);
  EXPECT_EQ(rb->version, 2);
  EXPECT_EQ(VisibleRows("lake/ledger"), 10);
}

TEST_P(DeltaConflictTest, RebaseUnlessSameAppStopsAtAnOverlappingBatchOfTheSameApp) {
  // Another consumer of partition 0 committed up to offset 15; our batch runs to 20 and
  // starts below 15, so rebasing would duplicate the rows of offsets below 15.
  FaultyStore racing(*store_);
  auto a = MustOpen(*store_);
  auto b = MustOpen(racing);
  racing.before_next_commit = [&] {
    ASSERT_TRUE(a->Append(*conn_, Entries("a", 4), WithTxns({{"g/t/0", 15}})).ok());
  };
  AppendOptions o = WithTxns({{"g/t/0", 20}});
  o.on_concurrent_commit = ConcurrentCommits::kRebaseUnlessSameApp;
  auto rb = b->Append(*conn_, Entries("b", 6), o);
  ASSERT_TRUE(rb.ok()) << rb.status().ToString();
  EXPECT_EQ(rb->outcome, AppendOutcome::kConflict);
  EXPECT_EQ(b->snapshot().TxnVersion("g/t/0"), 15);
  EXPECT_EQ(VisibleRows("lake/ledger"), 4);

  // The default policy keeps its old behaviour: it rebases.
  racing.before_next_commit = [&] {
    ASSERT_TRUE(a->Append(*conn_, Entries("c", 1), WithTxns({{"g/t/0", 25}})).ok());
  };
  auto rebased = b->Append(*conn_, Entries("d", 2), WithTxns({{"g/t/0", 30}}));
  ASSERT_TRUE(rebased.ok());
  EXPECT_EQ(rebased->outcome, AppendOutcome::kCommitted);
}

TEST_P(DeltaConflictTest, RacingCommitCoveringEveryTxnIsADuplicateUnderEveryPolicy) {
  for (ConcurrentCommits policy :
       {ConcurrentCommits::kRebase, ConcurrentCommits::kRebaseUnlessSameApp,
        ConcurrentCommits::kConflict}) {
    FaultyStore racing(*store_);
    auto a = MustOpen(*store_);
    auto b = MustOpen(racing);
    const int64_t offset = 100 * (static_cast<int64_t>(policy) + 1);
    racing.before_next_commit = [&] {
      ASSERT_TRUE(
          a->Append(*conn_, Entries("a", 1), WithTxns({{"g/t/0", offset}, {"g/t/1", offset}}))
              .ok());
    };
    AppendOptions o = WithTxns({{"g/t/0", offset}, {"g/t/1", offset - 1}});
    o.on_concurrent_commit = policy;
    if (policy == ConcurrentCommits::kConflict) o.read_version = b->snapshot().version();
    auto rb = b->Append(*conn_, Entries("b", 1), o);
    ASSERT_TRUE(rb.ok()) << rb.status().ToString();
    EXPECT_EQ(rb->outcome, AppendOutcome::kDuplicate) << static_cast<int>(policy);
  }
}

INSTANTIATE_TEST_SUITE_P(Stores, DeltaConflictTest,
                         ::testing::Values(StoreKind::kMemory, StoreKind::kLocal),
                         testing::StoreKindName);

}  // namespace
}  // namespace retailpipe::delta
