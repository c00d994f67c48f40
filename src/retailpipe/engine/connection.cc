// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/engine/connection.h"

#include <cctype>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <duckdb.h>

#include "retailpipe/engine/duckdb_internal.h"

namespace retailpipe::engine {
namespace {

// Progress is only tracked when the progress bar is on; printing it would write to stdout.
constexpr const char* kSessionSetup =
    "SET enable_progress_bar = true; SET enable_progress_bar_print = false;";

Status BindParam(duckdb_prepared_statement stmt, idx_t index, const model::Value& value) {
  duckdb_state state = DuckDBSuccess;
  if (std::holds_alternative<std::monostate>(value)) {
    state = duckdb_bind_null(stmt, index);
  } else if (const auto* i = std::get_if<int64_t>(&value)) {
    state = duckdb_bind_int64(stmt, index, *i);
  } else if (const auto* d = std::get_if<double>(&value)) {
    state = duckdb_bind_double(stmt, index, *d);
  } else {
    const auto& text = std::get<std::string>(value);
    state = duckdb_bind_varchar_length(stmt, index, text.data(), text.size());
  }
  if (state == DuckDBError) {
    // DuckDB gives no message for some bind failures (e.g. text that is not valid UTF-8).
    const char* message = duckdb_prepare_error(stmt);
    return Status::DataError("cannot bind parameter " + std::to_string(index) + ": " +
                             (message != nullptr ? message : "the value is not valid UTF-8 text"));
  }
  return Status::OK();
}

Status Prepare(duckdb_connection conn, std::string_view sql, internal::PreparedOwner& out) {
  if (duckdb_prepare(conn, std::string(sql).c_str(), &out.stmt) == DuckDBError) {
    const char* message = duckdb_prepare_error(out.stmt);
    return Status::InvalidArgument(message != nullptr ? message : "cannot prepare statement");
  }
  return Status::OK();
}

Status BindAll(duckdb_prepared_statement stmt, std::span<const model::Value> params) {
  const idx_t expected = duckdb_nparams(stmt);
  if (expected != params.size()) {
    return Status::InvalidArgument("statement has " + std::to_string(expected) +
                                   " placeholders but " + std::to_string(params.size()) +
                                   " values were given");
  }
  for (size_t i = 0; i < params.size(); ++i) {
    RP_RETURN_IF_ERROR(BindParam(stmt, i + 1, params[i]));
  }
  return Status::OK();
}

std::string_view TrimStatementEnd(std::string_view sql) {
  while (!sql.empty() &&
         (sql.back() == ';' || std::isspace(static_cast<unsigned char>(sql.back())))) {
    sql.remove_suffix(1);
  }
  return sql;
}

/// Return `sql` wrapped in a SELECT that casts its columns of non-native types to VARCHAR, so
/// every result column can be read from vectors; "" if `stmt` is no SELECT or needs no cast.
std::string TextCastQuery(duckdb_prepared_statement stmt, std::string_view sql) {
  if (duckdb_prepared_statement_type(stmt) != DUCKDB_STATEMENT_TYPE_SELECT) return {};
  const idx_t count = duckdb_prepared_statement_column_count(stmt);
  std::string select;
  bool any_cast = false;
  for (idx_t col = 0; col < count; ++col) {
    const duckdb_type type = duckdb_prepared_statement_column_type(stmt, col);
    // INVALID, ANY and SQLNULL are left alone: their type is only known after binding.
    const bool cast = !internal::IsNativeType(type) && type != DUCKDB_TYPE_INVALID &&
                      type != DUCKDB_TYPE_ANY && type != DUCKDB_TYPE_SQLNULL;
    const std::string ref = "#" + std::to_string(col + 1);
    select += (col == 0 ? "" : ", ") + (cast ? "CAST(" + ref + " AS VARCHAR)" : ref);
    any_cast = any_cast || cast;
  }
  if (!any_cast) return {};
  // The newline ends a trailing -- comment in `sql`.
  return "SELECT " + select + " FROM (" + std::string(TrimStatementEnd(sql)) +
         "\n) AS rp_text_cast";
}

std::vector<std::string> ColumnNames(duckdb_prepared_statement stmt) {
  std::vector<std::string> names;
  const idx_t count = duckdb_prepared_statement_column_count(stmt);
  for (idx_t col = 0; col < count; ++col) {
    const char* name = duckdb_prepared_statement_column_name(stmt, col);
    names.emplace_back(name != nullptr ? name : "");
    duckdb_free(const_cast<char*>(name));
  }
  return names;
}

/// Prepare `sql`, replaced by its TextCastQuery() when that prepares too.
Status PrepareForRows(duckdb_connection conn, std::string_view sql, internal::PreparedOwner& out,
                      std::vector<std::string>& names) {
  RP_RETURN_IF_ERROR(Prepare(conn, sql, out));
  names = ColumnNames(out.stmt);
  const std::string cast_sql = TextCastQuery(out.stmt, sql);
  if (cast_sql.empty()) return Status::OK();
  internal::PreparedOwner cast;
  // If the wrapped text does not prepare, ReadRowSet's per-value fallback still works.
  if (Prepare(conn, cast_sql, cast).ok()) std::swap(out.stmt, cast.stmt);
  return Status::OK();
}

/// Run `sql` (bound to `params` if any) and leave its result in `out`.
Status Run(duckdb_connection conn, std::string_view sql, std::span<const model::Value> params,
           internal::ResultOwner& out) {
  duckdb_state state = DuckDBSuccess;
  if (params.empty()) {
    state = duckdb_query(conn, std::string(sql).c_str(), &out.result);
  } else {
    internal::PreparedOwner prepared;
    RP_RETURN_IF_ERROR(Prepare(conn, sql, prepared));
    RP_RETURN_IF_ERROR(BindAll(prepared.stmt, params));
    state = duckdb_execute_prepared(prepared.stmt, &out.result);
  }
  if (state == DuckDBError) return internal::ResultError(out.result);
  return Status::OK();
}

}  // namespace

Connection::Connection(Key /*key*/, std::unique_ptr<Handle> handle) : handle_(std::move(handle)) {}

Connection::~Connection() = default;

Result<std::unique_ptr<Connection>> Connection::Open(Database& db) {
  auto handle = std::make_unique<Handle>();
  if (duckdb_connect(db.handle_->db, &handle->conn) == DuckDBError) {
    return Status::IoError("cannot connect to DuckDB database '" + db.path() + "'");
  }
  auto conn = std::make_unique<Connection>(Key{}, std::move(handle));
  RP_RETURN_IF_ERROR(conn->Execute(kSessionSetup));
  return conn;
}

Status Connection::Execute(std::string_view sql) {
  internal::ResultOwner result;
  return Run(handle_->conn, sql, {}, result);
}

Result<model::RowSet> Connection::Query(std::string_view sql,
                                        std::span<const model::Value> params) {
  internal::PreparedOwner prepared;
  std::vector<std::string> names;
  RP_RETURN_IF_ERROR(PrepareForRows(handle_->conn, sql, prepared, names));
  RP_RETURN_IF_ERROR(BindAll(prepared.stmt, params));
  internal::ResultOwner result;
  if (duckdb_execute_prepared(prepared.stmt, &result.result) == DuckDBError) {
    return internal::ResultError(result.result);
  }
  model::RowSet rows = internal::ReadRowSet(result.result);
  if (names.size() == rows.columns.size()) rows.columns = std::move(names);
  return rows;
}

Result<int64_t> Connection::ExecuteCount(std::string_view sql,
                                         std::span<const model::Value> params) {
  internal::ResultOwner result;
  RP_RETURN_IF_ERROR(Run(handle_->conn, sql, params, result));
  return static_cast<int64_t>(duckdb_rows_changed(&result.result));
}

Status Connection::Interrupt() {
  duckdb_interrupt(handle_->conn);
  return Status::OK();
}

double Connection::Progress() const { return duckdb_query_progress(handle_->conn).percentage; }

}  // namespace retailpipe::engine
