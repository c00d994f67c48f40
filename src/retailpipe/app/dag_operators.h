// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/config/options.h"
#include "retailpipe/dag/dag_runner.h"
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

/// Run the DAG `dag_id` of the config once, as `request` says, with the operators above:
/// hold its lock (<data_dir>/locks/dag-<id>.lock, which the runner's crash detection relies
/// on), keep its history in the warehouse, and return how it ended (a failed run is a
/// summary, not an error). Used by `dag run`, `dag trigger` and `run`.
/// Errors: kNotFound for an unknown DAG (naming the known ones); kFailedPrecondition if
/// another process runs it; those of the run store.
Result<dag::DagRunSummary> RunDag(const OperatorServices& services, std::string_view dag_id,
                                  const dag::RunRequest& request);

/// Return OK if the run succeeded; else kUnavailable naming the failed task, its tries and
/// its last error (kInternal if no task failed, e.g. the run was stopped).
Status FailedRunError(const dag::DagRunSummary& summary);

}  // namespace retailpipe::app
