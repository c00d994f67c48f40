// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/publish_country_sales_command.h"

#include <cstdio>

#include <CLI/CLI.hpp>

#include "retailpipe/app/country_sales_publish.h"
#include "retailpipe/app/signal_stop.h"

namespace retailpipe::app {
namespace {

// Parse "YYYY-MM-DD HH:MM:SS" (UTC).
Result<std::chrono::sys_seconds> ParseStartTime(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d %2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &tail) !=
          6 ||
      h > 23 || mi > 59 || s > 59) {
    return Status::InvalidArgument("--start-time '" + text +
                                   "' is not \"YYYY-MM-DD HH:MM:SS\" (UTC)");
  }
  const std::chrono::year_month_day ymd{std::chrono::year{y},
                                        std::chrono::month{static_cast<unsigned>(mo)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return Status::InvalidArgument("--start-time '" + text + "' is not a date");
  return std::chrono::sys_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} +
         std::chrono::seconds{s};
}

}  // namespace

std::string_view PublishCountrySalesCommand::summary() const {
  return "Generate product sales per country and publish them, one topic per country";
}

void PublishCountrySalesCommand::Configure(CLI::App& cli) {
  cli.add_option("--countries", countries_,
                 "Country codes, comma-separated (default country_sales.countries: "
                 "US,UK,DE,FR,IT)")
      ->delimiter(',');
  cli.add_option("--batches", batches_,
                 "Batches per country (default country_sales.batches: 20, the seed's "
                 "max_iterations)");
  cli.add_option("--delay", delay_,
                 "Pause before each batch, MIN-MAX drawn uniformly or one duration (default "
                 "country_sales.delay: 10s-15s; 0s to publish at once)");
  cli.add_option("--seed", seed_,
                 "Seed of every draw and of the run id in the sale_ids (default: random, "
                 "printed); the same seed and --start-time give the same records");
  cli.add_option("--sale-frequency", sale_frequency_,
                 "The seed's overall_sale_frequency (default country_sales.sale_frequency: "
                 "20): product p gets int(frequency(p) x 100 x this x k) rows per batch, k "
                 "drawn in 1..5");
  cli.add_option("--start-time", start_time_,
                 "Stamp batches from this UTC time, \"YYYY-MM-DD HH:MM:SS\", advancing by the "
                 "drawn pauses, instead of the wall clock (reproducible records)");
  cli.footer(
      "Each country runs in its own thread with its own producer, as the seed's processes did.\n"
      "A batch holds, for each product p1..p10 in order, int(frequency x 100 x sale_frequency\n"
      "x k) sales (k uniform in 1..5), priced uniformly in the product's range, rounded to\n"
      "cents, in the country's currency. Every record is the JSON object\n"
      "  {\"sale_id\":\"US-<run id>-<batch>-<row>\",\"product_code\":\"p1\",\"country_of_sale\":"
      "\"US\",\n   \"datetime\":\"2025-07-10 02:57:08.123456\",\"selling_price\":10.5,"
      "\"currency\":\"USD\"}\n"
      "published with key sale_id to topic country_sales.topic ({country}_topic) at stream.uri.\n"
      "sale_id is stable and unique (the seed's Python hash() was salted per process). After\n"
      "each batch is acknowledged, \"<country>,<records>,<time>\" is appended to\n"
      "country_sales.count_log. Then run `retailpipe sink country-sales`.");
}

Result<Outcome> PublishCountrySalesCommand::Run(const Context& context) {
  config::Config config = context.config();
  config::CountrySalesOptions& cs = config.country_sales;
  if (!countries_.empty()) cs.countries = countries_;
  if (batches_) cs.batches = *batches_;
  if (!delay_.empty()) cs.delay = delay_;
  if (sale_frequency_) cs.sale_frequency = *sale_frequency_;
  RP_RETURN_IF_ERROR(cs.Validate());
  CountrySalesPublishRequest request;
  request.seed = seed_;
  if (!start_time_.empty()) {
    RP_ASSIGN_OR_RETURN(request.start_time, ParseStartTime(start_time_));
  }
  const SignalStop signals;
  RP_ASSIGN_OR_RETURN(CountrySalesPublishSummary summary,
                      PublishCountrySales(config, request, signals.token()));
  const std::string text = DescribeCountrySalesPublish(summary);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return Outcome::kOk;
}

}  // namespace retailpipe::app
