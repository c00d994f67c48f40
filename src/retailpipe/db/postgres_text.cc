// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/db/postgres_text.h"

#include <cctype>

namespace retailpipe::db {
namespace {

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

/// Return the index just past the string or quoted identifier that opens with `quote` at `i`.
/// Doubled quotes stay inside; in an E'...' string a backslash escapes the next character.
size_t SkipQuoted(std::string_view s, size_t i) {
  const char quote = s[i];
  const bool backslash_escapes = quote == '\'' && i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e') &&
                                 (i == 1 || !IsWordChar(s[i - 2]));
  for (size_t j = i + 1; j < s.size(); ++j) {
    if (backslash_escapes && s[j] == '\\') {
      ++j;
    } else if (s[j] == quote) {
      if (j + 1 < s.size() && s[j + 1] == quote) {
        ++j;
      } else {
        return j + 1;
      }
    }
  }
  return s.size();
}

/// Return the index just past the block comment opening at `i`; PostgreSQL nests them.
size_t SkipBlockComment(std::string_view s, size_t i) {
  int depth = 0;
  for (size_t j = i; j + 1 < s.size(); ++j) {
    if (s[j] == '/' && s[j + 1] == '*') {
      ++depth;
      ++j;
    } else if (s[j] == '*' && s[j + 1] == '/') {
      ++j;
      if (--depth == 0) return j + 1;
    }
  }
  return s.size();
}

/// Return the index just past the $tag$...$tag$ body opening at `i`, or `i` if none opens.
size_t SkipDollarQuoted(std::string_view s, size_t i) {
  if (i > 0 && IsWordChar(s[i - 1])) return i;
  size_t tag_end = i + 1;
  while (tag_end < s.size() && IsWordChar(s[tag_end])) ++tag_end;
  if (tag_end >= s.size() || s[tag_end] != '$') return i;
  if (tag_end > i + 1 && std::isdigit(static_cast<unsigned char>(s[i + 1])) != 0) return i;
  const std::string_view tag = s.substr(i, tag_end - i + 1);
  const size_t end = s.find(tag, tag_end + 1);
  return end == std::string_view::npos ? s.size() : end + tag.size();
}

/// Return the index just past the literal or comment starting at `i`, or `i` if none does.
size_t SkipNonCode(std::string_view s, size_t i) {
  const char c = s[i];
  if (c == '\'' || c == '"') return SkipQuoted(s, i);
  if (s.substr(i, 2) == "--") {
    const size_t end = s.find('\n', i);
    return end == std::string_view::npos ? s.size() : end + 1;
  }
  if (s.substr(i, 2) == "/*") return SkipBlockComment(s, i);
  if (c == '$') return SkipDollarQuoted(s, i);
  return i;
}

}  // namespace

NumberedSql NumberPlaceholders(std::string_view sql) {
  NumberedSql out;
  out.sql.reserve(sql.size() + 8);
  size_t i = 0;
  while (i < sql.size()) {
    const size_t next = SkipNonCode(sql, i);
    if (next > i) {
      out.sql.append(sql.substr(i, next - i));
      i = next;
    } else if (sql[i] == '?') {
      out.sql += '$' + std::to_string(++out.placeholders);
      ++i;
    } else {
      out.sql += sql[i++];
    }
  }
  return out;
}

void AppendCopyField(const model::Value& value, std::string& out) {
  const auto* text = std::get_if<std::string>(&value);
  if (text == nullptr) {
    out += model::IsNull(value) ? std::string("\\N") : model::ToText(value);
    return;
  }
  for (char c : *text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}

}  // namespace retailpipe::db
