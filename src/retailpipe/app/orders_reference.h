// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>

#include "retailpipe/base/result.h"
#include "retailpipe/config/options.h"
#include "retailpipe/gen/reference_tables.h"
#include "retailpipe/storage/object_store.h"

// The orders pipeline's gold reference tables as Delta tables in the store:
// <orders.reference_prefix>{clients_address,products,packages}. The list columns of the spec
// (coordinates, product_components) are stored as JSON text, since retailpipe's Delta writer
// supports primitive types only; gen/reference_rows.h reads them back.

namespace retailpipe::app {

/// What WriteReferenceTables() wrote.
struct ReferenceWriteSummary {
  std::string clients_address_path, products_path, packages_path;
  int64_t clients_address = 0, products = 0, packages = 0;
  /// The Delta version each table is at after the write.
  int64_t clients_address_version = 0, products_version = 0, packages_version = 0;
};

/// Write `tables` to the store, replacing what the three tables held (one overwrite commit
/// each, so a reader sees either the old or the new table, never a mix).
/// Errors: storage and engine errors; kFailedPrecondition if a table exists with another
/// schema.
Result<ReferenceWriteSummary> WriteReferenceTables(const config::Config& config,
                                                   storage::ObjectStore& store,
                                                   const gen::ReferenceTables& tables);

/// Load the three tables from the store, once. Errors: kNotFound naming the missing table and
/// the command that writes it (`retailpipe generate reference`); kDataError for rows that do
/// not parse (see gen/reference_rows.h).
Result<std::shared_ptr<const gen::ReferenceTables>> LoadReferenceTables(
    const config::Config& config, storage::ObjectStore& store);

}  // namespace retailpipe::app
