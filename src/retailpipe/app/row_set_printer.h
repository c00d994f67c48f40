// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/model/row_set.h"

namespace retailpipe::app {

/// How `retailpipe sql` prints a result.
enum class RowFormat { kTable, kCsv, kJson };

/// Parse "table", "csv" or "json". Errors: kInvalidArgument listing the choices.
Result<RowFormat> ParseRowFormat(std::string_view name);

/// Return `rows` rendered as an aligned text table (NULL shown as "NULL", with a row count),
/// RFC 4180 CSV with a header (NULL as an empty field), or a JSON array of objects (integers
/// and doubles as numbers, NULL as null, everything else as strings).
std::string FormatRows(const model::RowSet& rows, RowFormat format);

}  // namespace retailpipe::app
