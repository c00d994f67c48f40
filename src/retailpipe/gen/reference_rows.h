// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/gen/reference_tables.h"
#include "retailpipe/model/row_set.h"

// Reading the gold tables back from rows, the inverse of ToRowSet() in reference_tables.h: the
// publisher loads the tables once from wherever `generate reference` (or a person) put them.

namespace retailpipe::gen {

/// Return the clients_address rows of `rows`. Columns are found by name (any order; extra
/// columns ignored); numbers may arrive as integers or doubles; `coordinates` is JSON text of
/// an array of numbers. Errors: kDataError naming the table, the row (0-based), the column and
/// what was wrong, e.g. a missing column, a NULL key or malformed JSON.
Result<std::vector<ClientAddress>> ClientsAddressFromRows(const model::RowSet& rows);

/// Return the products rows of `rows`; `product_components` is JSON text of an array of
/// {"package_id", "subpackage_id", "package_quantity"} objects. Errors: as above.
Result<std::vector<Product>> ProductsFromRows(const model::RowSet& rows);

/// Return the packages rows of `rows`. Errors: as above, and kDataError for a repeated
/// (package_id, subpackage_id).
Result<std::vector<Package>> PackagesFromRows(const model::RowSet& rows);

}  // namespace retailpipe::gen
