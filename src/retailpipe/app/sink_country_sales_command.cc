// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/sink_country_sales_command.h"

#include <cstdio>

#include <CLI/CLI.hpp>

#include "retailpipe/app/country_sales_sink.h"
#include "retailpipe/app/services.h"
#include "retailpipe/app/signal_stop.h"
#include "retailpipe/config/units.h"

namespace retailpipe::app {

std::string_view SinkCountrySalesCommand::summary() const {
  return "Stream each country's sales into CSV files in the store, exactly once";
}

void SinkCountrySalesCommand::Configure(CLI::App& cli) {
  cli.add_option("--countries", countries_,
                 "Country codes, comma-separated (default country_sales.countries)")
      ->delimiter(',');
  cli.add_option("--max-records", max_records_,
                 "Cut a file at this many rows (default country_sales.max_records: 10000)");
  cli.add_option("--max-age", max_age_,
                 "...or when its first record is this old, even if no record arrives (default "
                 "country_sales.max_age: 45s)");
  cli.add_option("--stop-when-idle", stop_when_idle_,
                 "Stop once no record arrived for this long, e.g. 5s (default: run until "
                 "Ctrl-C or SIGTERM). Allow for the consumer group to form: with Kafka, 10s+");
  cli.footer(
      "One consumer group per country (country_sales.group: {country}_consumer-group) reads\n"
      "{country}_topic. Each partition has one open CSV file: header row, then one row per\n"
      "record (RFC 4180 quoting, numbers unquoted). A file is cut at max-records rows or\n"
      "max-age, and becomes the object\n"
      "  <inbound_prefix><CC>/<topic>-p<partition>-o<first offset, 20 digits>.csv\n"
      "created only if absent, after its cut was recorded in <CC>/_manifests/; the group's\n"
      "offset is committed only after the upload. So a crash (even kill -9) and a restart\n"
      "rebuild the same files and every record lands in exactly one of them. The local copy\n"
      "goes to <country_sales.local_dir>/Inbound/<CC>/Archived/. Records that are not the\n"
      "expected JSON object are kept in <CC>/_rejected/ with the reason. Ctrl-C uploads the\n"
      "open files and stops; a second Ctrl-C stops at once (nothing is lost: see above).\n"
      "Then load the files with `retailpipe load country-sales`.");
}

Result<Outcome> SinkCountrySalesCommand::Run(const Context& context) {
  config::Config config = context.config();
  config::CountrySalesOptions& cs = config.country_sales;
  if (!countries_.empty()) cs.countries = countries_;
  if (max_records_) cs.max_records = *max_records_;
  if (!max_age_.empty()) {
    auto age = config::ParseDuration(max_age_);
    if (!age.ok()) return age.status().WithContext("--max-age");
    cs.max_age = *age;
  }
  std::chrono::milliseconds idle{0};
  if (!stop_when_idle_.empty()) {
    auto parsed = config::ParseDuration(stop_when_idle_);
    if (!parsed.ok()) return parsed.status().WithContext("--stop-when-idle");
    idle = *parsed;
  }
  RP_RETURN_IF_ERROR(cs.Validate());
  RP_ASSIGN_OR_RETURN(auto store, OpenStore(config));
  const SignalStop signals;
  RP_ASSIGN_OR_RETURN(CountrySalesSinkSummary summary,
                      SinkCountrySales(config, *store, idle, signals.token()));
  const std::string text = DescribeCountrySalesSink(summary);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return Outcome::kOk;
}

}  // namespace retailpipe::app
