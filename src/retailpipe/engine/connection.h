// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/engine/fwd.h"
#include "retailpipe/model/row_set.h"

namespace retailpipe::engine {

/// One DuckDB connection: a session with its own transaction state.
///
/// Owned by one user (a warehouse, an ETL stage); REQUIRES: the Database it was opened on
/// outlives it. Execute(), Query() and ExecuteCount() must be called from one thread at a
/// time. Interrupt() and Progress() are the exceptions: they may be called from any other
/// thread while a statement runs, as long as the Connection is not being destroyed.
///
/// Errors from DuckDB map to codes as follows: parser, binder, catalog and type errors ->
/// kInvalidArgument; conversion, constraint and out-of-range errors -> kDataError; an
/// interrupted statement -> kCancelled; a transaction conflict -> kUnavailable; I/O and
/// out-of-memory errors -> kIoError; anything else -> kInternal. Messages are DuckDB's.
class Connection {
 public:
  /// Open a connection on `db`. Errors: kIoError if DuckDB refuses the connection.
  static Result<std::unique_ptr<Connection>> Open(Database& db);

 private:
  struct Key {
    explicit Key() = default;
  };
  struct Handle;  // owns the duckdb_connection; defined in duckdb_internal.h

 public:
  /// Internal: use Open(). Takes ownership of the open `handle`.
  Connection(Key key, std::unique_ptr<Handle> handle);

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  /// Run `sql`, which may hold several statements separated by ';', discarding results.
  /// Errors: see the class comment; statements before a failing one stay applied.
  Status Execute(std::string_view sql);

  /// Run one statement and return all its rows. `params` are bound to its `?` placeholders
  /// in order. BOOLEAN and integers up to 32 bits unsigned come back as int64, FLOAT and
  /// DOUBLE as double, NULL as monostate, and every other type (DECIMAL, DATE, TIMESTAMP,
  /// HUGEINT, UBIGINT, lists, ...) as DuckDB's canonical text, e.g. "12.50", "2023-05-01",
  /// "[1, 2]". A SELECT does this cast in SQL; other statements (INSERT ... RETURNING, PRAGMA)
  /// render scalars the same way but nested values as "".
  /// Errors: kInvalidArgument for several statements or a wrong number of params; else see
  /// the class comment.
  Result<model::RowSet> Query(std::string_view sql, std::span<const model::Value> params = {});

  /// Run one statement with bound `params` and return the number of rows it changed
  /// (inserted, updated or deleted); 0 for statements that change no rows.
  /// Errors: as Query().
  Result<int64_t> ExecuteCount(std::string_view sql, std::span<const model::Value> params = {});

  /// Ask the statement running on this connection to stop; it then fails with kCancelled.
  /// Thread-safe: meant to be called from a thread other than the one running the statement.
  /// It only sets a flag that DuckDB checks between tasks, so it returns at once; a call
  /// made while no statement runs has no effect on later statements.
  Status Interrupt();

  /// Return the running statement's progress in percent (0 to 100), or -1 if unknown: no
  /// statement is running, or it started less than DuckDB's progress_bar_time (2 s by
  /// default) ago. Thread-safe like Interrupt(): it reads counters DuckDB updates atomically.
  double Progress() const;

 private:
  friend class Appender;

  std::unique_ptr<Handle> handle_;
};

}  // namespace retailpipe::engine
