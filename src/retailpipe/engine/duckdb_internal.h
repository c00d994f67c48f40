// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

#include <duckdb.h>

#include "retailpipe/base/status.h"
#include "retailpipe/engine/connection.h"
#include "retailpipe/engine/database.h"
#include "retailpipe/model/row_set.h"

namespace retailpipe::engine {

struct Database::Handle {
  duckdb_database db = nullptr;
  Handle() = default;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { duckdb_close(&db); }
};

struct Connection::Handle {
  duckdb_connection conn = nullptr;
  Handle() = default;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { duckdb_disconnect(&conn); }
};

namespace internal {

/// Owns a duckdb_result, which must be destroyed even when the query failed.
struct ResultOwner {
  duckdb_result result{};
  ResultOwner() = default;
  ResultOwner(const ResultOwner&) = delete;
  ResultOwner& operator=(const ResultOwner&) = delete;
  ~ResultOwner() { duckdb_destroy_result(&result); }
};

/// Owns a duckdb_prepared_statement, which must be destroyed even when preparing failed.
struct PreparedOwner {
  duckdb_prepared_statement stmt = nullptr;
  PreparedOwner() = default;
  PreparedOwner(const PreparedOwner&) = delete;
  PreparedOwner& operator=(const PreparedOwner&) = delete;
  ~PreparedOwner() { duckdb_destroy_prepare(&stmt); }
};

/// Return the StatusCode for a DuckDB error type (see Connection's class comment).
StatusCode CodeForError(duckdb_error_type type);

/// Return the error stored in a failed `result` as a Status.
Status ResultError(duckdb_result& result);

/// Return the error stored in `error` (which this call destroys) as a Status.
Status ErrorDataStatus(duckdb_error_data error, std::string_view fallback);

/// Return true for the types ReadRowSet converts from vectors directly: BOOLEAN, integers
/// up to BIGINT and UINTEGER, FLOAT, DOUBLE and VARCHAR.
bool IsNativeType(duckdb_type type);

/// Convert every row of a successful `result` to a RowSet (mapping in Connection::Query).
model::RowSet ReadRowSet(duckdb_result& result);

}  // namespace internal
}  // namespace retailpipe::engine
