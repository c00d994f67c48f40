// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "retailpipe/base/result.h"

namespace retailpipe::etl {

/// One CSV record as it stands in the file.
struct RawRecord {
  int64_t reader_line = 0;  ///< DuckDB's number for it (see CsvScanner).
  int64_t line_number = 0;  ///< Physical line where the record starts, 1-based.
  std::string text;         ///< The record's bytes without its line terminator.
};

/// Records to find, in DuckDB's terms.
struct RecordLookup {
  /// Line numbers from DuckDB's CSV rejects table, ascending.
  std::vector<int64_t> reader_lines;
  /// 1-based positions among the data rows DuckDB produced (not the header, not blank, not
  /// rejected), ascending: what row_number() OVER () gives on a scan of the file.
  std::vector<int64_t> ordinals;
};

/// What Locate() found, keyed like the lookup.
struct LocatedRecords {
  std::map<int64_t, RawRecord> by_reader_line;
  std::map<int64_t, RawRecord> by_ordinal;
};

/// Reads CSV files record by record with the dialect the ETL uses (RFC 4180: ',' separator,
/// '"' quote, '""' escape, LF or CRLF line ends), numbering records the way DuckDB's CSV
/// reader does in its rejects table: every line end outside quotes counts, blank lines
/// included, line ends inside quotes do not. Stateless; every function is thread-safe.
class CsvScanner {
 public:
  /// Longest header the scanner accepts, in bytes.
  static constexpr size_t kMaxHeaderBytes = 1 << 20;

  /// Return the fields of the file's first non-blank record, unquoted, with a UTF-8 byte
  /// order mark stripped. Errors: kNotFound/kIoError for the file, kDataError if the file has
  /// no record or the header is longer than kMaxHeaderBytes or has an unterminated quote.
  static Result<std::vector<std::string>> ReadHeader(const std::string& path);

  /// Split one record's text into fields (unquoting "..." and "").
  static std::vector<std::string> SplitFields(std::string_view record);

  /// Find the records of `lookup` in one pass, each cut to `max_text` bytes with a
  /// "...[truncated]" marker. Numbers past the end of the file are not found.
  static Result<LocatedRecords> Locate(const std::string& path, const RecordLookup& lookup,
                                       size_t max_text = 64 * 1024);
};

}  // namespace retailpipe::etl
