// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/run_command.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <stop_token>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "retailpipe/app/country_sales_publish.h"
#include "retailpipe/app/country_sales_sink.h"
#include "retailpipe/app/dag_operators.h"
#include "retailpipe/app/dag_views.h"
#include "retailpipe/app/orders_reference.h"
#include "retailpipe/app/orders_steps.h"
#include "retailpipe/app/sales_steps.h"
#include "retailpipe/app/services.h"
#include "retailpipe/app/signal_stop.h"
#include "retailpipe/base/clock.h"
#include "retailpipe/base/log.h"
#include "retailpipe/config/units.h"
#include "retailpipe/gen/reference_tables.h"

namespace retailpipe::app {
namespace {

constexpr const char* kPipelines[] = {"sales", "orders", "country-sales"};

void Print(const std::string& text) { std::fwrite(text.data(), 1, text.size(), stdout); }

void Banner(std::string_view pipeline) {
  Print(fmt::format("\n== {} ==\n", pipeline));
  std::fflush(stdout);
}

Outcome Worse(Outcome a, Outcome b) {
  return (a == Outcome::kPartial || b == Outcome::kPartial) ? Outcome::kPartial : Outcome::kOk;
}

}  // namespace

std::string_view RunCommand::summary() const {
  return "Run the main job: the sales ETL, the orders stream and the country sales stream";
}

void RunCommand::Configure(CLI::App& cli) {
  cli.add_option("--pipelines", pipelines_,
                 "Pipelines to run, in order, comma-separated: sales, orders, country-sales")
      ->delimiter(',')
      ->check(CLI::IsMember({"sales", "orders", "country-sales"}))
      ->capture_default_str();
  cli.add_option("--seed", seed_,
                 "Seed of every generator (default: sales files seed " +
                     std::to_string(options_.seed) +
                     "; orders and country sales a new random seed each run, printed)");
  cli.add_option("--files", options_.files, "Sales files to generate (sales)")
      ->capture_default_str();
  cli.add_option("--rows", options_.rows_per_file, "Rows per generated sales file (sales)")
      ->capture_default_str();
  cli.add_flag("--with-bad-data", with_bad_data_,
               "Generate the seeds' malformed files and some bad rows too, to see quarantine");
  cli.add_option("--orders", orders_, "Orders to publish and subscribe (orders)")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  cli.add_option("--country-batches", country_batches_,
                 "Batches each country publishes (country-sales)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1'000'000));
  cli.add_option("--country-delay", country_delay_,
                 "Pause before each country batch, MIN-MAX or one duration (the seed: 10s-15s)")
      ->capture_default_str();
  cli.add_option("--sink-idle", sink_idle_,
                 "The sink stops once no record arrived for this long (default 3s on the "
                 "local log, 20s on Kafka or Kinesis, for the consumer groups to form)");
  cli.footer(
      "With no config, everything lives under ./retailpipe-data: the store is a folder, the\n"
      "warehouse a DuckDB file, the stream a local durable log. Each pipeline prints its\n"
      "summary; the run stops at the first pipeline that fails. Then try:\n"
      "  retailpipe sql \"SELECT * FROM sales_team_data_mart\"\n"
      "  retailpipe sql \"SELECT status, count(*) FROM orders GROUP BY ALL\"\n"
      "  retailpipe sql \"SELECT country, count(*) FROM stage_sales GROUP BY ALL\"\n"
      "  retailpipe dag history load_s3_to_db\n"
      "Exit code 3 when some input was quarantined or rejected (see each summary).");
}

Result<Outcome> RunCommand::Run(const Context& context) {
  const config::Config& config = context.config();
  Stopwatch watch;
  Outcome outcome = Outcome::kOk;
  for (const char* pipeline : kPipelines) {
    if (std::find(pipelines_.begin(), pipelines_.end(), pipeline) == pipelines_.end()) continue;
    Banner(pipeline);
    const std::string_view name = pipeline;
    Result<Outcome> result = name == "sales"    ? RunSales(config)
                             : name == "orders" ? RunOrders(config)
                                                : RunCountrySales(config);
    if (!result.ok()) return result.status().WithContext("pipeline " + std::string(name));
    outcome = Worse(outcome, *result);
  }
  Print(fmt::format("\nrun finished in {:.1f} s{}\n", watch.seconds(),
                    outcome == Outcome::kPartial
                        ? ": some input was quarantined or rejected (see the summaries above)"
                        : ""));
  return outcome;
}

Result<Outcome> RunCommand::RunSales(const config::Config& config) {
  RP_ASSIGN_OR_RETURN(auto store, OpenStore(config));
  RP_ASSIGN_OR_RETURN(auto wh, OpenWarehouse(config));
  RP_ASSIGN_OR_RETURN(auto inbox, store->List({config.sales.inbox_prefix, "", "", 1}));
  if (inbox.objects.empty()) {
    gen::SalesGenOptions options = options_;
    if (seed_) options.seed = *seed_;
    if (with_bad_data_) {
      options.extra_column_file = options.missing_column_file = options.non_csv_file = true;
      options.bad_rows = 12;
    }
    log::Get("app").info("the inbox {} is empty: generating sales data (seed {})",
                         config.sales.inbox_prefix, options.seed);
    RP_ASSIGN_OR_RETURN(auto generated, GenerateSales(config, options, *store, *wh));
    Print(DescribeGeneration(generated, config));
  }
  etl::SalesEtl etl(config, *store, *wh);
  RP_ASSIGN_OR_RETURN(auto summary, etl.Run());
  Print(DescribeSalesRun(summary, config));
  return summary.anything_quarantined() ? Outcome::kPartial : Outcome::kOk;
}

Result<Outcome> RunCommand::RunOrders(const config::Config& config) {
  RP_ASSIGN_OR_RETURN(auto store, OpenStore(config));
  Result<std::shared_ptr<const gen::ReferenceTables>> reference =
      LoadReferenceTables(config, *store);
  if (!reference.ok() && reference.status().code() != StatusCode::kNotFound) {
    return reference.status();
  }
  if (!reference.ok()) {
    gen::ReferenceOptions options;
    if (seed_) options.seed = *seed_;
    log::Get("app").info("no orders reference tables under {}: generating them (seed {})",
                         config.orders.reference_prefix, options.seed);
    RP_ASSIGN_OR_RETURN(
        ReferenceWriteSummary written,
        WriteReferenceTables(config, *store, gen::GenerateReferenceTables(options)));
    Print(fmt::format("reference tables written: {} clients_address, {} products, {} packages\n",
                      written.clients_address, written.products, written.packages));
  }
  PublishOrdersOptions publish;
  publish.num_orders = orders_;
  publish.seed = seed_;
  RP_ASSIGN_OR_RETURN(PublishOrdersSummary published, PublishOrders(config, publish));
  Print(DescribePublish(published));

  const SignalStop signals;
  std::atomic<bool> stop{false};
  std::stop_callback on_signal(signals.token(), [&stop] { stop = true; });
  SubscribeOrdersOptions subscribe;
  subscribe.once = true;
  Stopwatch watch;
  RP_ASSIGN_OR_RETURN(orders::SubscribeSummary subscribed,
                      SubscribeOrders(config, subscribe, stop));
  Print(DescribeSubscribe(subscribed, watch.seconds(), config));
  return subscribed.rejected > 0 ? Outcome::kPartial : Outcome::kOk;
}

Result<Outcome> RunCommand::RunCountrySales(const config::Config& base) {
  config::Config config = base;
  config.country_sales.batches = country_batches_;
  config.country_sales.delay = country_delay_;
  RP_RETURN_IF_ERROR(config.country_sales.Validate());
  // A Kafka consumer group takes seconds to form; the local log has none.
  const bool local = config.stream.uri.starts_with("log://");
  auto idle = config::ParseDuration(sink_idle_.empty() ? (local ? "3s" : "20s") : sink_idle_);
  if (!idle.ok()) return idle.status().WithContext("--sink-idle");

  const SignalStop signals;
  CountrySalesPublishRequest request;
  request.seed = seed_;
  RP_ASSIGN_OR_RETURN(CountrySalesPublishSummary published,
                      PublishCountrySales(config, request, signals.token()));
  Print(DescribeCountrySalesPublish(published));
  if (published.stopped) return Status::Cancelled("stopped during the country sales publish");

  RP_ASSIGN_OR_RETURN(auto store, OpenStore(config));
  RP_ASSIGN_OR_RETURN(CountrySalesSinkSummary sunk,
                      SinkCountrySales(config, *store, *idle, signals.token()));
  Print(DescribeCountrySalesSink(sunk));

  RP_ASSIGN_OR_RETURN(auto wh, OpenWarehouse(config));
  RP_ASSIGN_OR_RETURN(dag::DagRunSummary loaded,
                      RunDag(OperatorServices{config, *store, *wh}, "load_s3_to_db", {}));
  Print(DescribeDagRun(loaded));
  RP_RETURN_IF_ERROR(FailedRunError(loaded));
  return loaded.partial() ? Outcome::kPartial : Outcome::kOk;
}

}  // namespace retailpipe::app
