// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/db/warehouse.h"
#include "retailpipe/model/row_set.h"

namespace retailpipe::db {

/// Return whether `name` is a plain SQL identifier: [A-Za-z_][A-Za-z0-9_]*.
bool IsPlainIdentifier(std::string_view name);

/// Return `name` quoted for `dialect`: `name` for MySQL; "name" for DuckDB and PostgreSQL,
/// folded to lower case for PostgreSQL so that it names what an unquoted `name` names.
/// Errors: kInvalidArgument if `name` is not a plain identifier (the message quotes it).
Result<std::string> QuoteIdentifier(std::string_view name, Dialect dialect);

/// Return `names` quoted as by QuoteIdentifier and joined by ", ".
/// Errors: kInvalidArgument if `names` is empty or any name is not a plain identifier.
Result<std::string> QuoteIdentifierList(std::span<const std::string> names, Dialect dialect);

/// Return the target of a bulk insert of `rows` into `table`, quoted for `dialect`:
/// `table (column, ...)`.
/// Errors: kInvalidArgument if a name is not a plain identifier, there are no columns, or a
/// row does not hold one value per column.
Result<std::string> BulkInsertTarget(std::string_view table, const model::RowSet& rows,
                                     Dialect dialect);

}  // namespace retailpipe::db
