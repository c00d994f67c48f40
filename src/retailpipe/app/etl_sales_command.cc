// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/etl_sales_command.h"

#include <cstdio>

#include <CLI/CLI.hpp>

#include "retailpipe/app/sales_steps.h"
#include "retailpipe/app/services.h"

namespace retailpipe::app {

std::string_view EtlSalesCommand::summary() const {
  return "Process the sales files in the inbox into the marts (seeds 002/003)";
}

void EtlSalesCommand::Configure(CLI::App& cli) {
  cli.footer(
      "Steps: list the inbox (sales.inbox_prefix), record each file in the ledger\n"
      "(product_staging_table), quarantine bad files to sales.error_prefix and bad rows to the\n"
      "sales_quarantine table, enrich with customer/store/sales_team, write partitioned Parquet,\n"
      "rebuild the marts of the affected months (sql/sales/*_mart.sql), move the processed files.\n"
      "Safe to re-run and to resume after a crash: a file is processed at most once.\n"
      "Exit code 3 when some file or row was quarantined.");
}

Result<Outcome> EtlSalesCommand::Run(const Context& context) {
  const auto& config = context.config();
  RP_ASSIGN_OR_RETURN(auto store, OpenStore(config));
  RP_ASSIGN_OR_RETURN(auto wh, OpenWarehouse(config));
  etl::SalesEtl etl(config, *store, *wh);
  RP_ASSIGN_OR_RETURN(auto summary, etl.Run());
  std::string text = DescribeSalesRun(summary, config);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return summary.anything_quarantined() ? Outcome::kPartial : Outcome::kOk;
}

}  // namespace retailpipe::app
