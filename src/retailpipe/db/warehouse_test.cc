// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/db/warehouse.h"

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <stdlib.h>

#include "retailpipe/config/options.h"

namespace retailpipe::db {
namespace {

namespace fs = std::filesystem;
using model::Value;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "rp_db_XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() { fs::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

int64_t Count(Warehouse& wh, std::string_view table) {
  auto rows = wh.Query("SELECT count(*) FROM " + std::string(table));
  EXPECT_TRUE(rows.ok()) << rows.status().ToString();
  return rows.ok() ? std::get<int64_t>(rows->rows.at(0).at(0)) : -1;
}

TEST(OpenWarehouse, OpensDuckDbInMemory) {
  auto wh = OpenWarehouse("duckdb::memory:");
  ASSERT_TRUE(wh.ok()) << wh.status().ToString();
  EXPECT_EQ((*wh)->dialect(), Dialect::kDuckDb);
  EXPECT_EQ((*wh)->redacted_uri(), "duckdb::memory:");
  ASSERT_TRUE((*wh)->Execute("CREATE TABLE t(a INTEGER)").ok());
  EXPECT_EQ(Count(**wh, "t"), 0);
}

TEST(OpenWarehouse, OpensAbsoluteAndRelativeFilesCreatingFolders) {
  TempDir dir;
  const std::string abs = dir.path() + "/a/b/w.duckdb";
  auto wh = OpenWarehouse("duckdb://" + abs);
  ASSERT_TRUE(wh.ok()) << wh.status().ToString();
  EXPECT_EQ((*wh)->redacted_uri(), "duckdb://" + abs);
  EXPECT_TRUE(fs::exists(abs));

  const fs::path old_cwd = fs::current_path();
  fs::current_path(dir.path());
  config::EngineOptions options;
  options.threads = 1;
  auto rel = OpenWarehouse("duckdb://rel/w.duckdb", options);
  fs::current_path(old_cwd);
  ASSERT_TRUE(rel.ok()) << rel.status().ToString();
  EXPECT_EQ((*rel)->redacted_uri(), "duckdb://rel/w.duckdb");
  EXPECT_TRUE(fs::exists(dir.path() + "/rel/w.duckdb"));
  auto threads = (*rel)->Query("SELECT current_setting('threads')");
  ASSERT_TRUE(threads.ok());
  EXPECT_EQ(threads->rows.at(0).at(0), Value{int64_t{1}});
}

TEST(OpenWarehouse, RejectsUnknownSchemesAndBadServerUris) {
  for (const char* uri : {"mysql://u:secret@h:notaport/db", "postgres://u:secret@h:5432"}) {
    auto wh = OpenWarehouse(uri);
    ASSERT_FALSE(wh.ok()) << uri;
    EXPECT_EQ(wh.error().code(), StatusCode::kInvalidArgument) << wh.error().ToString();
    EXPECT_EQ(wh.error().message().find("secret"), std::string::npos);
  }
  auto unknown = OpenWarehouse("sqlite://u:secret@file.db");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.error().message().find("'sqlite'"), std::string::npos);
  EXPECT_NE(unknown.error().message().find("duckdb::memory:"), std::string::npos);
  EXPECT_EQ(unknown.error().message().find("secret"), std::string::npos);
  EXPECT_EQ(OpenWarehouse("duckdb://").error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(OpenWarehouse("warehouse.duckdb").error().code(), StatusCode::kInvalidArgument);
}

TEST(Transaction, DestructorRollsBack) {
  auto wh = OpenWarehouse("duckdb::memory:");
  ASSERT_TRUE(wh.ok());
  ASSERT_TRUE((*wh)->Execute("CREATE TABLE t(a INTEGER)").ok());
  {
    auto tx = Transaction::Begin(**wh);
    ASSERT_TRUE(tx.ok()) << tx.status().ToString();
    ASSERT_TRUE((*wh)->Execute("INSERT INTO t VALUES (1), (2)").ok());
    EXPECT_EQ(Count(**wh, "t"), 2);
  }
  EXPECT_EQ(Count(**wh, "t"), 0);
  // The rollback ended the transaction, so a new one can begin.
  auto again = Transaction::Begin(**wh);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
}

TEST(Transaction, CommitPersistsAcrossReopen) {
  TempDir dir;
  const std::string uri = "duckdb://" + dir.path() + "/w.duckdb";
  {
    auto wh = OpenWarehouse(uri);
    ASSERT_TRUE(wh.ok()) << wh.status().ToString();
    ASSERT_TRUE((*wh)->Execute("CREATE TABLE t(a INTEGER)").ok());
    auto tx = Transaction::Begin(**wh);
    ASSERT_TRUE(tx.ok());
    const std::vector<Value> params = {int64_t{7}};
    ASSERT_TRUE((*wh)->Execute("INSERT INTO t VALUES (?)", params).ok());
    ASSERT_TRUE(tx->Commit().ok());
    EXPECT_EQ(tx->Commit().code(), StatusCode::kFailedPrecondition);
  }
  auto wh = OpenWarehouse(uri);
  ASSERT_TRUE(wh.ok()) << wh.status().ToString();
  auto rows = (*wh)->Query("SELECT a FROM t");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->rows, (std::vector<std::vector<Value>>{{int64_t{7}}}));
}

TEST(Transaction, BeginFailsWhenOneIsOpen) {
  auto wh = OpenWarehouse("duckdb::memory:");
  ASSERT_TRUE(wh.ok());
  auto first = Transaction::Begin(**wh);
  ASSERT_TRUE(first.ok());
  auto second = Transaction::Begin(**wh);
  EXPECT_FALSE(second.ok());
}

}  // namespace
}  // namespace retailpipe::db
