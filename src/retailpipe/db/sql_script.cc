// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/db/sql_script.h"

#include <cctype>
#include <string>

#include "retailpipe/db/warehouse.h"

namespace retailpipe::db {
namespace {

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

/// Return the index just past the construct (quote, comment, dollar body) starting at `i`,
/// or `i` if none starts there.
size_t SkipQuoted(std::string_view s, size_t i) {
  const char c = s[i];
  if (c == '\'' || c == '"') {
    const size_t end = s.find(c, i + 1);  // a doubled quote re-enters on the next call
    return end == std::string_view::npos ? s.size() : end + 1;
  }
  if (s.substr(i, 2) == "--") {
    const size_t end = s.find('\n', i);
    return end == std::string_view::npos ? s.size() : end + 1;
  }
  if (s.substr(i, 2) == "/*") {
    const size_t end = s.find("*/", i + 2);
    return end == std::string_view::npos ? s.size() : end + 2;
  }
  if (c == '$') {
    const size_t tag_end = s.find('$', i + 1);
    if (tag_end == std::string_view::npos) return i;
    const std::string_view tag = s.substr(i, tag_end - i + 1);
    for (char t : tag.substr(1, tag.size() - 2)) {
      if (!std::isalnum(static_cast<unsigned char>(t)) && t != '_') return i;
    }
    const size_t end = s.find(tag, tag_end + 1);
    return end == std::string_view::npos ? s.size() : end + tag.size();
  }
  return i;
}

bool IsComment(std::string_view s, size_t i) {
  return s.substr(i, 2) == "--" || s.substr(i, 2) == "/*";
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::vector<std::string_view> SplitSqlScript(std::string_view script) {
  std::vector<std::string_view> statements;
  size_t start = 0;
  bool has_code = false;  // the current part holds something besides space and comments
  size_t i = 0;
  while (i < script.size()) {
    if (script[i] == ';') {
      if (has_code) statements.push_back(Trim(script.substr(start, i - start)));
      start = ++i;
      has_code = false;
      continue;
    }
    const size_t next = SkipQuoted(script, i);
    if (!IsComment(script, i) && !IsSpace(script[i])) has_code = true;
    i = next > i ? next : i + 1;
  }
  if (has_code) statements.push_back(Trim(script.substr(start)));
  return statements;
}

Status ExecuteScript(Warehouse& wh, std::string_view script) {
  const std::vector<std::string_view> statements = SplitSqlScript(script);
  for (size_t n = 0; n < statements.size(); ++n) {
    const std::string_view first_line = statements[n].substr(0, statements[n].find('\n'));
    RP_RETURN_IF_ERROR(wh.Execute(statements[n])
                           .WithContext("while running statement " + std::to_string(n + 1) +
                                        " of the script (" + std::string(first_line) + ")"));
  }
  return Status::OK();
}

}  // namespace retailpipe::db
