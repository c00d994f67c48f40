// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "retailpipe/model/row_set.h"

namespace retailpipe::db {

/// A statement whose `?` placeholders were numbered for PostgreSQL ($1, $2, ...).
struct NumberedSql {
  std::string sql;
  /// How many placeholders were numbered.
  size_t placeholders = 0;
};

/// Return `sql` with each `?` that stands outside a '...' or E'...' string, a "..."
/// identifier, a $tag$...$tag$ body and a -- or /* (nested) */ comment replaced by $1, $2, ...
/// in order. Unterminated constructs run to the end of the text, so nothing in them is numbered.
NumberedSql NumberPlaceholders(std::string_view sql);

/// Append `value` to `out` as one field of PostgreSQL's COPY text format: \N for NULL,
/// integers and doubles as numbers, text with backslash, tab, newline and carriage return
/// escaped as \\, \t, \n and \r.
void AppendCopyField(const model::Value& value, std::string& out);

}  // namespace retailpipe::db
