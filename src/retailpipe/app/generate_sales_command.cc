// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/generate_sales_command.h"

#include <cstdio>

#include <CLI/CLI.hpp>

#include "retailpipe/app/sales_steps.h"
#include "retailpipe/app/services.h"

namespace retailpipe::app {

std::string_view GenerateSalesCommand::summary() const {
  return "Write the sales dimension tables and sales CSV files (deterministic with --seed)";
}

void GenerateSalesCommand::Configure(CLI::App& cli) {
  cli.add_option("--files", options_.files, "Plain sales files to write")->capture_default_str();
  cli.add_option("--rows", options_.rows_per_file, "Rows per file")->capture_default_str();
  cli.add_option("--start", options_.start_date, "First sales date, YYYY-MM-DD")
      ->capture_default_str();
  cli.add_option("--end", options_.end_date, "Last sales date, YYYY-MM-DD")->capture_default_str();
  cli.add_option("--seed", options_.seed, "Seed: the same seed gives byte-identical files")
      ->capture_default_str();
  cli.add_option("--customers", options_.customers, "Customers (ids 1..N)")->capture_default_str();
  cli.add_option("--catalogue", catalogue_, "Products: upstream (8, seed 002) or extended (15)")
      ->check(CLI::IsMember({"upstream", "extended"}))
      ->capture_default_str();
  cli.add_flag("--extra-column-file", options_.extra_column_file,
               "Also a file with an extra payment_mode column");
  cli.add_flag("--missing-column-file", options_.missing_column_file,
               "Also a file without store_id (to be quarantined)");
  cli.add_flag("--non-csv-file", options_.non_csv_file, "Also a .json file (to be quarantined)");
  cli.add_option("--datewise", options_.datewise_date,
                 "Also a file with every sale on this date, YYYY-MM-DD");
  cli.add_option("--bad-rows", options_.bad_rows,
                 "Bad rows spread over the plain files (bad dates, numbers, totals, keys)");
  cli.add_flag("--all-variants", all_variants_,
               "All the seeds' test-data variants: extra and missing column files, a non-CSV "
               "file, a date-wise file and 12 bad rows");
  cli.add_option("--threads", options_.threads, "Files written at once (output is the same)")
      ->capture_default_str();
}

Result<Outcome> GenerateSalesCommand::Run(const Context& context) {
  const auto& config = context.config();
  RP_ASSIGN_OR_RETURN(options_.catalogue, gen::ParseCatalogue(catalogue_));
  if (all_variants_) {
    options_.extra_column_file = options_.missing_column_file = options_.non_csv_file = true;
    if (options_.datewise_date.empty()) options_.datewise_date = options_.end_date;
    if (options_.bad_rows == 0) options_.bad_rows = 12;
  }
  RP_ASSIGN_OR_RETURN(auto store, OpenStore(config));
  RP_ASSIGN_OR_RETURN(auto wh, OpenWarehouse(config));
  RP_ASSIGN_OR_RETURN(auto summary, GenerateSales(config, options_, *store, *wh));
  std::string text = DescribeGeneration(summary, config);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return Outcome::kOk;
}

}  // namespace retailpipe::app
