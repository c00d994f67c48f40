// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "retailpipe/base/result.h"

namespace retailpipe::etl {

/// One CSV record as it stands in the file.
struct RawRecord {
  int64_t record_number = 0;  ///< 1-based; the header is record 1.
  int64_t line_number = 0;    ///< Physical line where the record starts, 1-based.
  std::string text;           ///< The record's bytes without its line terminator.
};

/// Reads CSV files record by record with the dialect the ETL uses (RFC 4180: ',' separator,
/// '"' quote, '""' escape, LF or CRLF line ends, blank lines skipped), so that record numbers
/// match the ones DuckDB's CSV reader reports. Stateless; every function is thread-safe.
class CsvScanner {
 public:
  /// Longest header the scanner accepts, in bytes.
  static constexpr size_t kMaxHeaderBytes = 1 << 20;

  /// Return the fields of the file's first record, unquoted, with a UTF-8 byte order mark
  /// stripped. Errors: kNotFound/kIoError for the file, kDataError if the file has no record
  /// or the header is longer than kMaxHeaderBytes or has an unterminated quote.
  static Result<std::vector<std::string>> ReadHeader(const std::string& path);

  /// Split one record's text into fields (unquoting "..." and "").
  static std::vector<std::string> SplitFields(std::string_view record);

  /// Return the records numbered `wanted` (ascending, unique), each cut to `max_text` bytes
  /// with a "...[truncated]" marker. Numbers past the end of the file are skipped.
  static Result<std::vector<RawRecord>> Extract(const std::string& path,
                                               std::span<const int64_t> wanted,
                                               size_t max_text = 64 * 1024);
};

}  // namespace retailpipe::etl
