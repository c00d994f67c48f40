// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/db/warehouse.h"

struct st_mysql;  // libmariadb's MYSQL, kept out of this header

namespace retailpipe::db {

/// A warehouse in a MySQL or MariaDB database, over one libmariadb connection.
///
/// Statements with values run as server-side prepared statements, every value bound.
/// Results map integer columns to int64, FLOAT/DOUBLE to double and all else to text
/// (DECIMAL "12.50", DATE "2024-01-31", DATETIME "2024-01-31 10:00:00"). The session uses
/// utf8mb4, time zone UTC and sql_mode TRADITIONAL,ANSI_QUOTES,PIPES_AS_CONCAT, so "x" is an
/// identifier and || concatenates, as in DuckDB and PostgreSQL. LOAD DATA LOCAL INFILE is
/// disabled. Owns its connection, closed on destruction. One thread at a time, like every
/// Warehouse.
class MySqlWarehouse final : public Warehouse {
 public:
  /// Connect to `uri`: mysql://user:password@host[:port]/database[?connect_timeout=SECONDS].
  /// Errors: kInvalidArgument for a malformed URI, an unknown option or failed
  /// authentication; kNotFound if the database does not exist; kUnavailable if the server
  /// cannot be reached (the message names host:port and how to start the test server).
  /// No message holds the password.
  static Result<std::unique_ptr<MySqlWarehouse>> Open(std::string_view uri);

  /// Closes a libmariadb connection.
  struct ConnectionCloser {
    void operator()(st_mysql* conn) const;
  };

  /// Wrap `conn`, an open connection. Open() is the usual way in.
  MySqlWarehouse(std::unique_ptr<st_mysql, ConnectionCloser> conn, std::string redacted_uri,
                 std::string endpoint);
  MySqlWarehouse(const MySqlWarehouse&) = delete;
  MySqlWarehouse& operator=(const MySqlWarehouse&) = delete;
  ~MySqlWarehouse() override;

  Dialect dialect() const override { return Dialect::kMySql; }
  std::string redacted_uri() const override { return redacted_uri_; }
  /// Errors: kInvalidArgument for SQL errors and a placeholder/value count mismatch,
  /// kDataError for data and constraint errors, kUnavailable when the connection is lost or
  /// on a deadlock or lock wait timeout.
  Status Execute(std::string_view sql, std::span<const model::Value> params = {}) override;
  /// Errors: as Execute().
  Result<model::RowSet> Query(std::string_view sql,
                              std::span<const model::Value> params = {}) override;
  /// Insert `rows` with prepared multi-row INSERTs of up to 500 rows each.
  /// Errors: kInvalidArgument if a name is not a plain identifier or a row has the wrong
  /// width; else as Execute().
  Status BulkInsert(std::string_view table, const model::RowSet& rows) override;
  /// Errors: kFailedPrecondition if a transaction is already open (MySQL would silently
  /// commit it); else as Execute().
  Status Begin() override;
  /// Errors: kFailedPrecondition if no transaction is open; else as Execute().
  Status Commit() override;
  /// Errors: kFailedPrecondition if no transaction is open; else as Execute().
  Status Rollback() override;

 private:
  /// Run `sql` with no values through the text protocol, discarding any rows.
  Status Command(std::string_view sql);

  std::unique_ptr<st_mysql, ConnectionCloser> conn_;
  std::string redacted_uri_;
  std::string endpoint_;  // host:port, for messages
  bool in_transaction_ = false;
};

}  // namespace retailpipe::db
