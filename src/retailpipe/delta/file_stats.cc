// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/delta/file_stats.h"

#include <cmath>
#include <optional>
#include <variant>

#include "retailpipe/base/json_writer.h"
#include "retailpipe/delta/delta_sql.h"
#include "retailpipe/engine/connection.h"

namespace retailpipe::delta {
namespace {

/// The query's columns per field: null count, min, max (after the leading count(*)).
constexpr size_t kColumnsPerField = 3;
/// Length of "YYYY-MM-DDTHH:MM:SS.mmmZ" and "YYYY-MM-DD"; other renderings (infinity, BC
/// dates, years past 9999) are left out of the stats.
constexpr size_t kTimestampStatLength = 24;
constexpr size_t kDateStatLength = 10;

enum class Bound { kMin, kMax };

/// Write `v` as the JSON stats value of `field`, or return false if it has no valid form.
bool WriteStatValue(JsonWriter& w, std::string_view name, const DeltaField& field,
                    const model::Value& v, Bound bound) {
  if (model::IsNull(v)) return false;
  switch (field.type.kind) {
    case DeltaTypeKind::kInteger:
    case DeltaTypeKind::kLong:
      if (!std::holds_alternative<int64_t>(v)) return false;
      w.Key(name).Int(std::get<int64_t>(v));
      return true;
    case DeltaTypeKind::kDouble:
      if (!std::holds_alternative<double>(v) || !std::isfinite(std::get<double>(v))) return false;
      w.Key(name).Double(std::get<double>(v));
      return true;
    case DeltaTypeKind::kDecimal: {
      std::string text = model::ToText(v);
      if (!IsJsonNumber(text)) return false;
      w.Key(name).RawNumber(text);
      return true;
    }
    case DeltaTypeKind::kString: {
      std::string text = model::ToText(v);
      std::string prefix = Utf8Prefix(text, kStatsStringPrefix);
      if (bound == Bound::kMax && prefix.size() != text.size()) return false;
      w.Key(name).String(prefix);
      return true;
    }
    case DeltaTypeKind::kDate:
    case DeltaTypeKind::kTimestamp: {
      std::string text = model::ToText(v);
      size_t want =
          field.type.kind == DeltaTypeKind::kDate ? kDateStatLength : kTimestampStatLength;
      if (text.size() != want || text.find('(') != std::string::npos) return false;
      w.Key(name).String(text);
      return true;
    }
    case DeltaTypeKind::kBoolean:
      return false;
  }
  return false;
}

void WriteBounds(JsonWriter& w, const std::vector<DeltaField>& fields,
                 const std::vector<model::Value>& row, Bound bound) {
  // Row layout: count(*), then per field: null count, min, max.
  size_t offset = bound == Bound::kMin ? 2 : 3;
  for (size_t i = 0; i < fields.size(); ++i) {
    WriteStatValue(w, fields[i].name, fields[i], row[i * kColumnsPerField + offset], bound);
  }
}

}  // namespace

std::string Utf8Prefix(std::string_view s, size_t max_code_points) {
  size_t count = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    // A code point starts at every byte that is not a continuation byte (10xxxxxx).
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && count++ == max_code_points) {
      return std::string(s.substr(0, i));
    }
  }
  return std::string(s);
}

Result<FileStats> ComputeFileStats(engine::Connection& conn, const std::string& path,
                                   const std::vector<DeltaField>& fields) {
  std::string sql = "SELECT count(*)";
  for (const auto& f : fields) {
    std::string c = QuoteIdentifier(f.name);
    sql += ", count(*) - count(" + c + "), " + StatsAggregateSql(f, "min") + ", " +
           StatsAggregateSql(f, "max");
  }
  sql += " FROM read_parquet(" + QuoteString(path) + ")";
  RP_ASSIGN_OR_RETURN(auto rs, conn.Query(sql));
  const auto& row = rs.rows.at(0);
  FileStats out;
  out.num_records = std::get<int64_t>(row[0]);
  JsonWriter w;
  w.BeginObject().Key("numRecords").Int(out.num_records);
  w.Key("minValues").BeginObject();
  WriteBounds(w, fields, row, Bound::kMin);
  w.EndObject().Key("maxValues").BeginObject();
  WriteBounds(w, fields, row, Bound::kMax);
  w.EndObject().Key("nullCount").BeginObject();
  for (size_t i = 0; i < fields.size(); ++i) {
    w.Key(fields[i].name).Int(std::get<int64_t>(row[1 + i * kColumnsPerField]));
  }
  w.EndObject().EndObject();
  out.json = w.str();
  return out;
}

}  // namespace retailpipe::delta
