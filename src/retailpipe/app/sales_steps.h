// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "retailpipe/base/result.h"
#include "retailpipe/config/options.h"
#include "retailpipe/db/warehouse.h"
#include "retailpipe/etl/sales_etl.h"
#include "retailpipe/gen/sales_generator.h"
#include "retailpipe/storage/object_store.h"

namespace retailpipe::app {

/// Write the sales dimension tables (customer, store, product, sales_team) into the warehouse,
/// replacing what they held, and the sales CSV files into the store's inbox.
Result<gen::SalesGenSummary> GenerateSales(const config::Config& config,
                                           const gen::SalesGenOptions& options,
                                           storage::ObjectStore& store, db::Warehouse& wh);

/// Return a people's report of a generation: files, rows, bad rows by class, where.
std::string DescribeGeneration(const gen::SalesGenSummary& summary, const config::Config& config);

/// Return a people's report of an ETL run: files and rows in each state, marts, outputs, and
/// where to look at what was quarantined.
std::string DescribeSalesRun(const etl::SalesEtlSummary& summary, const config::Config& config);

/// Return `n` with thousands separators: 1234567 -> "1,234,567".
std::string WithCommas(int64_t n);

}  // namespace retailpipe::app
