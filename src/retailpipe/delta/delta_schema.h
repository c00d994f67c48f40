// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "retailpipe/base/result.h"

namespace retailpipe::delta {

/// The Delta primitive types retailpipe reads and writes (PROTOCOL.md, "Primitive Types").
enum class DeltaTypeKind {
  kInteger,    ///< 4-byte signed; DuckDB INTEGER.
  kLong,       ///< 8-byte signed; DuckDB BIGINT.
  kDouble,     ///< DuckDB DOUBLE.
  kDecimal,    ///< decimal(p,s), 1 <= p <= 38, 0 <= s <= p; DuckDB DECIMAL(p,s).
  kString,     ///< UTF-8 text; DuckDB VARCHAR.
  kDate,       ///< DuckDB DATE.
  kTimestamp,  ///< Microseconds, UTC-adjusted in Parquet; DuckDB TIMESTAMP (UTC wall time).
  kBoolean,    ///< DuckDB BOOLEAN.
};

/// One column type. A plain value.
struct DeltaType {
  DeltaTypeKind kind = DeltaTypeKind::kString;
  int precision = 0;  ///< kDecimal only.
  int scale = 0;      ///< kDecimal only.

  bool operator==(const DeltaType&) const = default;
};

/// One top-level column of a table.
struct DeltaField {
  std::string name;
  DeltaType type;
  bool nullable = true;

  bool operator==(const DeltaField&) const = default;
};

/// A table's columns in order. A plain value; names are unique regardless of case.
struct DeltaSchema {
  std::vector<DeltaField> fields;

  /// Return the field named `name` (exact match), or nullptr.
  const DeltaField* Find(std::string_view name) const;

  bool operator==(const DeltaSchema&) const = default;
};

/// Return the Delta type of a DuckDB type name as DESCRIBE prints it ("INTEGER", "BIGINT",
/// "DOUBLE", "DECIMAL(10,2)", "VARCHAR", "DATE", "TIMESTAMP", "BOOLEAN"; common aliases such as
/// INT, INT8, TEXT, BOOL, NUMERIC(p,s) too, any case). Errors: kInvalidArgument for any other
/// type (nested, unsigned, TIMESTAMP WITH TIME ZONE, ...), naming it.
Result<DeltaType> DeltaTypeFromDuckDb(std::string_view duckdb_type);

/// Return the DuckDB type name of `type`, e.g. "DECIMAL(10,2)".
std::string DuckDbTypeName(const DeltaType& type);

/// Return the Delta (Spark) name of `type`, e.g. "long", "decimal(10,2)".
std::string DeltaTypeName(const DeltaType& type);

/// Parse a Delta primitive type name ("integer", "decimal(10, 2)", ...).
/// Errors: kInvalidArgument for a type outside DeltaTypeKind (short, float, binary, nested...).
Result<DeltaType> ParseDeltaTypeName(std::string_view name);

/// Return a schema from (column name, DuckDB type name) pairs, e.g. DESCRIBE's output.
/// Errors: kInvalidArgument for an unsupported type, an empty or duplicate (case-insensitive)
/// name.
Result<DeltaSchema> SchemaFromDuckDb(
    const std::vector<std::pair<std::string, std::string>>& columns);

/// Return the schema as Delta's schemaString: Spark StructType JSON.
std::string ToSchemaString(const DeltaSchema& schema);

/// Parse a schemaString. Errors: kDataError for malformed JSON, kInvalidArgument for a type
/// retailpipe cannot read (arrays, maps, structs, binary, timestamp_ntz, ...).
Result<DeltaSchema> ParseSchemaString(std::string_view json);

}  // namespace retailpipe::delta
