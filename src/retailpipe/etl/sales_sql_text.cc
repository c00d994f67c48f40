// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/etl/sales_sql_text.h"

#include <algorithm>

namespace retailpipe::etl {

std::string SqlString(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  return out;
}

std::string SqlList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += SqlString(items[i]);
  }
  return out + "]";
}

std::string TrimStatement(std::string_view sql) {
  size_t end = sql.size();
  while (end > 0 &&
         (std::isspace(static_cast<unsigned char>(sql[end - 1])) || sql[end - 1] == ';')) {
    --end;
  }
  return std::string(sql.substr(0, end));
}

std::string ReadCsvCall(const std::vector<std::string>& paths, const SalesFileLayout& layout,
                        const std::string& rejects_table, const std::string& rejects_scan) {
  std::string columns = "{";
  for (size_t i = 0; i < layout.header.size(); ++i) {
    if (i) columns += ", ";
    columns += "'c" + std::to_string(i) + "': 'VARCHAR'";
  }
  columns += "}";
  return "read_csv(" + SqlList(paths) +
         ", header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
         "columns = " +
         columns + ", store_rejects = true, rejects_table = " + SqlString(rejects_table) +
         ", rejects_scan = " + SqlString(rejects_scan) + ", filename = true, null_padding = false)";
}

std::string RawSalesSelect(const SalesFileLayout& layout, std::string_view file_id_expr,
                           const std::string& read_call) {
  std::string sql = "SELECT " + std::string(file_id_expr) + " AS file_id";
  for (std::string_view col : kCoreSalesColumns) {
    auto it = std::find(layout.header.begin(), layout.header.end(), col);
    // Files reach here only after CheckSalesFile() found every core column.
    auto index = static_cast<size_t>(it - layout.header.begin());
    sql += ", r.c" + std::to_string(index) + " AS " + std::string(col);
  }
  if (layout.extra.empty()) {
    sql += ", CAST(NULL AS VARCHAR) AS additional_column";
  } else {
    sql += ", concat_ws(', '";
    for (int index : layout.extra) sql += ", r.c" + std::to_string(index);
    sql += ") AS additional_column";
  }
  return sql + " FROM " + read_call + " r";
}

std::string EmptyRawSource() {
  std::string sql = "(SELECT CAST(NULL AS BIGINT) AS file_id";
  for (std::string_view col : kCoreSalesColumns) {
    sql += ", CAST(NULL AS VARCHAR) AS " + std::string(col);
  }
  return sql + ", CAST(NULL AS VARCHAR) AS additional_column WHERE false)";
}

}  // namespace retailpipe::etl
