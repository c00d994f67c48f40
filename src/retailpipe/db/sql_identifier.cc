// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/db/sql_identifier.h"

#include <cctype>
#include <string>

namespace retailpipe::db {
namespace {

bool IsIdentifierStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
}
bool IsIdentifierPart(char c) {
  return IsIdentifierStart(c) || std::isdigit(static_cast<unsigned char>(c)) != 0;
}

}  // namespace

bool IsPlainIdentifier(std::string_view name) {
  if (name.empty() || !IsIdentifierStart(name.front())) return false;
  for (char c : name) {
    if (!IsIdentifierPart(c)) return false;
  }
  return true;
}

Result<std::string> QuoteIdentifier(std::string_view name, Dialect dialect) {
  if (!IsPlainIdentifier(name)) {
    // Only safe characters are echoed: the name may be anything.
    std::string shown;
    for (char c : name.substr(0, 64))
      shown += std::isprint(static_cast<unsigned char>(c)) ? c : '?';
    return Status::InvalidArgument("'" + shown +
                                   "' is not a plain SQL identifier ([A-Za-z_][A-Za-z0-9_]*)");
  }
  if (dialect == Dialect::kMySql) return "`" + std::string(name) + "`";
  std::string out = "\"";
  for (char c : name) {
    out += dialect == Dialect::kPostgres
               ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
               : c;
  }
  return out + "\"";
}

Result<std::string> QuoteIdentifierList(std::span<const std::string> names, Dialect dialect) {
  if (names.empty()) return Status::InvalidArgument("an empty column list");
  std::string out;
  for (const std::string& name : names) {
    RP_ASSIGN_OR_RETURN(std::string quoted, QuoteIdentifier(name, dialect));
    if (!out.empty()) out += ", ";
    out += quoted;
  }
  return out;
}

Result<std::string> BulkInsertTarget(std::string_view table, const model::RowSet& rows,
                                     Dialect dialect) {
  RP_ASSIGN_OR_RETURN(const std::string quoted_table, QuoteIdentifier(table, dialect));
  RP_ASSIGN_OR_RETURN(const std::string columns, QuoteIdentifierList(rows.columns, dialect));
  for (size_t r = 0; r < rows.rows.size(); ++r) {
    if (rows.rows[r].size() != rows.columns.size()) {
      return Status::InvalidArgument("row " + std::to_string(r) + " for " + quoted_table + " has " +
                                     std::to_string(rows.rows[r].size()) + " values for " +
                                     std::to_string(rows.columns.size()) + " columns");
    }
  }
  return quoted_table + " (" + columns + ")";
}

}  // namespace retailpipe::db
