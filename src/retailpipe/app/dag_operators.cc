// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/dag_operators.h"

#include "retailpipe/app/country_sales_load.h"
#include "retailpipe/app/dag_views.h"
#include "retailpipe/app/sales_steps.h"
#include "retailpipe/dag/run_store.h"
#include "retailpipe/dag/task_registry.h"
#include "retailpipe/etl/run_lock.h"
#include "retailpipe/etl/sales_etl.h"

namespace retailpipe::app {
namespace {

Result<dag::TaskOutcome> LoadCountrySales(const OperatorServices& services,
                                          dag::TaskContext& context) {
  RP_ASSIGN_OR_RETURN(std::string country, context.Param("country"));
  RP_ASSIGN_OR_RETURN(auto load, CountrySalesLoad::Open(services.config, services.store,
                                                        services.wh, CreateMissingTable::kNo));
  RP_ASSIGN_OR_RETURN(load::CountryLoadSummary summary, load->LoadCountry(country, context.stop));
  return dag::TaskOutcome{dag::TaskState::kSuccess, DescribeCountryLoad(summary),
                          summary.partial()};
}

Result<dag::TaskOutcome> RunSalesEtl(const OperatorServices& services) {
  etl::SalesEtl etl(services.config, services.store, services.wh);
  RP_ASSIGN_OR_RETURN(etl::SalesEtlSummary summary, etl.Run());
  std::string text = DescribeSalesRun(summary, services.config);
  return dag::TaskOutcome{dag::TaskState::kSuccess, text.substr(0, text.find('\n')),
                          summary.anything_quarantined()};
}

}  // namespace

Status RegisterOperators(const OperatorServices& services, dag::TaskRegistry& registry) {
  RP_RETURN_IF_ERROR(registry.Register(
      std::string(config::kCountrySalesLoadOperator),
      [&services](dag::TaskContext& context) { return LoadCountrySales(services, context); }));
  return registry.Register("etl.sales",
                           [&services](dag::TaskContext&) { return RunSalesEtl(services); });
}

Result<dag::DagRunSummary> RunDag(const OperatorServices& services, std::string_view dag_id,
                                  const dag::RunRequest& request) {
  RP_ASSIGN_OR_RETURN(dag::DagSpec spec, FindDag(services.config, dag_id));
  RP_ASSIGN_OR_RETURN(auto lock, etl::RunLock::Acquire(services.config.data_dir + "/locks/dag-" +
                                                       spec.id + ".lock"));
  dag::TaskRegistry registry;
  RP_RETURN_IF_ERROR(RegisterOperators(services, registry));
  dag::RunStore runs(services.wh);
  dag::DagRunner runner(registry, runs);
  return runner.Run(spec, request);
}

Status FailedRunError(const dag::DagRunSummary& summary) {
  if (summary.run.state == dag::DagRunState::kSuccess) return Status::OK();
  for (const dag::TaskResult& task : summary.tasks) {
    if (task.state != dag::TaskState::kFailed) continue;
    return Status::Unavailable("dag " + summary.run.dag_id + " run " + summary.run.run_id +
                               " failed: task " + task.task_id + " failed after " +
                               std::to_string(task.tries) + " tries: " + task.error);
  }
  return Status::Internal("dag " + summary.run.dag_id + " run " + summary.run.run_id + " failed");
}

}  // namespace retailpipe::app
