// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/db/postgres_warehouse.h"

#include <charconv>
#include <string>
#include <utility>
#include <vector>

#include <libpq-fe.h>

#include "retailpipe/base/log.h"
#include "retailpipe/config/redact.h"
#include "retailpipe/db/postgres_text.h"
#include "retailpipe/db/sql_identifier.h"
#include "retailpipe/db/warehouse_uri.h"

namespace retailpipe::db {
namespace {

using model::Value;

struct ResultCloser {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, ResultCloser>;

// Type OIDs from PostgreSQL's pg_type.h, stable across versions.
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kUnknownOid = 0;  // let the server infer the type from the context

constexpr std::string_view kStartHint = "is the server running? scripts/services.sh start postgres";
constexpr size_t kCopyChunkBytes = size_t{1} << 20;

std::string FirstLine(std::string_view text) {
  const size_t end = text.find_first_of("\r\n");
  return std::string(text.substr(0, end));
}

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

/// Return the error for a failed connection attempt, classified by libpq's message.
Status OpenError(const WarehouseUri& uri, std::string_view libpq_message) {
  const std::string why = uri.Scrub(FirstLine(libpq_message));
  const std::string where = "postgres at " + uri.endpoint();
  if (Contains(libpq_message, "authentication failed") ||
      Contains(libpq_message, "no password supplied")) {
    return Status::InvalidArgument("authentication failed for user " + uri.user + " on " + where +
                                   ": check the user and password in warehouse.uri");
  }
  if (Contains(libpq_message, "does not exist")) {
    return Status::NotFound(where + ": " + why + " (create it, or fix warehouse.uri)");
  }
  if (Contains(libpq_message, "invalid connection option") ||
      Contains(libpq_message, "invalid sslmode") || Contains(libpq_message, "invalid value")) {
    return Status::InvalidArgument("bad option in warehouse.uri for " + where + ": " + why);
  }
  return Status::Unavailable("cannot connect to " + where + ": " + why + "; " +
                             std::string(kStartHint));
}

/// Return `message` minus its trailing newline.
std::string Trimmed(const char* message) {
  std::string out = message != nullptr ? message : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

/// Return the Status for `result`, an error result, classified by its SQLSTATE.
Status ResultError(const PGresult* result, std::string_view endpoint) {
  const char* state_field = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const std::string state = state_field != nullptr ? state_field : "";
  std::string message = Trimmed(PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY));
  if (message.empty()) message = FirstLine(Trimmed(PQresultErrorMessage(result)));
  if (const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL)) {
    message += " (" + Trimmed(detail) + ")";
  }
  message = "postgres " + std::string(endpoint) + ": " + message;
  if (!state.empty()) message += " [SQLSTATE " + state + "]";
  const std::string_view klass = std::string_view(state).substr(0, 2);
  if (klass == "08" || klass == "40" || klass == "53" || klass == "57") {
    return Status::Unavailable(std::move(message));
  }
  if (klass == "22" || klass == "23") return Status::DataError(std::move(message));
  return Status::InvalidArgument(std::move(message));
}

/// The parameters of one statement in libpq's text format. Holds the text the pointers
/// point to, so it must outlive the call.
class BoundParams {
 public:
  explicit BoundParams(std::span<const Value> params) {
    texts_.reserve(params.size());
    for (const Value& v : params) {
      texts_.push_back(model::ToText(v));
      types_.push_back(std::holds_alternative<int64_t>(v)  ? kInt8Oid
                       : std::holds_alternative<double>(v) ? kFloat8Oid
                                                           : kUnknownOid);
    }
    for (size_t i = 0; i < params.size(); ++i) {
      values_.push_back(model::IsNull(params[i]) ? nullptr : texts_[i].c_str());
    }
  }
  int size() const { return static_cast<int>(values_.size()); }
  const Oid* types() const { return types_.data(); }
  const char* const* values() const { return values_.data(); }

 private:
  std::vector<std::string> texts_;
  std::vector<Oid> types_;
  std::vector<const char*> values_;
};

/// Return one field of `result` as a model::Value by its column type.
Value FieldValue(const PGresult* result, int row, int col) {
  if (PQgetisnull(result, row, col) != 0) return Value{};
  const char* text = PQgetvalue(result, row, col);
  const std::string_view view(text, static_cast<size_t>(PQgetlength(result, row, col)));
  const Oid type = PQftype(result, col);
  if (type == kInt8Oid || type == kInt4Oid || type == kInt2Oid || type == kOidOid) {
    int64_t i = 0;
    const auto [ptr, ec] = std::from_chars(view.data(), view.data() + view.size(), i);
    if (ec == std::errc() && ptr == view.data() + view.size()) return i;
  } else if (type == kFloat8Oid || type == kFloat4Oid) {
    double d = 0;
    const auto [ptr, ec] = std::from_chars(view.data(), view.data() + view.size(), d);
    if (ec == std::errc() && ptr == view.data() + view.size()) return d;
  }
  return std::string(view);
}

model::RowSet ToRowSet(const PGresult* result) {
  model::RowSet rows;
  const int num_columns = PQnfields(result);
  for (int c = 0; c < num_columns; ++c) rows.columns.emplace_back(PQfname(result, c));
  const int num_rows = PQntuples(result);
  rows.rows.reserve(static_cast<size_t>(num_rows));
  for (int r = 0; r < num_rows; ++r) {
    std::vector<Value>& row = rows.rows.emplace_back();
    row.reserve(static_cast<size_t>(num_columns));
    for (int c = 0; c < num_columns; ++c) row.push_back(FieldValue(result, r, c));
  }
  return rows;
}

void LogNotice(void* /*arg*/, const char* message) {
  log::Get("db").debug("postgres: {}", Trimmed(message));
}

}  // namespace

void PostgresWarehouse::ConnectionCloser::operator()(pg_conn* conn) const { PQfinish(conn); }

Result<std::unique_ptr<PostgresWarehouse>> PostgresWarehouse::Open(std::string_view uri) {
  RP_ASSIGN_OR_RETURN(const WarehouseUri parsed, WarehouseUri::Parse(uri));
  const std::string port = std::to_string(parsed.port);
  std::vector<std::pair<std::string, std::string>> params = {
      {"host", parsed.host},         {"port", port},
      {"dbname", parsed.database},   {"user", parsed.user},
      {"password", parsed.password}, {"client_encoding", "UTF8"},
      {"connect_timeout", "10"},     {"options", "-c DateStyle=ISO,YMD -c IntervalStyle=iso_8601"}};
  for (const auto& option : parsed.options) params.push_back(option);  // later ones win
  std::vector<const char*> keywords, values;
  for (const auto& [key, value] : params) {
    keywords.push_back(key.c_str());
    values.push_back(value.c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  std::unique_ptr<pg_conn, ConnectionCloser> conn(
      PQconnectdbParams(keywords.data(), values.data(), 0));
  if (conn == nullptr) return Status::Internal("libpq could not allocate a connection");
  if (PQstatus(conn.get()) != CONNECTION_OK) return OpenError(parsed, PQerrorMessage(conn.get()));
  PQsetNoticeProcessor(conn.get(), LogNotice, nullptr);
  log::Get("db").debug("connected to {}", config::RedactUri(uri));
  return std::make_unique<PostgresWarehouse>(std::move(conn), config::RedactUri(uri),
                                             parsed.endpoint());
}

PostgresWarehouse::PostgresWarehouse(std::unique_ptr<pg_conn, ConnectionCloser> conn,
                                     std::string redacted_uri, std::string endpoint)
    : conn_(std::move(conn)),
      redacted_uri_(std::move(redacted_uri)),
      endpoint_(std::move(endpoint)) {}

PostgresWarehouse::~PostgresWarehouse() = default;

Status PostgresWarehouse::ConnectionError(std::string_view what) const {
  return Status::Unavailable("postgres " + endpoint_ + ": " + std::string(what) + ": " +
                             FirstLine(Trimmed(PQerrorMessage(conn_.get()))) + "; " +
                             std::string(kStartHint));
}

Status PostgresWarehouse::Failure(const pg_result* result) const {
  if (PQstatus(conn_.get()) == CONNECTION_BAD) return ConnectionError("the connection broke");
  return ResultError(result, endpoint_);
}

namespace {

/// Run `sql` with `params` on `conn` and return the result, which may hold an error.
Result<PgResult> Run(PGconn* conn, std::string_view sql, std::span<const Value> params) {
  const NumberedSql numbered = NumberPlaceholders(sql);
  if (numbered.placeholders != params.size()) {
    return Status::InvalidArgument("the statement has " + std::to_string(numbered.placeholders) +
                                   " placeholder(s) but " + std::to_string(params.size()) +
                                   " value(s) were given");
  }
  const BoundParams bound(params);
  return PgResult(PQexecParams(conn, numbered.sql.c_str(), bound.size(), bound.types(),
                               bound.values(), nullptr, nullptr, 0));
}

}  // namespace

Status PostgresWarehouse::Execute(std::string_view sql, std::span<const Value> params) {
  RP_ASSIGN_OR_RETURN(PgResult result, Run(conn_.get(), sql, params));
  if (result == nullptr) return ConnectionError("the statement failed");
  const ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return Failure(result.get());
  }
  return Status::OK();
}

Result<model::RowSet> PostgresWarehouse::Query(std::string_view sql,
                                               std::span<const Value> params) {
  RP_ASSIGN_OR_RETURN(PgResult result, Run(conn_.get(), sql, params));
  if (result == nullptr) return ConnectionError("the query failed");
  const ExecStatusType status = PQresultStatus(result.get());
  if (status == PGRES_COMMAND_OK) return model::RowSet{};
  if (status != PGRES_TUPLES_OK) return Failure(result.get());
  return ToRowSet(result.get());
}

Status PostgresWarehouse::Command(const char* sql) {
  PgResult result(PQexec(conn_.get(), sql));
  if (result == nullptr) return ConnectionError(std::string(sql) + " failed");
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    return Failure(result.get());
  }
  return Status::OK();
}

Status PostgresWarehouse::BulkInsert(std::string_view table, const model::RowSet& rows) {
  RP_ASSIGN_OR_RETURN(const std::string target, BulkInsertTarget(table, rows, dialect()));
  if (rows.rows.empty()) return Status::OK();
  const std::string copy = "COPY " + target + " FROM STDIN";
  PgResult start(PQexec(conn_.get(), copy.c_str()));
  if (start == nullptr) return ConnectionError("COPY failed");
  if (PQresultStatus(start.get()) != PGRES_COPY_IN) return Failure(start.get());
  std::string buffer;
  bool sent = true;
  for (size_t r = 0; r < rows.rows.size() && sent; ++r) {
    for (size_t c = 0; c < rows.columns.size(); ++c) {
      if (c > 0) buffer += '\t';
      AppendCopyField(rows.rows[r][c], buffer);
    }
    buffer += '\n';
    if (buffer.size() >= kCopyChunkBytes || r + 1 == rows.rows.size()) {
      sent = PQputCopyData(conn_.get(), buffer.data(), static_cast<int>(buffer.size())) == 1;
      buffer.clear();
    }
  }
  if (!sent || PQputCopyEnd(conn_.get(), nullptr) != 1) return ConnectionError("COPY failed");
  Status status;
  while (PgResult result{PQgetResult(conn_.get())}) {
    if (status.ok() && PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
      status = Failure(result.get());
    }
  }
  return status.WithContext("while copying " + std::to_string(rows.num_rows()) + " rows into " +
                            std::string(table));
}

Status PostgresWarehouse::Begin() {
  if (PQtransactionStatus(conn_.get()) != PQTRANS_IDLE) {
    return Status::FailedPrecondition("a transaction is already open on " + redacted_uri_);
  }
  return Command("BEGIN");
}

Status PostgresWarehouse::Commit() {
  const PGTransactionStatusType state = PQtransactionStatus(conn_.get());
  if (state == PQTRANS_IDLE) {
    return Status::FailedPrecondition("no transaction is open on " + redacted_uri_);
  }
  if (state == PQTRANS_INERROR) {
    // PostgreSQL would answer COMMIT with a silent ROLLBACK; say so instead.
    RP_RETURN_IF_ERROR(Command("ROLLBACK"));
    return Status::FailedPrecondition("the transaction on " + redacted_uri_ +
                                      " was rolled back: a statement in it failed");
  }
  return Command("COMMIT");
}

Status PostgresWarehouse::Rollback() {
  if (PQtransactionStatus(conn_.get()) == PQTRANS_IDLE) {
    return Status::FailedPrecondition("no transaction is open on " + redacted_uri_);
  }
  return Command("ROLLBACK");
}

}  // namespace retailpipe::db
