// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/delta/delta_schema.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include <simdjson.h>

#include "retailpipe/base/json_writer.h"
#include "retailpipe/delta/json_reader_internal.h"

namespace retailpipe::delta {
namespace {

constexpr int kMaxDecimalPrecision = 38;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

/// Parse "(p,s)" after a decimal type name (spaces allowed); `args` empty gives `fallback`.
Result<DeltaType> ParseDecimalArgs(std::string_view args, std::string_view full,
                                   DeltaType fallback) {
  args = Trim(args);
  if (args.empty()) return fallback;
  Status bad = Status::InvalidArgument("bad decimal type \"" + std::string(full) + "\"");
  if (args.front() != '(' || args.back() != ')') return bad;
  args = args.substr(1, args.size() - 2);
  size_t comma = args.find(',');
  std::string_view p_text = Trim(args.substr(0, comma));
  std::string_view s_text = comma == std::string_view::npos ? "0" : Trim(args.substr(comma + 1));
  DeltaType t{DeltaTypeKind::kDecimal, 0, 0};
  auto p = std::from_chars(p_text.data(), p_text.data() + p_text.size(), t.precision);
  auto s = std::from_chars(s_text.data(), s_text.data() + s_text.size(), t.scale);
  if (p.ec != std::errc() || p.ptr != p_text.data() + p_text.size() || s.ec != std::errc() ||
      s.ptr != s_text.data() + s_text.size() || t.precision < 1 ||
      t.precision > kMaxDecimalPrecision || t.scale < 0 || t.scale > t.precision) {
    return bad;
  }
  return t;
}

/// Return the index of the first '(' or the end, so "DECIMAL(10,2)" splits into name and args.
size_t ArgsStart(std::string_view s) { return std::min(s.find('('), s.size()); }

}  // namespace

const DeltaField* DeltaSchema::Find(std::string_view name) const {
  for (const auto& f : fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

Result<DeltaType> DeltaTypeFromDuckDb(std::string_view duckdb_type) {
  std::string_view full = Trim(duckdb_type);
  size_t args = ArgsStart(full);
  std::string name = Lower(Trim(full.substr(0, args)));
  using K = DeltaTypeKind;
  if (name == "decimal" || name == "numeric") {
    // DuckDB's DECIMAL without arguments is DECIMAL(18,3).
    return ParseDecimalArgs(full.substr(args), full, DeltaType{K::kDecimal, 18, 3});
  }
  if (args == full.size()) {
    if (name == "integer" || name == "int" || name == "int4" || name == "int32" ||
        name == "signed") {
      return DeltaType{K::kInteger};
    }
    if (name == "bigint" || name == "int8" || name == "int64" || name == "long") {
      return DeltaType{K::kLong};
    }
    if (name == "double" || name == "float8") return DeltaType{K::kDouble};
    if (name == "varchar" || name == "text" || name == "string") return DeltaType{K::kString};
    if (name == "date") return DeltaType{K::kDate};
    if (name == "timestamp" || name == "datetime") return DeltaType{K::kTimestamp};
    if (name == "boolean" || name == "bool") return DeltaType{K::kBoolean};
  }
  return Status::InvalidArgument(
      "column type " + std::string(full) +
      " has no Delta mapping here; use INTEGER, BIGINT, DOUBLE, DECIMAL(p,s), VARCHAR, DATE, "
      "TIMESTAMP or BOOLEAN");
}

std::string DuckDbTypeName(const DeltaType& type) {
  switch (type.kind) {
    case DeltaTypeKind::kInteger:
      return "INTEGER";
    case DeltaTypeKind::kLong:
      return "BIGINT";
    case DeltaTypeKind::kDouble:
      return "DOUBLE";
    case DeltaTypeKind::kDecimal:
      return "DECIMAL(" + std::to_string(type.precision) + "," + std::to_string(type.scale) + ")";
    case DeltaTypeKind::kString:
      return "VARCHAR";
    case DeltaTypeKind::kDate:
      return "DATE";
    case DeltaTypeKind::kTimestamp:
      return "TIMESTAMP";
    case DeltaTypeKind::kBoolean:
      return "BOOLEAN";
  }
  return "VARCHAR";
}

std::string DeltaTypeName(const DeltaType& type) {
  switch (type.kind) {
    case DeltaTypeKind::kInteger:
      return "integer";
    case DeltaTypeKind::kLong:
      return "long";
    case DeltaTypeKind::kDouble:
      return "double";
    case DeltaTypeKind::kDecimal:
      return "decimal(" + std::to_string(type.precision) + "," + std::to_string(type.scale) + ")";
    case DeltaTypeKind::kString:
      return "string";
    case DeltaTypeKind::kDate:
      return "date";
    case DeltaTypeKind::kTimestamp:
      return "timestamp";
    case DeltaTypeKind::kBoolean:
      return "boolean";
  }
  return "string";
}

Result<DeltaType> ParseDeltaTypeName(std::string_view name) {
  std::string_view full = Trim(name);
  size_t args = ArgsStart(full);
  std::string base(Trim(full.substr(0, args)));
  using K = DeltaTypeKind;
  if (base == "decimal") {
    if (args == full.size()) return DeltaType{K::kDecimal, 10, 0};  // Spark's default
    return ParseDecimalArgs(full.substr(args), full, DeltaType{});
  }
  if (args == full.size()) {
    if (base == "integer") return DeltaType{K::kInteger};
    if (base == "long") return DeltaType{K::kLong};
    if (base == "double") return DeltaType{K::kDouble};
    if (base == "string") return DeltaType{K::kString};
    if (base == "date") return DeltaType{K::kDate};
    if (base == "timestamp") return DeltaType{K::kTimestamp};
    if (base == "boolean") return DeltaType{K::kBoolean};
  }
  return Status::InvalidArgument("Delta column type \"" + std::string(full) +
                                 "\" is not supported by retailpipe");
}

Result<DeltaSchema> SchemaFromDuckDb(
    const std::vector<std::pair<std::string, std::string>>& columns) {
  DeltaSchema schema;
  std::set<std::string> seen;
  for (const auto& [name, type] : columns) {
    if (name.empty() || !IsValidUtf8(name)) {
      return Status::InvalidArgument("a column name is empty or not valid UTF-8");
    }
    if (!seen.insert(Lower(name)).second) {
      return Status::InvalidArgument("column name \"" + name +
                                     "\" appears twice (Delta names are case-insensitive)");
    }
    auto delta_type = DeltaTypeFromDuckDb(type);
    if (!delta_type) return delta_type.error().WithContext("column \"" + name + "\"");
    schema.fields.push_back({name, *delta_type, true});
  }
  if (schema.fields.empty()) return Status::InvalidArgument("a table needs at least one column");
  return schema;
}

std::string ToSchemaString(const DeltaSchema& schema) {
  JsonWriter w;
  w.BeginObject().Key("type").String("struct").Key("fields").BeginArray();
  for (const auto& f : schema.fields) {
    w.BeginObject()
        .Key("name")
        .String(f.name)
        .Key("type")
        .String(DeltaTypeName(f.type))
        .Key("nullable")
        .Bool(f.nullable)
        .Key("metadata")
        .BeginObject()
        .EndObject()
        .EndObject();
  }
  w.EndArray().EndObject();
  return w.str();
}

Result<DeltaSchema> ParseSchemaString(std::string_view json) {
  simdjson::dom::parser parser;
  internal::JsonObject root;
  if (parser.parse(json.data(), json.size()).get_object().get(root) != simdjson::SUCCESS) {
    return Status::DataError("schemaString is not a JSON object");
  }
  simdjson::dom::array fields;
  if (root["fields"].get_array().get(fields) != simdjson::SUCCESS) {
    return Status::DataError("schemaString has no \"fields\" array");
  }
  DeltaSchema schema;
  for (auto element : fields) {
    internal::JsonObject f;
    if (element.get_object().get(f) != simdjson::SUCCESS) {
      return Status::DataError("schemaString has a field that is not an object");
    }
    RP_ASSIGN_OR_RETURN(std::string_view name, internal::RequiredString(f, "name"));
    std::string_view type_name;
    if (f["type"].get_string().get(type_name) != simdjson::SUCCESS) {
      return Status::InvalidArgument("column \"" + std::string(name) +
                                     "\" has a nested type, which retailpipe does not support");
    }
    auto type = ParseDeltaTypeName(type_name);
    if (!type) return type.error().WithContext("column \"" + std::string(name) + "\"");
    RP_ASSIGN_OR_RETURN(bool nullable, internal::OptionalBool(f, "nullable", true));
    schema.fields.push_back({std::string(name), *type, nullable});
  }
  return schema;
}

}  // namespace retailpipe::delta
