// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/status.h"
#include "retailpipe/config/options.h"
#include "retailpipe/db/warehouse.h"
#include "retailpipe/storage/object_store.h"

// The Delta tables in the store that `retailpipe sql` can query by name, next to the
// warehouse's own tables: the orders reference tables and the subscriber's tables.

namespace retailpipe::app {

/// One Delta table known by name.
struct LakeTable {
  std::string name;  ///< The SQL name, e.g. "orders_items".
  std::string path;  ///< Its key prefix in the store, e.g. "orders/delta/bronze/orders_items".
};

/// Return every lake table of `config`, in a fixed order.
std::vector<LakeTable> LakeTables(const config::Config& config);

/// Return the lake tables whose names occur in `query` as whole words (any case); the view
/// package_stock (current stock: packages + the ledger's movements) brings packages and
/// stock_movements.
std::vector<LakeTable> LakeTablesNamedIn(const config::Config& config, std::string_view query);

/// Create a temporary view in `warehouse` (which must speak DuckDB SQL) for each of `tables`
/// that exists in `store`, over its latest snapshot; tables not written yet are skipped and
/// returned in `missing`. With both packages and stock_movements, the view package_stock is
/// created too. Data files of non-local stores are cached under engine.temp_dir.
/// Errors: kFailedPrecondition if the warehouse is not DuckDB; Delta, storage and engine errors.
Status CreateLakeViews(const config::Config& config, storage::ObjectStore& store,
                       db::Warehouse& warehouse, const std::vector<LakeTable>& tables,
                       std::vector<std::string>* missing);

}  // namespace retailpipe::app
