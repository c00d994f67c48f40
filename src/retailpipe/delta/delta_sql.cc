// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/delta/delta_sql.h"

namespace retailpipe::delta {
namespace {

std::string Doubled(std::string_view s, char quote) {
  std::string out(1, quote);
  for (char c : s) {
    out += c;
    if (c == quote) out += quote;
  }
  out += quote;
  return out;
}

}  // namespace

std::string QuoteIdentifier(std::string_view name) { return Doubled(name, '"'); }

std::string QuoteString(std::string_view s) { return Doubled(s, '\''); }

std::string PartitionValueSql(const DeltaField& field) {
  std::string c = QuoteIdentifier(field.name);
  switch (field.type.kind) {
    case DeltaTypeKind::kString:
      return c;
    case DeltaTypeKind::kBoolean:
      return "CASE WHEN " + c + " IS NULL THEN NULL WHEN " + c + " THEN 'true' ELSE 'false' END";
    case DeltaTypeKind::kDate:
      return "strftime(" + c + ", '%Y-%m-%d')";
    case DeltaTypeKind::kTimestamp:
      return "strftime(" + c + ", '%Y-%m-%dT%H:%M:%S.%fZ')";
    default:
      return "CAST(" + c + " AS VARCHAR)";
  }
}

std::string PartitionLiteralSql(const DeltaField& field, const std::optional<std::string>& value) {
  std::string type = DuckDbTypeName(field.type);
  // The protocol reads an empty partition value as null, for every type.
  if (!value || value->empty()) return "CAST(NULL AS " + type + ")";
  return "CAST(" + QuoteString(*value) + " AS " + type + ")";
}

std::string FileColumnSql(const DeltaField& field) {
  std::string c = QuoteIdentifier(field.name);
  if (field.type.kind == DeltaTypeKind::kTimestamp) return "timezone('UTC', " + c + ") AS " + c;
  return c;
}

std::string ReadColumnSql(const DeltaField& field) {
  std::string c = QuoteIdentifier(field.name);
  if (field.type.kind == DeltaTypeKind::kTimestamp) {
    return "timezone('UTC', CAST(" + c + " AS TIMESTAMP WITH TIME ZONE)) AS " + c;
  }
  return "CAST(" + c + " AS " + DuckDbTypeName(field.type) + ") AS " + c;
}

std::string StatsAggregateSql(const DeltaField& field, std::string_view kind) {
  std::string agg = std::string(kind) + "(" + QuoteIdentifier(field.name) + ")";
  switch (field.type.kind) {
    case DeltaTypeKind::kBoolean:
      return "NULL";
    case DeltaTypeKind::kDecimal:
    case DeltaTypeKind::kDate:
      return "CAST(" + agg + " AS VARCHAR)";
    case DeltaTypeKind::kTimestamp:
      return "strftime(timezone('UTC', " + agg + "), '%Y-%m-%dT%H:%M:%S.%gZ')";
    default:
      return agg;
  }
}

}  // namespace retailpipe::delta
