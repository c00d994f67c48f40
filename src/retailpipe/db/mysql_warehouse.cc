// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/db/mysql_warehouse.h"

#include <algorithm>
#include <charconv>
#include <utility>
#include <vector>

#include <errmsg.h>
#include <mysql.h>
#include <mysqld_error.h>

#include "retailpipe/base/log.h"
#include "retailpipe/config/redact.h"
#include "retailpipe/db/mysql_statement.h"
#include "retailpipe/db/sql_identifier.h"
#include "retailpipe/db/warehouse_uri.h"

namespace retailpipe::db {
namespace {

using model::Value;

constexpr std::string_view kStartHint = "is the server running? scripts/services.sh start mariadb";
constexpr unsigned int kDefaultConnectTimeoutSeconds = 10;
constexpr size_t kRowsPerInsert = 500;
constexpr size_t kMaxPlaceholders = 65535;  // the protocol's limit per statement
constexpr const char* kSessionSetup =
    "SET SESSION sql_mode = 'TRADITIONAL,ANSI_QUOTES,PIPES_AS_CONCAT', time_zone = '+00:00'";

Result<unsigned int> ConnectTimeout(const WarehouseUri& uri) {
  unsigned int seconds = kDefaultConnectTimeoutSeconds;
  for (const auto& [key, value] : uri.options) {
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (key != "connect_timeout" || ec != std::errc() || ptr != value.data() + value.size()) {
      return Status::InvalidArgument("bad option '" + key + "' in warehouse.uri for mysql at " +
                                     uri.endpoint() +
                                     "; the only option is connect_timeout=SECONDS");
    }
  }
  return seconds;
}

Status SetOptions(MYSQL* conn, unsigned int connect_timeout) {
  const unsigned int local_infile = 0;               // a server must never read the client's files
  const unsigned int protocol = MYSQL_PROTOCOL_TCP;  // the URI names host:port, even "localhost"
  if (mysql_options(conn, MYSQL_OPT_LOCAL_INFILE, &local_infile) != 0 ||
      mysql_options(conn, MYSQL_OPT_PROTOCOL, &protocol) != 0 ||
      mysql_options(conn, MYSQL_OPT_CONNECT_TIMEOUT, &connect_timeout) != 0 ||
      mysql_options(conn, MYSQL_SET_CHARSET_NAME, "utf8mb4") != 0) {
    return Status::Internal("libmariadb refused a connection option");
  }
  return Status::OK();
}

/// Return the error for a failed connection attempt on `conn`.
Status OpenError(const WarehouseUri& uri, MYSQL* conn) {
  const unsigned int code = mysql_errno(conn);
  const std::string why = uri.Scrub(mysql_error(conn));
  const std::string where = "mysql at " + uri.endpoint();
  if (code == ER_ACCESS_DENIED_ERROR) {
    return Status::InvalidArgument("authentication failed for user " + uri.user + " on " + where +
                                   ": check the user and password in warehouse.uri");
  }
  if (code == ER_BAD_DB_ERROR) {
    return Status::NotFound(where + ": " + why + " (create it, or fix warehouse.uri)");
  }
  if (code >= CR_MIN_ERROR && code <= CR_MAX_ERROR) {
    return Status::Unavailable("cannot connect to " + where + ": " + why + "; " +
                               std::string(kStartHint));
  }
  return MySqlErrorStatus(code, mysql_sqlstate(conn), why, uri.endpoint());
}

/// Return "(?, ?, ...), (?, ?, ...)": `rows` groups of `columns` placeholders.
std::string PlaceholderRows(size_t rows, size_t columns) {
  std::string group = "(";
  for (size_t c = 0; c < columns; ++c) group += c == 0 ? "?" : ", ?";
  group += ")";
  std::string out;
  out.reserve(rows * (group.size() + 2));
  for (size_t r = 0; r < rows; ++r) {
    if (r > 0) out += ", ";
    out += group;
  }
  return out;
}

}  // namespace

void MySqlWarehouse::ConnectionCloser::operator()(st_mysql* conn) const { mysql_close(conn); }

Result<std::unique_ptr<MySqlWarehouse>> MySqlWarehouse::Open(std::string_view uri) {
  RP_ASSIGN_OR_RETURN(const WarehouseUri parsed, WarehouseUri::Parse(uri));
  if (parsed.scheme != "mysql") {
    return Status::InvalidArgument("MySqlWarehouse needs a mysql:// URI, not " +
                                   config::RedactUri(uri));
  }
  RP_ASSIGN_OR_RETURN(const unsigned int timeout, ConnectTimeout(parsed));
  std::unique_ptr<st_mysql, ConnectionCloser> conn(mysql_init(nullptr));
  if (conn == nullptr) return Status::Internal("libmariadb could not allocate a connection");
  RP_RETURN_IF_ERROR(SetOptions(conn.get(), timeout));
  if (mysql_real_connect(conn.get(), parsed.host.c_str(), parsed.user.c_str(),
                         parsed.password.c_str(), parsed.database.c_str(),
                         static_cast<unsigned int>(parsed.port), nullptr, 0) == nullptr) {
    return OpenError(parsed, conn.get());
  }
  auto warehouse =
      std::make_unique<MySqlWarehouse>(std::move(conn), config::RedactUri(uri), parsed.endpoint());
  RP_RETURN_IF_ERROR(warehouse->Command(kSessionSetup));
  log::Get("db").debug("connected to {}", warehouse->redacted_uri());
  return warehouse;
}

MySqlWarehouse::MySqlWarehouse(std::unique_ptr<st_mysql, ConnectionCloser> conn,
                               std::string redacted_uri, std::string endpoint)
    : conn_(std::move(conn)),
      redacted_uri_(std::move(redacted_uri)),
      endpoint_(std::move(endpoint)) {}

MySqlWarehouse::~MySqlWarehouse() = default;

Status MySqlWarehouse::Command(std::string_view sql) {
  MYSQL* conn = conn_.get();
  if (mysql_real_query(conn, sql.data(), static_cast<unsigned long>(sql.size())) != 0) {
    return MySqlErrorStatus(mysql_errno(conn), mysql_sqlstate(conn), mysql_error(conn), endpoint_);
  }
  if (MYSQL_RES* result = mysql_store_result(conn)) {
    mysql_free_result(result);
  } else if (mysql_field_count(conn) != 0) {
    return MySqlErrorStatus(mysql_errno(conn), mysql_sqlstate(conn), mysql_error(conn), endpoint_);
  }
  return Status::OK();
}

Status MySqlWarehouse::Execute(std::string_view sql, std::span<const Value> params) {
  if (params.empty()) return Command(sql);
  RP_ASSIGN_OR_RETURN(auto statement, MySqlStatement::Prepare(conn_.get(), sql, endpoint_));
  return statement->Execute(params);
}

Result<model::RowSet> MySqlWarehouse::Query(std::string_view sql, std::span<const Value> params) {
  RP_ASSIGN_OR_RETURN(auto statement, MySqlStatement::Prepare(conn_.get(), sql, endpoint_));
  RP_RETURN_IF_ERROR(statement->Execute(params));
  return statement->FetchAll();
}

Status MySqlWarehouse::BulkInsert(std::string_view table, const model::RowSet& rows) {
  RP_ASSIGN_OR_RETURN(const std::string target, BulkInsertTarget(table, rows, dialect()));
  const size_t width = rows.num_columns();
  const size_t per_statement =
      std::max<size_t>(1, std::min(kRowsPerInsert, kMaxPlaceholders / width));
  const std::string head = "INSERT INTO " + target + " VALUES ";
  std::unique_ptr<MySqlStatement> full;  // prepared once, for every batch of per_statement rows
  std::vector<Value> values;
  for (size_t begin = 0; begin < rows.num_rows(); begin += per_statement) {
    const size_t count = std::min(per_statement, rows.num_rows() - begin);
    std::unique_ptr<MySqlStatement> partial;
    if (count < per_statement || full == nullptr) {
      RP_ASSIGN_OR_RETURN(
          partial,
          MySqlStatement::Prepare(conn_.get(), head + PlaceholderRows(count, width), endpoint_));
      if (count == per_statement) full = std::move(partial);
    }
    values.clear();
    for (size_t r = begin; r < begin + count; ++r) {
      values.insert(values.end(), rows.rows[r].begin(), rows.rows[r].end());
    }
    MySqlStatement& statement = partial != nullptr ? *partial : *full;
    RP_RETURN_IF_ERROR(statement.Execute(values).WithContext(
        "while inserting rows " + std::to_string(begin) + ".." + std::to_string(begin + count) +
        " into " + std::string(table)));
  }
  return Status::OK();
}

Status MySqlWarehouse::Begin() {
  if (in_transaction_) {
    return Status::FailedPrecondition("a transaction is already open on " + redacted_uri_);
  }
  RP_RETURN_IF_ERROR(Command("START TRANSACTION"));
  in_transaction_ = true;
  return Status::OK();
}

Status MySqlWarehouse::Commit() {
  if (!in_transaction_)
    return Status::FailedPrecondition("no transaction is open on " + redacted_uri_);
  in_transaction_ = false;  // a failed COMMIT ends the transaction too
  return Command("COMMIT");
}

Status MySqlWarehouse::Rollback() {
  if (!in_transaction_)
    return Status::FailedPrecondition("no transaction is open on " + redacted_uri_);
  in_transaction_ = false;
  return Command("ROLLBACK");
}

}  // namespace retailpipe::db
