// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/dag_operators.h"

#include "retailpipe/app/country_sales_load.h"
#include "retailpipe/app/sales_steps.h"
#include "retailpipe/dag/task_registry.h"
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

}  // namespace retailpipe::app
