// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "retailpipe/base/status.h"
#include "retailpipe/config/options.h"
#include "retailpipe/dag/fwd.h"
#include "retailpipe/db/fwd.h"
#include "retailpipe/storage/fwd.h"

namespace retailpipe::app {

/// What the app's operators work with: the configuration and the opened services. Owned by
/// the command that runs the DAG; must outlive the registry the operators are put in.
struct OperatorServices {
  const config::Config& config;
  storage::ObjectStore& store;
  db::Warehouse& wh;
};

/// Register the operators a DAG in the config can name:
///   country_sales.load (param country): load one country's CSV files, as
///     `retailpipe load country-sales --countries CC` does; partial when rows were quarantined.
///   etl.sales (no params): the sales ETL of seeds 002/003, as `retailpipe etl sales`.
/// Errors: kAlreadyExists if one is registered already.
Status RegisterOperators(const OperatorServices& services, dag::TaskRegistry& registry);

}  // namespace retailpipe::app
