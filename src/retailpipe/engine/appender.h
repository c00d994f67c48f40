// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/engine/fwd.h"
#include "retailpipe/model/row_set.h"

namespace retailpipe::engine {

/// A DuckDB appender: the fast path for inserting many rows into one table.
///
/// Rows are buffered and written on Flush(), Close() or destruction. Text values are cast
/// by DuckDB to the column type, so "2023-05-01" fills a DATE and "12.50" a DECIMAL column.
/// REQUIRES: the Connection outlives the Appender. Not thread-safe. After any error the
/// appender is invalid: the buffered rows are lost and later calls return
/// kFailedPrecondition.
class Appender {
 public:
  /// Open an appender on `table` ("name" or "schema.name"). With `columns`, rows hold just
  /// those columns in that order and the table's other columns get their DEFAULT (or NULL);
  /// without, rows hold every column in table order.
  /// Errors: kInvalidArgument if the table or a column does not exist.
  static Result<std::unique_ptr<Appender>> Open(Connection& conn, std::string_view table,
                                                std::span<const std::string> columns = {});

 private:
  struct Key {
    explicit Key() = default;
  };
  struct Handle;  // owns the duckdb_appender; defined in appender.cc

 public:
  /// Internal: use Open(). Takes ownership of the open `handle`.
  Appender(Key key, std::unique_ptr<Handle> handle, size_t column_count);

  Appender(const Appender&) = delete;
  Appender& operator=(const Appender&) = delete;
  /// Close the appender if Close() was not called; an error is logged on the "engine"
  /// logger at error level, since it cannot be returned.
  ~Appender();

  /// Append one row. REQUIRES: values.size() == column_count().
  /// Errors: kDataError if a value cannot be cast to its column type, kInvalidArgument for
  /// a wrong number of values, kFailedPrecondition after an earlier error or Close().
  Status AppendRow(std::span<const model::Value> values);

  /// Write the buffered rows to the table.
  /// Errors: kDataError for a constraint violation, kFailedPrecondition as AppendRow().
  Status Flush();

  /// Flush and close; afterwards every call fails. Errors: as Flush().
  Status Close();

  /// Return the number of values each row holds.
  size_t column_count() const { return column_count_; }

 private:
  Status CheckUsable() const;
  Status AppendValue(const model::Value& value);
  Status Invalidate(std::string_view action);

  std::unique_ptr<Handle> handle_;
  size_t column_count_;
  bool closed_ = false;
  bool failed_ = false;
};

/// Append every row of `rows` to `table`, matching rows.columns to the table's columns by
/// name; columns of the table missing from `rows` get their DEFAULT (or NULL).
/// Errors: kInvalidArgument if `table` or a column does not exist, kDataError if a value
/// does not fit its column or a constraint fails. DuckDB may write large inputs in several
/// flushes, so run it inside a transaction when a failure must leave the table unchanged.
Status LoadRowSet(Connection& conn, std::string_view table, const model::RowSet& rows);

}  // namespace retailpipe::engine
