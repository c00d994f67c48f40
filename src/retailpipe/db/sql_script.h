// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>
#include <vector>

#include "retailpipe/base/status.h"
#include "retailpipe/db/fwd.h"

namespace retailpipe::db {

/// Split `script` into its statements at each top-level ';'. A ';' inside '...' or "..."
/// (with doubled quotes as escapes), a PostgreSQL $tag$...$tag$ body, a -- line comment or a
/// /* block comment */ does not split. Each statement is returned without its ';' and
/// without surrounding whitespace; parts holding only whitespace and comments are dropped.
/// The views point into `script`.
std::vector<std::string_view> SplitSqlScript(std::string_view script);

/// Run each statement of `script` (see SplitSqlScript) on `wh` in order, stopping at the
/// first error. Meant for schema files portable across DuckDB, MySQL and PostgreSQL, so it
/// does not rely on a driver's multi-statement support.
/// Errors: those of Warehouse::Execute(), with context naming the statement's number and
/// its first line.
Status ExecuteScript(Warehouse& wh, std::string_view script);

}  // namespace retailpipe::db
