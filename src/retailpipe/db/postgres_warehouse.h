// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/db/warehouse.h"

struct pg_conn;    // libpq's PGconn, kept out of this header
struct pg_result;  // libpq's PGresult

namespace retailpipe::db {

/// A warehouse in a PostgreSQL database, over one libpq connection.
///
/// `?` placeholders are numbered ($1, $2, ...) outside literals and comments and every value
/// is sent separately with PQexecParams. Results map int2/int4/int8 to int64, float4/float8 to
/// double and all else to PostgreSQL's text (NUMERIC "12.50", DATE "2024-01-31", TIMESTAMP
/// "2024-01-31 10:00:00"). The session uses UTF-8 and DateStyle ISO; server notices go to the
/// "db" logger at debug level. Owns its connection, closed on destruction. One thread at a
/// time, like every Warehouse.
class PostgresWarehouse final : public Warehouse {
 public:
  /// Connect to `uri`: postgres[ql]://user:password@host[:port]/database[?key=value&...],
  /// where each query parameter is a libpq connection keyword (sslmode, connect_timeout...;
  /// connect_timeout defaults to 10 seconds).
  /// Errors: kInvalidArgument for a malformed URI, an unknown keyword or failed
  /// authentication; kNotFound if the database does not exist; kUnavailable if the server
  /// cannot be reached (the message names host:port and how to start the test server).
  /// No message holds the password.
  static Result<std::unique_ptr<PostgresWarehouse>> Open(std::string_view uri);

  /// Deletes a libpq connection.
  struct ConnectionCloser {
    void operator()(pg_conn* conn) const;
  };

  /// Wrap `conn`, an open connection. Open() is the usual way in.
  PostgresWarehouse(std::unique_ptr<pg_conn, ConnectionCloser> conn, std::string redacted_uri,
                    std::string endpoint);
  PostgresWarehouse(const PostgresWarehouse&) = delete;
  PostgresWarehouse& operator=(const PostgresWarehouse&) = delete;
  ~PostgresWarehouse() override;

  Dialect dialect() const override { return Dialect::kPostgres; }
  std::string redacted_uri() const override { return redacted_uri_; }
  /// Errors: kInvalidArgument for SQL errors and a placeholder/value count mismatch,
  /// kDataError for data and constraint errors, kUnavailable when the connection is lost or
  /// the transaction hit a serialization failure or deadlock.
  Status Execute(std::string_view sql, std::span<const model::Value> params = {}) override;
  /// Errors: as Execute().
  Result<model::RowSet> Query(std::string_view sql,
                              std::span<const model::Value> params = {}) override;
  /// Stream `rows` through `COPY table (columns) FROM STDIN` in text format.
  /// Errors: kInvalidArgument if a name is not a plain identifier or a row has the wrong
  /// width; else as Execute().
  Status BulkInsert(std::string_view table, const model::RowSet& rows) override;
  /// Errors: kFailedPrecondition if a transaction is already open; else as Execute().
  Status Begin() override;
  /// Errors: kFailedPrecondition if no transaction is open, or if a statement in it failed
  /// (the transaction is then rolled back); else as Execute().
  Status Commit() override;
  /// Errors: kFailedPrecondition if no transaction is open; else as Execute().
  Status Rollback() override;

 private:
  /// Run `sql` with no parameters and expect no rows.
  Status Command(const char* sql);
  /// Return an error for a failure of the connection itself (no result to read).
  Status ConnectionError(std::string_view what) const;
  /// Return the error for `result`, a failed one: kUnavailable if the connection broke.
  Status Failure(const pg_result* result) const;

  std::unique_ptr<pg_conn, ConnectionCloser> conn_;
  std::string redacted_uri_;
  std::string endpoint_;  // host:port, for messages
};

}  // namespace retailpipe::db
