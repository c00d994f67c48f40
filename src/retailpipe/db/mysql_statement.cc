// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/db/mysql_statement.h"

#include <algorithm>
#include <utility>
#include <vector>

#include <errmsg.h>
#include <mysql.h>
#include <mysqld_error.h>

namespace retailpipe::db {
namespace {

using model::Value;

constexpr unsigned long kMinTextBuffer = 64;  // room for any DATE/TIME/DATETIME rendering

bool IsConnectionError(unsigned int code) {
  return code == CR_CONNECTION_ERROR || code == CR_CONN_HOST_ERROR ||
         code == CR_SERVER_GONE_ERROR || code == CR_SERVER_LOST || code == CR_UNKNOWN_HOST;
}

struct MetadataCloser {
  void operator()(MYSQL_RES* result) const { mysql_free_result(result); }
};

void BindParam(const Value& value, MYSQL_BIND& bind) {
  // libmariadb only reads parameter buffers; its API is not const-correct.
  if (const auto* i = std::get_if<int64_t>(&value)) {
    bind.buffer_type = MYSQL_TYPE_LONGLONG;
    bind.buffer = const_cast<int64_t*>(i);
  } else if (const auto* d = std::get_if<double>(&value)) {
    bind.buffer_type = MYSQL_TYPE_DOUBLE;
    bind.buffer = const_cast<double*>(d);
  } else if (const auto* s = std::get_if<std::string>(&value)) {
    bind.buffer_type = MYSQL_TYPE_STRING;
    bind.buffer = const_cast<char*>(s->data());
    bind.buffer_length = static_cast<unsigned long>(s->size());
  } else {
    bind.buffer_type = MYSQL_TYPE_NULL;
  }
}

enum class ColumnKind { kInteger, kDouble, kText };

ColumnKind KindOf(enum_field_types type) {
  switch (type) {
    case MYSQL_TYPE_TINY:
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_LONGLONG:
    case MYSQL_TYPE_INT24:
    case MYSQL_TYPE_YEAR:
      return ColumnKind::kInteger;
    case MYSQL_TYPE_FLOAT:
    case MYSQL_TYPE_DOUBLE:
      return ColumnKind::kDouble;
    default:
      return ColumnKind::kText;
  }
}

/// The fetch buffer of one result column.
struct ColumnSlot {
  ColumnKind kind = ColumnKind::kText;
  int64_t integer = 0;
  double real = 0;
  std::vector<char> text;
  unsigned long length = 0;
  my_bool is_null = 0;
  my_bool error = 0;

  void Bind(const MYSQL_FIELD& field, MYSQL_BIND& bind) {
    kind = KindOf(field.type);
    bind.is_null = &is_null;
    bind.error = &error;
    bind.length = &length;
    if (kind == ColumnKind::kInteger) {
      bind.buffer_type = MYSQL_TYPE_LONGLONG;
      bind.buffer = &integer;
    } else if (kind == ColumnKind::kDouble) {
      bind.buffer_type = MYSQL_TYPE_DOUBLE;
      bind.buffer = &real;
    } else {
      text.resize(std::max(field.max_length, kMinTextBuffer) + 1);
      bind.buffer_type = MYSQL_TYPE_STRING;
      bind.buffer = text.data();
      bind.buffer_length = static_cast<unsigned long>(text.size());
    }
  }

  Value Get() const {
    if (is_null != 0) return Value{};
    if (kind == ColumnKind::kInteger) return integer;
    if (kind == ColumnKind::kDouble) return real;
    return std::string(text.data(), std::min<size_t>(length, text.size()));
  }
};

}  // namespace

Status MySqlErrorStatus(unsigned int code, std::string_view sqlstate, std::string_view message,
                        std::string_view endpoint) {
  std::string text = "mysql " + std::string(endpoint) + ": " + std::string(message) + " [error " +
                     std::to_string(code) + ", SQLSTATE " + std::string(sqlstate) + "]";
  const std::string_view klass = sqlstate.substr(0, 2);
  if (IsConnectionError(code) || klass == "08" || klass == "40" || code == ER_LOCK_DEADLOCK ||
      code == ER_LOCK_WAIT_TIMEOUT) {
    return Status::Unavailable(std::move(text));
  }
  if (klass == "22" || klass == "23") return Status::DataError(std::move(text));
  return Status::InvalidArgument(std::move(text));
}

void MySqlStatement::Closer::operator()(st_mysql_stmt* stmt) const { mysql_stmt_close(stmt); }

MySqlStatement::MySqlStatement(std::unique_ptr<st_mysql_stmt, Closer> stmt, std::string endpoint)
    : stmt_(std::move(stmt)), endpoint_(std::move(endpoint)) {}

Result<std::unique_ptr<MySqlStatement>> MySqlStatement::Prepare(st_mysql* conn,
                                                                std::string_view sql,
                                                                std::string endpoint) {
  std::unique_ptr<st_mysql_stmt, Closer> stmt(mysql_stmt_init(conn));
  if (stmt == nullptr) {
    return MySqlErrorStatus(mysql_errno(conn), mysql_sqlstate(conn), mysql_error(conn), endpoint);
  }
  auto statement = std::make_unique<MySqlStatement>(std::move(stmt), std::move(endpoint));
  if (mysql_stmt_prepare(statement->stmt_.get(), sql.data(),
                         static_cast<unsigned long>(sql.size())) != 0) {
    return statement->LastError();
  }
  return statement;
}

Status MySqlStatement::LastError() const {
  return MySqlErrorStatus(mysql_stmt_errno(stmt_.get()), mysql_stmt_sqlstate(stmt_.get()),
                          mysql_stmt_error(stmt_.get()), endpoint_);
}

Status MySqlStatement::Execute(std::span<const Value> params) {
  const unsigned long expected = mysql_stmt_param_count(stmt_.get());
  if (expected != params.size()) {
    return Status::InvalidArgument("the statement has " + std::to_string(expected) +
                                   " placeholder(s) but " + std::to_string(params.size()) +
                                   " value(s) were given");
  }
  std::vector<MYSQL_BIND> binds(params.size());
  for (size_t i = 0; i < params.size(); ++i) BindParam(params[i], binds[i]);
  if (!binds.empty() && mysql_stmt_bind_param(stmt_.get(), binds.data()) != 0) return LastError();
  if (mysql_stmt_execute(stmt_.get()) != 0) return LastError();
  return Status::OK();
}

Result<model::RowSet> MySqlStatement::FetchAll() {
  std::unique_ptr<MYSQL_RES, MetadataCloser> meta(mysql_stmt_result_metadata(stmt_.get()));
  if (meta == nullptr) {
    if (mysql_stmt_errno(stmt_.get()) != 0) return LastError();
    return model::RowSet{};
  }
  const my_bool update_max_length = 1;
  mysql_stmt_attr_set(stmt_.get(), STMT_ATTR_UPDATE_MAX_LENGTH, &update_max_length);
  if (mysql_stmt_store_result(stmt_.get()) != 0) return LastError();
  const unsigned int num_columns = mysql_num_fields(meta.get());
  const MYSQL_FIELD* fields = mysql_fetch_fields(meta.get());
  model::RowSet rows;
  std::vector<ColumnSlot> slots(num_columns);
  std::vector<MYSQL_BIND> binds(num_columns);
  for (unsigned int c = 0; c < num_columns; ++c) {
    rows.columns.emplace_back(fields[c].name, fields[c].name_length);
    slots[c].Bind(fields[c], binds[c]);
  }
  if (num_columns > 0 && mysql_stmt_bind_result(stmt_.get(), binds.data()) != 0) {
    return LastError();
  }
  while (true) {
    const int rc = mysql_stmt_fetch(stmt_.get());
    if (rc == MYSQL_NO_DATA) break;
    if (rc == 1) return LastError();
    if (rc == MYSQL_DATA_TRUNCATED) {
      return Status::Internal("mysql " + endpoint_ + ": a fetched value did not fit its buffer");
    }
    std::vector<Value>& row = rows.rows.emplace_back();
    row.reserve(num_columns);
    for (const ColumnSlot& slot : slots) row.push_back(slot.Get());
  }
  mysql_stmt_free_result(stmt_.get());
  return rows;
}

}  // namespace retailpipe::db
