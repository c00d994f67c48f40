// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "retailpipe/base/result.h"

namespace retailpipe::etl {

/// Return the built-in text of sql/sales/<name> (compiled into the binary), or "" if unknown.
std::string_view BuiltinSalesSql(std::string_view name);

/// The SQL files of the sales ETL (sql/sales/ in the repository): the warehouse schema, the
/// typing macros, the staging and rule queries, and the two marts, which users may edit.
/// A plain value, loaded once per run.
struct SalesSql {
  std::string schema;           ///< schema.sql: warehouse DDL, portable.
  std::string macros;           ///< macros.sql: DuckDB typing macros.
  std::string stage;            ///< stage.sql: typing, with a {source} placeholder.
  std::string checked;          ///< checked.sql: rules and enrichment, {staged} placeholder.
  std::string customer_mart;    ///< customer_mart.sql, over the view enriched_sales.
  std::string sales_team_mart;  ///< sales_team_mart.sql, over the view enriched_sales.
  std::string origin;           ///< "built-in" or the folder the files came from.

  /// Load the files from `dir`, falling back to the built-in text for any file the folder
  /// does not have; an empty `dir` means all built-in. Errors: kNotFound if `dir` is set but
  /// is not a folder, kIoError if a file cannot be read.
  static Result<SalesSql> Load(const std::string& dir);
};

/// Return `text` with every "{name}" replaced by `value`.
std::string ReplacePlaceholder(std::string text, std::string_view name, std::string_view value);

}  // namespace retailpipe::etl
