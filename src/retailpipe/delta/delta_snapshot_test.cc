// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/delta/delta_snapshot.h"

#include <gtest/gtest.h>

#include "retailpipe/delta/delta_log.h"
#include "retailpipe/storage/memory_object_store.h"

namespace retailpipe::delta {
namespace {

constexpr const char* kCommit0 =
    R"({"protocol":{"minReaderVersion":1,"minWriterVersion":2}})"
    "\n"
    R"({"metaData":{"id":"t1","format":{"provider":"parquet","options":{}},"schemaString":)"
    R"("{\"type\":\"struct\",\"fields\":[{\"name\":\"v\",\"type\":\"integer\",\"nullable\":true,)"
    R"(\"metadata\":{}}]}","partitionColumns":[],"configuration":{},"createdTime":1}})"
    "\n";

std::string Add(const std::string& path, int rows) {
  return R"({"add":{"path":")" + path +
         R"(","partitionValues":{},"size":10,"modificationTime":1,"dataChange":true,"stats":"{\"numRecords\":)" +
         std::to_string(rows) + R"(}"}})" + "\n";
}

std::string Remove(const std::string& path) {
  return R"({"remove":{"path":")" + path + R"(","deletionTimestamp":2,"dataChange":true}})" + "\n";
}

std::string Txn(const std::string& app, int version) {
  return R"({"txn":{"appId":")" + app + R"(","version":)" + std::to_string(version) + "}}\n";
}

class DeltaSnapshotTest : public ::testing::Test {
 protected:
  void Commit(int64_t version, const std::string& text) {
    ASSERT_TRUE(log_.TryCommit(version, text).ok());
  }

  storage::MemoryObjectStore store_{"mem://snapshot"};
  DeltaLog log_{store_, "db/t"};
};

TEST_F(DeltaSnapshotTest, ReplaysAddsRemovesAndTxns) {
  Commit(0, kCommit0);
  Commit(1, Add("a.parquet", 3) + Add("b.parquet", 4) + Txn("app", 1));
  Commit(2, Remove("a.parquet") + Add("c.parquet", 5) + Txn("app", 2) + Txn("other", 9));
  Commit(3, Remove("c.parquet") + Add("c.parquet", 6));  // same path re-added: the add wins
  auto s = log_.Load();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->version(), 3);
  EXPECT_EQ(s->files().size(), 2u);
  EXPECT_TRUE(s->files().contains("b.parquet"));
  EXPECT_EQ(s->files().at("c.parquet").num_records, 6);
  EXPECT_TRUE(s->tombstones().contains("a.parquet"));
  EXPECT_FALSE(s->tombstones().contains("c.parquet"));
  EXPECT_EQ(s->NumRecords(), 10);
  EXPECT_EQ(s->TxnVersion("app"), 2);
  EXPECT_EQ(s->TxnVersion("other"), 9);
  EXPECT_EQ(s->TxnVersion("nobody"), std::nullopt);
  EXPECT_EQ(s->metadata().schema.fields.at(0).name, "v");
  EXPECT_TRUE(s->CheckWritable().ok());
}

TEST_F(DeltaSnapshotTest, CatchUpAppliesOnlyNewCommits) {
  Commit(0, kCommit0);
  auto s = log_.Load();
  ASSERT_TRUE(s.ok());
  Commit(1, Add("a.parquet", 1));
  Commit(2, Add("b.parquet", 1));
  auto applied = log_.CatchUp(*s);
  ASSERT_TRUE(applied.ok());
  EXPECT_EQ(applied->size(), 2u);
  EXPECT_EQ(s->version(), 2);
  EXPECT_EQ(s->files().size(), 2u);
}

TEST_F(DeltaSnapshotTest, EmptyLogIsVersionMinusOne) {
  auto s = log_.Load();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->version(), -1);
}

TEST_F(DeltaSnapshotTest, DetectsAGapInTheLog) {
  Commit(0, kCommit0);
  Commit(2, Add("a.parquet", 1));
  auto s = log_.Load();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), StatusCode::kDataError);
}

TEST_F(DeltaSnapshotTest, RefusesALogCleanedUpBehindACheckpoint) {
  ASSERT_TRUE(store_.Put("db/t/_delta_log/00000000000000000010.checkpoint.parquet", "x").ok());
  Commit(11, Add("a.parquet", 1));
  auto s = log_.Load();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), StatusCode::kFailedPrecondition);
}

TEST_F(DeltaSnapshotTest, FirstCommitNeedsProtocolAndMetadata) {
  Commit(0, Add("a.parquet", 1));
  EXPECT_EQ(log_.Load().error().code(), StatusCode::kDataError);
}

TEST_F(DeltaSnapshotTest, RefusesNewerReaderAndWriterVersions) {
  std::string upgraded = R"({"protocol":{"minReaderVersion":1,"minWriterVersion":4}})"
                         "\n";
  Commit(0, kCommit0);
  Commit(1, upgraded);
  auto s = log_.Load();
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->CheckReadable().ok());
  EXPECT_EQ(s->CheckWritable().code(), StatusCode::kFailedPrecondition);
  Commit(2, R"({"protocol":{"minReaderVersion":3,"minWriterVersion":7,)"
            R"("readerFeatures":["deletionVectors"],"writerFeatures":["deletionVectors"]}})"
            "\n");
  ASSERT_TRUE(log_.CatchUp(*s).ok());
  Status st = s->CheckReadable();
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(st.message().find("deletionVectors"), std::string::npos);
}

TEST_F(DeltaSnapshotTest, ListsLogsLongerThanOnePage) {
  Commit(0, kCommit0);
  for (int v = 1; v <= 1005; ++v) Commit(v, Add("f" + std::to_string(v) + ".parquet", 1));
  auto s = log_.Load();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->version(), 1005);
  EXPECT_EQ(s->NumRecords(), 1005);
}

}  // namespace
}  // namespace retailpipe::delta
