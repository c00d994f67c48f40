// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/model/row_set.h"

struct st_mysql;       // libmariadb's MYSQL
struct st_mysql_stmt;  // libmariadb's MYSQL_STMT

namespace retailpipe::db {

/// Return the Status for MySQL error `code` (SQLSTATE `sqlstate`) with the server's
/// `message`: kUnavailable for lost connections, deadlocks and lock wait timeouts, kDataError
/// for data and constraint errors (SQLSTATE 22, 23), else kInvalidArgument. The message
/// names `endpoint`.
Status MySqlErrorStatus(unsigned int code, std::string_view sqlstate, std::string_view message,
                        std::string_view endpoint);

/// One server-side prepared statement of MySqlWarehouse, bound and executed any number of
/// times. Owns its MYSQL_STMT, closed on destruction; must not outlive its connection.
/// Not thread-safe.
class MySqlStatement {
 public:
  /// Prepare `sql` on `conn`; `endpoint` ("host:port") is for messages.
  /// Errors: as MySqlErrorStatus() for SQL the server refuses.
  static Result<std::unique_ptr<MySqlStatement>> Prepare(st_mysql* conn, std::string_view sql,
                                                         std::string endpoint);

  /// Closes a statement.
  struct Closer {
    void operator()(st_mysql_stmt* stmt) const;
  };
  MySqlStatement(std::unique_ptr<st_mysql_stmt, Closer> stmt, std::string endpoint);

  /// Bind `params` to the placeholders, in order, and execute.
  /// Errors: kInvalidArgument if the count differs from the placeholders'; else as
  /// MySqlErrorStatus().
  Status Execute(std::span<const model::Value> params);

  /// Return every row of the result of the last Execute(); no columns if it had no result.
  /// Errors: as MySqlErrorStatus().
  Result<model::RowSet> FetchAll();

 private:
  Status LastError() const;

  std::unique_ptr<st_mysql_stmt, Closer> stmt_;
  std::string endpoint_;
};

}  // namespace retailpipe::db
