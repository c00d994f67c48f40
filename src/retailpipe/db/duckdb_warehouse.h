// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/config/fwd.h"
#include "retailpipe/db/warehouse.h"
#include "retailpipe/engine/fwd.h"

namespace retailpipe::db {

/// A warehouse in an embedded DuckDB database: a file, or memory for tests.
///
/// Owns its engine::Database and one engine::Connection; the file stays locked against
/// other processes for the object's lifetime. One thread at a time, like every Warehouse.
class DuckDbWarehouse final : public Warehouse {
 public:
  /// Open (creating if needed) the database file at `path`, and its parent folders;
  /// "" or ":memory:" opens a private in-memory database.
  /// Errors: kIoError if a folder or the file cannot be created or opened, kUnavailable if
  /// another process holds the file.
  static Result<std::unique_ptr<DuckDbWarehouse>> Open(const std::string& path,
                                                       const config::EngineOptions& options);

  /// Wrap `database` and `connection`, a connection on it. Open() is the usual way in.
  DuckDbWarehouse(std::unique_ptr<engine::Database> database,
                  std::unique_ptr<engine::Connection> connection);
  DuckDbWarehouse(const DuckDbWarehouse&) = delete;
  DuckDbWarehouse& operator=(const DuckDbWarehouse&) = delete;
  ~DuckDbWarehouse() override;

  Dialect dialect() const override { return Dialect::kDuckDb; }
  /// Return "duckdb://<path>", or "duckdb::memory:" in memory.
  std::string redacted_uri() const override;
  Status Execute(std::string_view sql, std::span<const model::Value> params = {}) override;
  Result<model::RowSet> Query(std::string_view sql,
                              std::span<const model::Value> params = {}) override;
  /// Append through the DuckDB appender (engine::LoadRowSet).
  Status BulkInsert(std::string_view table, const model::RowSet& rows) override;
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;

  /// Return the connection, for engine work (Parquet, CSV scans) on the warehouse itself.
  engine::Connection& connection() { return *connection_; }

 private:
  std::unique_ptr<engine::Database> database_;
  // Declared after database_ so that it is closed first.
  std::unique_ptr<engine::Connection> connection_;
};

}  // namespace retailpipe::db
