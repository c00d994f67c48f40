// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/load_country_sales_command.h"

#include <cstdio>

#include <CLI/CLI.hpp>

#include "retailpipe/app/country_sales_load.h"
#include "retailpipe/app/services.h"
#include "retailpipe/app/signal_stop.h"
#include "retailpipe/base/clock.h"
#include "retailpipe/base/log.h"

namespace retailpipe::app {

std::string_view LoadCountrySalesCommand::summary() const {
  return "Load the country sales CSV files into stage.sales (seed 004's load_s3_to_db)";
}

void LoadCountrySalesCommand::Configure(CLI::App& cli) {
  cli.add_option("--countries", countries_,
                 "Country codes in load order, comma-separated (default country_sales.countries)")
      ->delimiter(',');
  cli.add_option("--target", target_,
                 "warehouse, or dynamodb://TABLE[?endpoint=URL&region=R] (default "
                 "country_sales.target)");
  cli.add_flag("--create-table", create_table_,
               "Create the DynamoDB table if it is missing (key sale_id, on demand)");
  cli.footer(
      "For each country in turn: list the top level of <inbound_prefix><CC>/ page by page\n"
      "(Archived/, Processed/ and the sink's folders are not read), check each .csv file\n"
      "strictly (header, six columns, real datetimes, prices with 2 decimals, the folder's\n"
      "country), write its good rows keyed by sale_id, record its bad rows with their line\n"
      "and reason in the warehouse table country_sales_quarantine, and only then move the\n"
      "file to <CC>/Processed/. A file it cannot use at all goes to <CC>/Quarantine/.\n"
      "Targets: the warehouse table stage_sales (typed columns; the default), or a DynamoDB\n"
      "table with typed attributes (selling_price a number) written by BatchWriteItem in\n"
      "batches of 25, unprocessed items sent again with backoff. Credentials and region for\n"
      "DynamoDB come from the AWS variables and files. Re-running is safe: the key replaces.\n"
      "The DAG load_s3_to_db runs the same load as one task per country:\n"
      "  retailpipe dag run load_s3_to_db\n"
      "Exit code 3 when some row or file was quarantined.");
}

Result<Outcome> LoadCountrySalesCommand::Run(const Context& context) {
  config::Config config = context.config();
  if (!countries_.empty()) config.country_sales.countries = countries_;
  if (!target_.empty()) config.country_sales.target = target_;
  RP_RETURN_IF_ERROR(config.country_sales.Validate());
  RP_ASSIGN_OR_RETURN(auto store, OpenStore(config));
  RP_ASSIGN_OR_RETURN(auto wh, OpenWarehouse(config));
  RP_ASSIGN_OR_RETURN(auto load, CountrySalesLoad::Open(config, *store, *wh,
                                                        create_table_ ? CreateMissingTable::kYes
                                                                      : CreateMissingTable::kNo));
  log::Get("app").info("loading country sales from {} into {}", store->uri(), load->target());
  const SignalStop signals;
  Stopwatch watch;
  std::vector<load::CountryLoadSummary> summaries;
  for (const std::string& country : config.country_sales.countries) {
    RP_ASSIGN_OR_RETURN(load::CountryLoadSummary summary,
                        load->LoadCountry(country, signals.token()));
    log::Get("app").info("{}", DescribeCountryLoad(summary));
    summaries.push_back(std::move(summary));
  }
  const std::string text = DescribeCountryLoads(summaries, load->target(), watch.seconds());
  std::fwrite(text.data(), 1, text.size(), stdout);
  bool partial = false;
  for (const auto& s : summaries) partial = partial || s.partial();
  return partial ? Outcome::kPartial : Outcome::kOk;
}

}  // namespace retailpipe::app
