// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/row_set_printer.h"

#include <algorithm>
#include <cmath>

namespace retailpipe::app {
namespace {

using model::Value;

std::string Cell(const Value& v) { return model::IsNull(v) ? "NULL" : model::ToText(v); }

bool IsNumber(const Value& v) {
  return std::holds_alternative<int64_t>(v) || std::holds_alternative<double>(v);
}

// Display width of UTF-8 text: count code points, not bytes.
size_t Width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Table(const model::RowSet& rows) {
  std::vector<size_t> width(rows.columns.size());
  for (size_t c = 0; c < rows.columns.size(); ++c) width[c] = Width(rows.columns[c]);
  for (const auto& r : rows.rows) {
    for (size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], Width(Cell(r[c])));
  }
  auto line = [&](const std::vector<std::string>& cells, const std::vector<bool>& right) {
    std::string out;
    for (size_t c = 0; c < cells.size(); ++c) {
      std::string pad(width[c] - Width(cells[c]), ' ');
      out += c ? " | " : "";
      out += right[c] ? pad + cells[c] : cells[c] + pad;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(rows.columns, std::vector<bool>(rows.columns.size(), false));
  std::string rule;
  for (size_t c = 0; c < width.size(); ++c) rule += (c ? "-+-" : "") + std::string(width[c], '-');
  out += rule + "\n";
  for (const auto& r : rows.rows) {
    std::vector<std::string> cells;
    std::vector<bool> right;
    for (const auto& v : r) {
      cells.push_back(Cell(v));
      right.push_back(IsNumber(v));
    }
    out += line(cells, right);
  }
  out += "(" + std::to_string(rows.num_rows()) + (rows.num_rows() == 1 ? " row)\n" : " rows)\n");
  return out;
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string Csv(const model::RowSet& rows) {
  std::string out;
  for (size_t c = 0; c < rows.columns.size(); ++c)
    out += (c ? "," : "") + CsvField(rows.columns[c]);
  out += "\n";
  for (const auto& r : rows.rows) {
    for (size_t c = 0; c < r.size(); ++c) out += (c ? "," : "") + CsvField(model::ToText(r[c]));
    out += "\n";
  }
  return out;
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string JsonValue(const Value& v) {
  if (model::IsNull(v)) return "null";
  if (const auto* d = std::get_if<double>(&v); d && !std::isfinite(*d)) return "null";
  if (IsNumber(v)) return model::ToText(v);
  return JsonString(model::ToText(v));
}

std::string Json(const model::RowSet& rows) {
  std::string out = "[";
  for (size_t i = 0; i < rows.rows.size(); ++i) {
    out += i ? ",\n {" : "\n {";
    for (size_t c = 0; c < rows.columns.size(); ++c) {
      out += (c ? ", " : "") + JsonString(rows.columns[c]) + ": " + JsonValue(rows.rows[i][c]);
    }
    out += "}";
  }
  return out + (rows.rows.empty() ? "]\n" : "\n]\n");
}

}  // namespace

Result<RowFormat> ParseRowFormat(std::string_view name) {
  if (name == "table") return RowFormat::kTable;
  if (name == "csv") return RowFormat::kCsv;
  if (name == "json") return RowFormat::kJson;
  return Status::InvalidArgument("unknown format '" + std::string(name) +
                                 "' (use table, csv or json)");
}

std::string FormatRows(const model::RowSet& rows, RowFormat format) {
  switch (format) {
    case RowFormat::kTable:
      return Table(rows);
    case RowFormat::kCsv:
      return Csv(rows);
    case RowFormat::kJson:
      return Json(rows);
  }
  return {};
}

}  // namespace retailpipe::app
