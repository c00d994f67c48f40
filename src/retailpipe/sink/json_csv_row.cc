// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/sink/json_csv_row.h"

#include <set>
#include <utility>

#include <simdjson.h>

namespace retailpipe::sink {
namespace {

namespace od = simdjson::ondemand;

Status Bad(std::string_view what) { return Status::DataError(std::string(what)); }

Status BadJson(std::string_view what, simdjson::error_code error) {
  return Status::DataError(std::string(what) + ": " + simdjson::error_message(error));
}

}  // namespace

/// The reusable simdjson state: a parser and a padded copy of the record.
struct JsonCsvRow::Parser {
  od::parser parser;
  std::string padded;
  // Per column, the text to write and whether it was seen in the current record.
  std::vector<std::string_view> values;
  std::vector<bool> is_string;
  std::vector<bool> seen;
};

void AppendCsvField(std::string_view field, std::string& out) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

Result<std::unique_ptr<JsonCsvRow>> JsonCsvRow::Make(std::vector<std::string> columns) {
  if (columns.empty()) return Status::InvalidArgument("a CSV row needs at least one column");
  std::set<std::string_view> names;
  for (const std::string& column : columns) {
    if (column.empty()) return Status::InvalidArgument("a CSV column name is empty");
    if (!names.insert(column).second) {
      return Status::InvalidArgument("the CSV column '" + column + "' is listed twice");
    }
  }
  auto parser = std::make_unique<Parser>();
  parser->values.resize(columns.size());
  parser->is_string.resize(columns.size());
  parser->seen.resize(columns.size());
  return std::unique_ptr<JsonCsvRow>(new JsonCsvRow(std::move(columns), std::move(parser)));
}

JsonCsvRow::JsonCsvRow(std::vector<std::string> columns, std::unique_ptr<Parser> parser)
    : columns_(std::move(columns)), parser_(std::move(parser)) {}

JsonCsvRow::~JsonCsvRow() = default;

std::string JsonCsvRow::Header() const {
  std::string header;
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (i > 0) header += ',';
    AppendCsvField(columns_[i], header);
  }
  header += '\n';
  return header;
}

Status JsonCsvRow::Append(std::string_view json, std::string& out) {
  Parser& p = *parser_;
  p.padded.reserve(json.size() + simdjson::SIMDJSON_PADDING);
  p.padded.assign(json);
  std::fill(p.seen.begin(), p.seen.end(), false);
  od::document doc;
  if (auto e = p.parser.iterate(p.padded.data(), p.padded.size(), p.padded.capacity()).get(doc)) {
    return BadJson("not JSON", e);
  }
  od::object object;
  if (auto e = doc.get_object().get(object)) return BadJson("not a JSON object", e);
  for (auto field_result : object) {
    od::field field;
    if (auto e = std::move(field_result).get(field)) return BadJson("malformed object", e);
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return BadJson("malformed key", e);
    size_t column = 0;
    while (column < columns_.size() && columns_[column] != key) ++column;
    if (column == columns_.size()) return Bad("unexpected key \"" + std::string(key) + "\"");
    if (p.seen[column]) return Bad("key \"" + std::string(key) + "\" appears twice");
    p.seen[column] = true;
    od::value value = field.value();
    od::json_type type;
    if (auto e = value.type().get(type))
      return BadJson("malformed value of " + columns_[column], e);
    std::string_view text;
    p.is_string[column] = false;
    switch (type) {
      case od::json_type::string:
        if (auto e = value.get_string().get(text))
          return BadJson("bad string in " + std::string(key), e);
        p.is_string[column] = true;
        break;
      case od::json_type::number: {
        text = value.raw_json_token();
        // The token runs up to the next structural character, spaces included.
        while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' ||
                                 text.back() == '\r')) {
          text.remove_suffix(1);
        }
        od::number number;
        if (auto e = value.get_number().get(number))
          return BadJson("bad number in " + std::string(key), e);
        break;
      }
      case od::json_type::boolean: {
        bool flag = false;
        if (auto e = value.get_bool().get(flag))
          return BadJson("bad boolean in " + std::string(key), e);
        text = flag ? "true" : "false";
        break;
      }
      case od::json_type::null: {
        bool is_null = false;
        if (value.is_null().get(is_null) || !is_null) return Bad("bad null in " + std::string(key));
        break;
      }
      default:
        return Bad("key \"" + std::string(key) + "\" holds an object or array, not a value");
    }
    p.values[column] = text;
  }
  // Anything after the object (a second value, stray text) is still in bounds.
  if (!doc.current_location().error()) return Bad("text after the JSON object");
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (!p.seen[i]) return Bad("key \"" + columns_[i] + "\" is missing");
  }
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (i > 0) out += ',';
    if (p.is_string[i]) {
      AppendCsvField(p.values[i], out);
    } else {
      out += p.values[i];
    }
  }
  out += '\n';
  return Status::OK();
}

}  // namespace retailpipe::sink
