// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/etl/sales_file_check.h"

namespace retailpipe::etl {

/// The eight columns the ETL's SQL is written against, in the seeds' order.
inline constexpr std::string_view kCoreSalesColumns[] = {
    "customer_id",     "store_id", "product_name", "sales_date",
    "sales_person_id", "price",    "quantity",     "total_cost"};

/// Return `s` as a SQL string literal ('it''s'). The only way text enters generated SQL.
std::string SqlString(std::string_view s);

/// Return a SQL list literal of strings: ['a', 'b'].
std::string SqlList(const std::vector<std::string>& items);

/// Return `sql` without trailing blanks and semicolons, so it can be embedded.
std::string TrimStatement(std::string_view sql);

/// Return the read_csv() call that reads `paths` (all with `layout`) the one way the ETL
/// reads sales files: no sniffing, every column VARCHAR and named c0..cN (so no header text
/// ever reaches SQL), bad records stored in the rejects tables `rejects_table`/`rejects_scan`.
std::string ReadCsvCall(const std::vector<std::string>& paths, const SalesFileLayout& layout,
                        const std::string& rejects_table, const std::string& rejects_scan);

/// Return "SELECT <file_id_expr> AS file_id, <the core columns by name>, <extras joined with
/// ', '> AS additional_column FROM <read_call> r" for files with `layout`.
std::string RawSalesSelect(const SalesFileLayout& layout, std::string_view file_id_expr,
                           const std::string& read_call);

/// Return an empty relation with the columns RawSalesSelect() produces.
std::string EmptyRawSource();

}  // namespace retailpipe::etl
