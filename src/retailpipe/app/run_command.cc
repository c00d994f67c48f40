// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/run_command.h"

#include <cstdio>

#include <CLI/CLI.hpp>

#include "retailpipe/app/sales_steps.h"
#include "retailpipe/app/services.h"
#include "retailpipe/base/log.h"

namespace retailpipe::app {

std::string_view RunCommand::summary() const {
  return "Run the main job: generate sales data if the inbox is empty, then the sales ETL";
}

void RunCommand::Configure(CLI::App& cli) {
  cli.add_option("--seed", options_.seed, "Seed of the generated data")->capture_default_str();
  cli.add_option("--files", options_.files, "Sales files to generate")->capture_default_str();
  cli.add_option("--rows", options_.rows_per_file, "Rows per generated file")
      ->capture_default_str();
  cli.add_flag("--with-bad-data", with_bad_data_,
               "Generate the seeds' malformed files and some bad rows too, to see quarantine");
  cli.footer(
      "With no config, everything lives under ./retailpipe-data: the store is a folder, the\n"
      "warehouse a DuckDB file. Then try: retailpipe sql \"SELECT * FROM sales_team_data_mart\"");
}

Result<Outcome> RunCommand::Run(const Context& context) {
  const auto& config = context.config();
  RP_ASSIGN_OR_RETURN(auto store, OpenStore(config));
  RP_ASSIGN_OR_RETURN(auto wh, OpenWarehouse(config));
  RP_ASSIGN_OR_RETURN(auto inbox, store->List({config.sales.inbox_prefix, "", "", 1}));
  if (inbox.objects.empty()) {
    if (with_bad_data_) {
      options_.extra_column_file = options_.missing_column_file = options_.non_csv_file = true;
      options_.bad_rows = 12;
    }
    log::Get("app").info("the inbox {} is empty: generating sales data (seed {})",
                         config.sales.inbox_prefix, options_.seed);
    RP_ASSIGN_OR_RETURN(auto generated, GenerateSales(config, options_, *store, *wh));
    std::string text = DescribeGeneration(generated, config);
    std::fwrite(text.data(), 1, text.size(), stdout);
  }
  etl::SalesEtl etl(config, *store, *wh);
  RP_ASSIGN_OR_RETURN(auto summary, etl.Run());
  std::string text = DescribeSalesRun(summary, config);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return summary.anything_quarantined() ? Outcome::kPartial : Outcome::kOk;
}

}  // namespace retailpipe::app
