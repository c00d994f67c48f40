// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/engine/database.h"

#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "retailpipe/engine/connection.h"
#include "retailpipe/testing/temp_dir.h"

namespace retailpipe::engine {
namespace {

namespace fs = std::filesystem;

/// A fresh folder under the system temp folder, removed with its contents at scope exit.
using ::retailpipe::testing::TempDir;

std::string Setting(Connection& conn, const std::string& name) {
  auto rows = conn.Query("SELECT current_setting('" + name + "')::VARCHAR");
  EXPECT_TRUE(rows.ok()) << rows.status().ToString();
  return std::get<std::string>(rows->rows.at(0).at(0));
}

TEST(Database, OpensInMemory) {
  for (const std::string path : {"", ":memory:"}) {
    auto db = Database::Open(path, config::EngineOptions{});
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    EXPECT_EQ((*db)->path(), ":memory:");
    auto conn = Connection::Open(**db);
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    auto rows = (*conn)->Query("SELECT 42");
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ(std::get<int64_t>(rows->rows.at(0).at(0)), 42);
  }
}

TEST(Database, FileKeepsDataAcrossReopen) {
  TempDir dir;
  const std::string path = dir.File("w.duckdb");
  {
    auto db = Database::Open(path, config::EngineOptions{});
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    auto conn = Connection::Open(**db);
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE((*conn)->Execute("CREATE TABLE t(a INTEGER); INSERT INTO t VALUES (1), (2)").ok());
  }
  EXPECT_TRUE(fs::exists(path));
  auto db = Database::Open(path, config::EngineOptions{});
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto conn = Connection::Open(**db);
  ASSERT_TRUE(conn.ok());
  auto rows = (*conn)->Query("SELECT count(*) FROM t");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(std::get<int64_t>(rows->rows.at(0).at(0)), 2);
}

TEST(Database, AppliesEngineOptions) {
  TempDir dir;
  config::EngineOptions options;
  options.memory_limit_bytes = 512ULL << 20;
  options.threads = 1;
  options.temp_dir = dir.File("spill");
  auto db = Database::Open(":memory:", options);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto conn = Connection::Open(**db);
  ASSERT_TRUE(conn.ok());
  EXPECT_EQ(Setting(**conn, "memory_limit"), "512.0 MiB");
  EXPECT_EQ(Setting(**conn, "threads"), "1");
  EXPECT_EQ(Setting(**conn, "temp_directory"), options.temp_dir);
}

TEST(Database, MissingFolderIsIoError) {
  TempDir dir;
  auto db = Database::Open(dir.File("no/such/folder/w.duckdb"), config::EngineOptions{});
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code(), StatusCode::kIoError) << db.error().ToString();
  EXPECT_NE(db.error().message().find("no/such/folder"), std::string::npos);
}

// DuckDB's file lock is an fcntl lock, which only conflicts between processes, so a forked
// child holds the file while this process tries to open it.
TEST(Database, FileLockedByAnotherProcessIsUnavailable) {
  TempDir dir;
  const std::string path = dir.File("locked.duckdb");
  int ready[2];
  int release[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(release), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(ready[0]);
    close(release[1]);  // else the read below never sees EOF
    auto db = Database::Open(path, config::EngineOptions{});
    const char byte = db.ok() ? 'y' : 'n';
    (void)!write(ready[1], &byte, 1);
    char ignored = 0;
    (void)!read(release[0], &ignored, 1);
    _exit(db.ok() ? 0 : 1);
  }
  close(ready[1]);
  close(release[0]);
  char byte = 0;
  ASSERT_EQ(read(ready[0], &byte, 1), 1);
  ASSERT_EQ(byte, 'y');
  auto db = Database::Open(path, config::EngineOptions{});
  close(release[1]);
  int wstatus = 0;
  waitpid(child, &wstatus, 0);
  close(ready[0]);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code(), StatusCode::kUnavailable) << db.error().ToString();
  EXPECT_NE(db.error().message().find(path), std::string::npos);
  EXPECT_NE(db.error().message().find("another retailpipe process"), std::string::npos);
}

}  // namespace
}  // namespace retailpipe::engine
