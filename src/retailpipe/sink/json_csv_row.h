// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"

namespace retailpipe::sink {

/// Append `field` to `out` as one RFC 4180 CSV field: verbatim, or between double quotes
/// (inner quotes doubled) when it holds a comma, a quote, CR or LF.
void AppendCsvField(std::string_view field, std::string& out);

/// Turns a record holding one flat JSON object into one CSV row with fixed columns.
///
/// The object must have exactly the configured keys, in any order, each once. Strings are
/// written unescaped, as RFC 4180 fields (quoted only when needed); numbers are written as
/// their JSON text, unquoted (so "10.5" stays "10.5" and a 19-digit id keeps every digit);
/// true and false as such; null as an empty field. Rows end with "\n" (as pandas writes them;
/// RFC 4180 readers accept it). Owns a reusable parser and buffer, so not thread-safe: one
/// per thread.
class JsonCsvRow {
 public:
  /// Make a converter for `columns` (not empty, distinct, non-empty names).
  /// Errors: kInvalidArgument naming the bad column list.
  static Result<std::unique_ptr<JsonCsvRow>> Make(std::vector<std::string> columns);

  ~JsonCsvRow();
  JsonCsvRow(const JsonCsvRow&) = delete;
  JsonCsvRow& operator=(const JsonCsvRow&) = delete;

  /// Return the header row: the column names as CSV fields, then "\n".
  std::string Header() const;

  /// Append the CSV row of the JSON object `json` to `out`. On error `out` is unchanged.
  /// Errors: kDataError naming what is wrong: not JSON, not an object, a missing, unexpected
  /// or repeated key, a nested object or array, a malformed number or string, or trailing text.
  Status Append(std::string_view json, std::string& out);

  const std::vector<std::string>& columns() const { return columns_; }

 private:
  struct Parser;
  JsonCsvRow(std::vector<std::string> columns, std::unique_ptr<Parser> parser);

  std::vector<std::string> columns_;
  std::unique_ptr<Parser> parser_;
};

}  // namespace retailpipe::sink
