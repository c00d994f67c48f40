// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/load/country_sale.h"

namespace retailpipe::load {

/// A row (or a whole file) set aside, with where it was and why.
struct QuarantinedRow {
  int64_t line_number = 0;  ///< Physical line, 1-based; 0 for the whole file.
  std::string reason_code;  ///< E.g. "BAD_PRICE"; see ParseCountrySalesCsv().
  std::string reason;       ///< For people: what is wrong and what was expected.
  std::string raw_line;     ///< The record's text (invalid UTF-8 bytes written as \xNN).
};

/// What one CSV file holds.
struct ParsedSalesFile {
  /// Set when the whole file is refused (no row of it is loaded): EMPTY_FILE, BAD_HEADER.
  std::string file_reason_code;
  std::string file_reason;
  bool has_header = false;              ///< False for the seed's headerless files.
  std::vector<CountrySale> rows;        ///< Good rows, sale_id unique, in file order.
  std::vector<QuarantinedRow> rejects;  ///< Bad rows, in file order.
  int64_t duplicate_rows = 0;           ///< Repeats of an earlier row, identical: loaded once.

  bool file_rejected() const { return !file_reason_code.empty(); }
};

/// Parse and check the text of one country sales file of `country` ("US").
///
/// CSV per RFC 4180: ',' separators, fields either bare (no '"' inside) or wholly quoted
/// with '""' for a quote, records ended by LF or CRLF, a UTF-8 byte order mark ignored,
/// blank lines ignored. The first record is the header when it names a column: it must then
/// name the six columns of kCountrySaleColumns, each once, in any order (BAD_HEADER
/// otherwise). A file whose first record names no column is the seed's headerless layout, in
/// kCountrySaleColumns order. A file with no record at all is EMPTY_FILE.
///
/// Each data record is checked strictly; a failing one is quarantined with a reason code:
/// BAD_QUOTING (a stray or unterminated quote), INVALID_ENCODING (not UTF-8, or a control
/// character), FIELD_COUNT (not 6 fields), BAD_SALE_ID (empty, over 128 bytes or padded with
/// spaces), BAD_PRODUCT (empty or over 32 bytes), WRONG_COUNTRY (not `country`: the folder
/// decides), BAD_DATETIME (not a real "YYYY-MM-DD HH:MM:SS[.ffffff]"), BAD_PRICE (not a
/// non-negative decimal with at most 10 integer digits and 2 decimals), BAD_CURRENCY (not
/// three capital letters), DUPLICATE_SALE_ID (the sale_id of an earlier row of the file with
/// other values; a repeat with the same values is counted in duplicate_rows).
/// Never fails: bad input is a verdict. Thread-safe (no shared state).
ParsedSalesFile ParseCountrySalesCsv(std::string_view text, std::string_view country);

}  // namespace retailpipe::load
