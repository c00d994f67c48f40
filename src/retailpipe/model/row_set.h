// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace retailpipe::model {

/// One SQL value as it crosses between engines: NULL, a 64-bit integer, a double, or text.
/// Exact types without a native slot (DECIMAL, DATE, TIMESTAMP) travel as their canonical
/// text ("123.45", "2023-05-01"), so no precision is lost between DuckDB, MySQL and PostgreSQL.
using Value = std::variant<std::monostate, int64_t, double, std::string>;

inline bool IsNull(const Value& v) { return std::holds_alternative<std::monostate>(v); }

/// Render a value as text: NULL as "", integers and doubles in shortest round-trip form.
std::string ToText(const Value& v);

/// A small, fully materialised table: column names and rows of values.
///
/// For query results a person reads (`retailpipe sql`), dimension tables and marts. Bulk
/// data never travels as a RowSet; it stays inside the engine. A plain value type: not
/// thread-safe, copyable, movable.
struct RowSet {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;

  size_t num_rows() const { return rows.size(); }
  size_t num_columns() const { return columns.size(); }
  /// Return the index of `name`, or -1 if there is no such column.
  int ColumnIndex(std::string_view name) const;
};

}  // namespace retailpipe::model
