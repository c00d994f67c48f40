// SPDX-License-Identifier: Apache-2.0
// Test-only helpers shared by the delta module's tests: a store per backend, an engine, and
// a store wrapper that injects commit failures.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <gtest/gtest.h>

#include "retailpipe/delta/delta_table.h"
#include "retailpipe/engine/connection.h"
#include "retailpipe/engine/database.h"
#include "retailpipe/storage/local_object_store.h"
#include "retailpipe/storage/memory_object_store.h"
#include "retailpipe/testing/temp_dir.h"

namespace retailpipe::delta::testing {

/// Forwards to another store, with three hooks on PutIfAbsent of `_delta_log/` keys (commits):
/// the next `fail_commits` fail with kIoError, as if the writer died between upload and
/// commit; and `before_next_commit`, if set, runs once just before the next commit, so a
/// test can let another writer take the version first (a deterministic race).
class FaultyStore final : public storage::ObjectStore {
 public:
  explicit FaultyStore(storage::ObjectStore& inner) : inner_(inner) {}
  int fail_commits = 0;
  std::function<void()> before_next_commit;
  /// Write the next commit, then answer kAlreadyExists, as S3 does when a retried put finds
  /// the object its first, timed-out try created.
  bool hide_next_commit = false;

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
    if (key.find("/_delta_log/") == std::string_view::npos) return inner_.PutIfAbsent(key, data);
    if (fail_commits > 0) {
      --fail_commits;
      return Status::IoError("injected: connection lost before the commit");
    }
    if (before_next_commit) std::exchange(before_next_commit, nullptr)();
    Status st = inner_.PutIfAbsent(key, data);
    if (st.ok() && std::exchange(hide_next_commit, false)) {
      return Status::AlreadyExists("injected: precondition failed on a retried put");
    }
    return st;
  }
  Status Copy(std::string_view src, std::string_view dst) override { return inner_.Copy(src, dst); }
  Status Move(std::string_view src, std::string_view dst) override { return inner_.Move(src, dst); }
  Status Delete(std::string_view key) override { return inner_.Delete(key); }

 private:
  storage::ObjectStore& inner_;
};

/// Return an in-memory DuckDB for tests (2 threads, 1 GiB).
inline std::unique_ptr<engine::Database> OpenTestDatabase() {
  config::EngineOptions options;
  options.threads = 2;
  options.memory_limit_bytes = uint64_t{1} << 30;
  auto db = engine::Database::Open(":memory:", options);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return db.ok() ? std::move(db).value() : nullptr;
}

inline std::unique_ptr<engine::Connection> OpenTestConnection(engine::Database& db) {
  auto conn = engine::Connection::Open(db);
  EXPECT_TRUE(conn.ok()) << conn.status().ToString();
  return conn.ok() ? std::move(conn).value() : nullptr;
}

/// Which store a parameterised test runs on.
enum class StoreKind { kMemory, kLocal };

inline std::string StoreKindName(const ::testing::TestParamInfo<StoreKind>& info) {
  return info.param == StoreKind::kMemory ? "mem" : "file";
}

/// A store of the test's kind, an in-memory DuckDB with one connection, and scratch folders.
class DeltaFixture : public ::testing::TestWithParam<StoreKind> {
 protected:
  void SetUp() override {
    if (GetParam() == StoreKind::kMemory) {
      store_ = std::make_unique<storage::MemoryObjectStore>("mem://delta-test");
    } else {
      auto local = storage::LocalObjectStore::Open(dir_.File("store"));
      ASSERT_TRUE(local.ok()) << local.status().ToString();
      store_ = std::move(local).value();
    }
    db_ = OpenTestDatabase();
    conn_ = OpenTestConnection(*db_);
  }

  AppendOptions Options() const {
    AppendOptions o;
    o.work_dir = dir_.File("work");
    return o;
  }

  ViewOptions View() const { return ViewOptions{dir_.File("cache"), ViewLifetime::kTemporary}; }

  model::RowSet MustQuery(std::string_view sql) {
    auto rows = conn_->Query(sql);
    EXPECT_TRUE(rows.ok()) << sql << ": " << rows.status().ToString();
    return rows.ok() ? std::move(rows).value() : model::RowSet{};
  }

  /// Return the query's single value as text.
  std::string Scalar(std::string_view sql) {
    auto rows = MustQuery(sql);
    if (rows.rows.empty() || rows.rows[0].empty()) return "<no rows>";
    return model::ToText(rows.rows[0][0]);
  }

  /// Return the number of rows the table's view shows right now (via a fresh Open).
  int64_t VisibleRows(const std::string& table_path) {
    auto table = DeltaTable::Open(*store_, table_path);
    EXPECT_TRUE(table.ok()) << table.status().ToString();
    if (!table.ok()) return -1;
    Status st = (*table)->CreateView(*conn_, "rp_visible", View());
    EXPECT_TRUE(st.ok()) << st.ToString();
    return std::stoll(Scalar("SELECT count(*) FROM rp_visible"));
  }

  retailpipe::testing::TempDir dir_{"delta"};
  std::unique_ptr<storage::ObjectStore> store_;
  std::unique_ptr<engine::Database> db_;
  std::unique_ptr<engine::Connection> conn_;
};

}  // namespace retailpipe::delta::testing
