// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/delta/delta_checkpoint.h"

#include <map>
#include <set>

#include <gtest/gtest.h>

#include "retailpipe/delta/delta_table.h"
#include "retailpipe/delta/delta_test_fixture.h"

namespace retailpipe::delta {
namespace {

using testing::DeltaFixture;
using testing::StoreKind;

/// Return what identifies each live file, without dataChange (false in checkpoints).
std::map<std::string, std::string> Summary(const std::map<std::string, AddFile>& files) {
  std::map<std::string, std::string> out;
  for (const auto& [path, a] : files) {
    std::string parts;
    for (const auto& [k, v] : a.partition_values) parts += k + "=" + v.value_or("null") + ";";
    out[path] = std::to_string(a.size) + "|" + parts + "|" + a.stats;
  }
  return out;
}

std::set<std::string> Paths(const std::map<std::string, RemoveFile>& tombstones) {
  std::set<std::string> out;
  for (const auto& [path, r] : tombstones) out.insert(path);
  return out;
}

class DeltaCheckpointTest : public DeltaFixture {
 protected:
  std::unique_ptr<DeltaTable> MakeTable(const CreateOptions& create = {}) {
    auto schema = SchemaFromDuckDb({{"id", "BIGINT"}, {"day", "DATE"}});
    CreateOptions o = create;
    o.partition_columns = {"day"};
    auto t = DeltaTable::Create(*store_, "lake/t", *schema, o, Tables());
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return t.ok() ? std::move(t).value() : nullptr;
  }

  TableOptions Tables() const {
    return TableOptions{dir_.File("checkpoint-work"), Checkpoints::kAuto};
  }

  /// Append `n` commits, commit i holding ids [10 i, 10 i + 10) with txn ("app", i).
  void AppendCommits(DeltaTable& t, int first, int n) {
    for (int i = first; i < first + n; ++i) {
      AppendOptions o = Options();
      o.app_id = "app";
      o.app_version = i;
      std::string q =
          "SELECT range AS id, DATE '2024-01-01' + (range % 3)::INTEGER AS day FROM range(" +
          std::to_string(i * 10) + ", " + std::to_string(i * 10 + 10) + ")";
      auto r = t.Append(*conn_, q, o);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
    }
  }

  bool Exists(const std::string& key) {
    auto h = store_->Head(key);
    return h.ok() && h->has_value();
  }

  void DeleteCommitsBefore(int64_t version) {
    DeltaLog log(*store_, "lake/t");
    for (int64_t v = 0; v < version; ++v) ASSERT_TRUE(store_->Delete(log.CommitKey(v)).ok());
  }
};

TEST_P(DeltaCheckpointTest, WritesOneEveryTenCommitsAndReadsItBack) {
  auto table = MakeTable();
  AppendCommits(*table, 0, 9);  // versions 1..9
  EXPECT_FALSE(Exists("lake/t/_delta_log/00000000000000000010.checkpoint.parquet"));
  AppendCommits(*table, 9, 1);  // version 10
  EXPECT_TRUE(Exists("lake/t/_delta_log/00000000000000000010.checkpoint.parquet"));
  auto last = store_->Get("lake/t/_delta_log/_last_checkpoint");
  ASSERT_TRUE(last.ok());
  // protocol, metaData, 1 txn, 30 adds (10 commits x 3 days)
  EXPECT_EQ(*last, R"({"version":10,"size":33})");
  AppendCommits(*table, 10, 2);  // versions 11, 12 after the checkpoint

  // Another engine's log cleanup: the JSON commits the checkpoint covers are gone.
  DeleteCommitsBefore(10);
  auto reopened = DeltaTable::Open(*store_, "lake/t", Tables());
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  const DeltaSnapshot& s = (*reopened)->snapshot();
  EXPECT_EQ(s.version(), 12);
  EXPECT_EQ(Summary(s.files()), Summary(table->snapshot().files()));
  EXPECT_EQ(s.TxnVersion("app"), 11);
  EXPECT_EQ(s.metadata().schema, table->snapshot().metadata().schema);
  EXPECT_EQ(s.metadata().partition_columns, std::vector<std::string>{"day"});
  EXPECT_EQ(s.NumRecords(), 120);
  EXPECT_EQ(s.files().begin()->second.stats, table->snapshot().files().begin()->second.stats);
  EXPECT_EQ(VisibleRows("lake/t"), 120);

  auto without_engine = DeltaTable::Open(*store_, "lake/t", TableOptions{"", Checkpoints::kOff});
  ASSERT_FALSE(without_engine.ok());
  EXPECT_EQ(without_engine.error().code(), StatusCode::kFailedPrecondition);
}

TEST_P(DeltaCheckpointTest, KeepsTombstonesAndHonoursTheIntervalProperty) {
  CreateOptions c;
  c.configuration = {{"delta.checkpointInterval", "3"}};
  auto table = MakeTable(c);
  AppendCommits(*table, 0, 2);
  AppendOptions o = Options();
  o.mode = WriteMode::kOverwrite;
  ASSERT_TRUE(table->Append(*conn_, "SELECT 7::BIGINT AS id, DATE '2024-02-02' AS day", o).ok());
  EXPECT_TRUE(Exists("lake/t/_delta_log/00000000000000000003.checkpoint.parquet"));
  DeleteCommitsBefore(3);
  auto reopened = DeltaTable::Open(*store_, "lake/t", Tables());
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ((*reopened)->snapshot().files().size(), 1u);
  EXPECT_EQ(Paths((*reopened)->snapshot().tombstones()), Paths(table->snapshot().tombstones()));
  EXPECT_EQ((*reopened)->snapshot().tombstones().size(), 6u);  // 2 commits x 3 days
  EXPECT_EQ((*reopened)->snapshot().TxnVersion("app"), 1);
  EXPECT_EQ(VisibleRows("lake/t"), 1);
}

TEST_P(DeltaCheckpointTest, ACheckpointThatCannotBeReadFallsBackToTheJsonCommits) {
  auto table = MakeTable();
  AppendCommits(*table, 0, 3);
  ASSERT_TRUE(
      store_->Put("lake/t/_delta_log/00000000000000000002.checkpoint.parquet", "junk").ok());
  auto reopened = DeltaTable::Open(*store_, "lake/t", Tables());
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ((*reopened)->snapshot().version(), 3);
  EXPECT_EQ((*reopened)->snapshot().NumRecords(), 30);
}

TEST_P(DeltaCheckpointTest, IgnoresIncompleteMultiPartCheckpoints) {
  auto table = MakeTable();
  AppendCommits(*table, 0, 2);
  ASSERT_TRUE(
      store_
          ->Put("lake/t/_delta_log/00000000000000000001.checkpoint.0000000001.0000000002.parquet",
                "x")
          .ok());
  auto reopened = DeltaTable::Open(*store_, "lake/t", Tables());
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ((*reopened)->snapshot().version(), 2);
}

INSTANTIATE_TEST_SUITE_P(Stores, DeltaCheckpointTest,
                         ::testing::Values(StoreKind::kMemory, StoreKind::kLocal),
                         testing::StoreKindName);

}  // namespace
}  // namespace retailpipe::delta
