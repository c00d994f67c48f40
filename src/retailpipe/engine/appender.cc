// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/engine/appender.h"

#include <string>
#include <utility>
#include <variant>

#include <duckdb.h>

#include "retailpipe/base/log.h"
#include "retailpipe/engine/connection.h"
#include "retailpipe/engine/duckdb_internal.h"

namespace retailpipe::engine {

struct Appender::Handle {
  duckdb_appender appender = nullptr;
  Handle() = default;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { duckdb_appender_destroy(&appender); }
};

namespace {

Status AppenderError(duckdb_appender appender, std::string_view fallback) {
  return internal::ErrorDataStatus(duckdb_appender_error_data(appender), fallback);
}

/// Create the appender on "table" or "schema.table".
Status Create(duckdb_connection conn, std::string_view table, duckdb_appender& out) {
  std::string schema;
  std::string name(table);
  if (const size_t dot = name.find('.'); dot != std::string::npos) {
    schema = name.substr(0, dot);
    name.erase(0, dot + 1);
  }
  if (duckdb_appender_create_ext(conn, nullptr, schema.empty() ? nullptr : schema.c_str(),
                                 name.c_str(), &out) == DuckDBError) {
    return Status(StatusCode::kInvalidArgument,
                  AppenderError(out, "cannot create appender").message());
  }
  return Status::OK();
}

Status AddColumns(duckdb_appender appender, std::span<const std::string> columns) {
  for (const std::string& column : columns) {
    if (duckdb_appender_add_column(appender, column.c_str()) == DuckDBError) {
      return Status(StatusCode::kInvalidArgument,
                    AppenderError(appender, "cannot add column").message())
          .WithContext("column '" + column + "'");
    }
  }
  return Status::OK();
}

}  // namespace

Appender::Appender(Key /*key*/, std::unique_ptr<Handle> handle, size_t column_count)
    : handle_(std::move(handle)), column_count_(column_count) {}

Appender::~Appender() {
  if (closed_ || failed_) return;
  if (Status status = Close(); !status.ok()) {
    log::Get("engine").error("closing appender lost its rows: {}", status.ToString());
  }
}

Result<std::unique_ptr<Appender>> Appender::Open(Connection& conn, std::string_view table,
                                                 std::span<const std::string> columns) {
  auto handle = std::make_unique<Handle>();
  const std::string context = "while opening an appender on '" + std::string(table) + "'";
  RP_RETURN_IF_ERROR(Create(conn.handle_->conn, table, handle->appender).WithContext(context));
  RP_RETURN_IF_ERROR(AddColumns(handle->appender, columns).WithContext(context));
  const auto column_count = static_cast<size_t>(duckdb_appender_column_count(handle->appender));
  return std::make_unique<Appender>(Key{}, std::move(handle), column_count);
}

Status Appender::AppendRow(std::span<const model::Value> values) {
  RP_RETURN_IF_ERROR(CheckUsable());
  if (values.size() != column_count_) {
    return Status::InvalidArgument("row has " + std::to_string(values.size()) +
                                   " values but the appender has " + std::to_string(column_count_) +
                                   " columns");
  }
  for (const model::Value& value : values) {
    if (!AppendValue(value).ok()) return Invalidate("while appending a row");
  }
  if (duckdb_appender_end_row(handle_->appender) == DuckDBError) {
    return Invalidate("while ending a row");
  }
  return Status::OK();
}

Status Appender::Flush() {
  RP_RETURN_IF_ERROR(CheckUsable());
  if (duckdb_appender_flush(handle_->appender) == DuckDBError) {
    return Invalidate("while flushing the appender");
  }
  return Status::OK();
}

Status Appender::Close() {
  RP_RETURN_IF_ERROR(CheckUsable());
  closed_ = true;
  if (duckdb_appender_close(handle_->appender) == DuckDBError) {
    return Invalidate("while closing the appender");
  }
  return Status::OK();
}

Status Appender::CheckUsable() const {
  if (failed_) return Status::FailedPrecondition("the appender failed earlier");
  if (closed_) return Status::FailedPrecondition("the appender is closed");
  return Status::OK();
}

Status Appender::AppendValue(const model::Value& value) {
  duckdb_appender app = handle_->appender;
  duckdb_state state = DuckDBSuccess;
  if (std::holds_alternative<std::monostate>(value)) {
    state = duckdb_append_null(app);
  } else if (const auto* i = std::get_if<int64_t>(&value)) {
    state = duckdb_append_int64(app, *i);
  } else if (const auto* d = std::get_if<double>(&value)) {
    state = duckdb_append_double(app, *d);
  } else {
    const auto& text = std::get<std::string>(value);
    state = duckdb_append_varchar_length(app, text.data(), text.size());
  }
  return state == DuckDBError ? Status::DataError("append failed") : Status::OK();
}

Status Appender::Invalidate(std::string_view action) {
  failed_ = true;
  return AppenderError(handle_->appender, "appender failed").WithContext(action);
}

Status LoadRowSet(Connection& conn, std::string_view table, const model::RowSet& rows) {
  if (rows.columns.empty()) {
    return Status::InvalidArgument("cannot load a row set without columns into '" +
                                   std::string(table) + "'");
  }
  RP_ASSIGN_OR_RETURN(auto appender, Appender::Open(conn, table, rows.columns));
  const std::string context = "while loading " + std::to_string(rows.num_rows()) + " rows into '" +
                              std::string(table) + "'";
  for (const auto& row : rows.rows) {
    RP_RETURN_IF_ERROR(appender->AppendRow(row).WithContext(context));
  }
  return appender->Close().WithContext(context);
}

}  // namespace retailpipe::engine
