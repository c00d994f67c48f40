// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/config/fwd.h"
#include "retailpipe/model/row_set.h"

namespace retailpipe::db {

/// The SQL flavour of a warehouse, for the few statements that differ (DDL, upserts).
enum class Dialect { kDuckDb, kMySql, kPostgres };

/// A SQL database that holds the ledgers, dimensions, quarantine and marts.
///
/// Implementations: an embedded DuckDB file (duckdb://path), MySQL/MariaDB (mysql://) and
/// PostgreSQL (postgres://). Statements use `?` placeholders; every value is bound, never spliced
/// into SQL text. Identifiers in SQL come only from retailpipe's own schema, never from input.
///
/// One Warehouse is one connection: use it from one thread at a time.
class Warehouse {
 public:
  virtual ~Warehouse() = default;

  virtual Dialect dialect() const = 0;

  /// Return the URI with any password replaced by "***", for messages and logs.
  virtual std::string redacted_uri() const = 0;

  /// Run one statement (DDL or DML) with bound `params`.
  virtual Status Execute(std::string_view sql, std::span<const model::Value> params = {}) = 0;

  /// Run a query with bound `params` and return all its rows.
  virtual Result<model::RowSet> Query(std::string_view sql,
                                      std::span<const model::Value> params = {}) = 0;

  /// Append `rows` to `table`, whose columns are named by rows.columns, through the
  /// database's fast path (DuckDB appender, PostgreSQL COPY, MySQL multi-row inserts).
  /// Text values are converted to the column types by the database.
  virtual Status BulkInsert(std::string_view table, const model::RowSet& rows) = 0;

  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
};

/// Open the warehouse named by `uri`: "duckdb:///abs/file.duckdb", "duckdb://rel/file",
/// "duckdb::memory:", "mysql://user:password@host:port/db" or
/// "postgres[ql]://user:password@host:port/db", with default engine options.
/// Errors: kInvalidArgument for an unknown scheme, a malformed URI or failed authentication,
/// kNotFound for a missing server database, kUnavailable or kIoError when the database
/// cannot be opened or reached (the message names it and the likely fix, never a password).
Result<std::unique_ptr<Warehouse>> OpenWarehouse(std::string_view uri);

/// Open the warehouse named by `uri` as above; an embedded DuckDB warehouse uses `engine`
/// for its memory limit, threads and spill folder. Errors: as above.
Result<std::unique_ptr<Warehouse>> OpenWarehouse(std::string_view uri,
                                                 const config::EngineOptions& engine);

/// An open transaction on a warehouse, rolled back on destruction unless committed.
///
/// Lives on the stack of the code that writes; a rollback failure in the destructor is
/// logged at warn level on the "db" logger. Not thread-safe, like the Warehouse.
class Transaction {
 public:
  /// Begin a transaction on `wh`, which must outlive the returned object.
  /// Errors: those of Warehouse::Begin(), e.g. when a transaction is already open.
  static Result<Transaction> Begin(Warehouse& wh);

  Transaction(Transaction&& other) noexcept : wh_(other.wh_) { other.wh_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  /// Commit. After this the destructor does nothing, even if the commit failed (a failed
  /// commit ends the transaction in DuckDB, MySQL and PostgreSQL alike).
  /// Errors: kFailedPrecondition if already committed; else those of Warehouse::Commit().
  Status Commit();

 private:
  explicit Transaction(Warehouse* wh) : wh_(wh) {}
  Warehouse* wh_;  // not owned; null once committed or moved from
};

}  // namespace retailpipe::db
