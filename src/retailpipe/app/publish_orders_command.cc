// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/publish_orders_command.h"

#include <chrono>
#include <cstdio>

#include <CLI/CLI.hpp>

#include "retailpipe/app/orders_steps.h"
#include "retailpipe/config/units.h"

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
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{unsigned(mo)},
                                  std::chrono::day{unsigned(d)}};
  if (!ymd.ok()) return Status::InvalidArgument("--start-time '" + text + "' is not a date");
  return std::chrono::sys_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} +
         std::chrono::seconds{s};
}

}  // namespace

std::string_view PublishOrdersCommand::summary() const {
  return "Generate orders from the reference tables and publish them to the stream";
}

void PublishOrdersCommand::Configure(CLI::App& cli) {
  cli.add_option("-n,--num-orders", num_orders_, "Orders to publish")->capture_default_str();
  auto* interval =
      cli.add_option("--interval", interval_, "Pause between orders, e.g. 200ms or 1s");
  auto* rate = cli.add_option("--rate", rate_, "Orders per second (default: as fast as possible)");
  interval->excludes(rate);
  cli.add_option("--seed", seed_,
                 "Seed of every draw, ids included: the same seed, tables and --start-time give "
                 "the same records (default: a random seed, printed)");
  cli.add_option("--max-items", max_items_, "Most line items per order; P(k) ∝ 1/k")
      ->capture_default_str();
  cli.add_option("--max-quantity", max_quantity_, "Most units per line item; P(k) ∝ 1/k")
      ->capture_default_str();
  cli.add_option("--start-time", start_time_,
                 "Stamp orders from this UTC time, \"YYYY-MM-DD HH:MM:SS\", advancing by the "
                 "pacing, instead of the wall clock (for reproducible output)");
  cli.add_option("--topic", topic_, "Topic to publish to (default: orders.topic)");
  cli.footer(
      "Reads clients_address, products and packages once from orders.reference_prefix (write\n"
      "them with `retailpipe generate reference`), then publishes each order's JSON payload\n"
      "(seeds.md §0.6) with key order_id to the stream at stream.uri, so orders spread over\n"
      "partitions. Products that have no components or name a missing package are never\n"
      "drawn, and are reported. Ends with a flush: every order is acknowledged or the command\n"
      "fails.");
}

Result<Outcome> PublishOrdersCommand::Run(const Context& context) {
  PublishOrdersOptions options;
  options.num_orders = num_orders_;
  if (rate_ < 0) return Status::InvalidArgument("--rate must be > 0");
  if (!interval_.empty()) {
    RP_ASSIGN_OR_RETURN(std::chrono::milliseconds ms, config::ParseDuration(interval_));
    options.pause = ms;
  } else if (rate_ > 0) {
    options.pause = std::chrono::nanoseconds(static_cast<int64_t>(1e9 / rate_));
  }
  if (!start_time_.empty()) {
    RP_ASSIGN_OR_RETURN(options.start_time, ParseStartTime(start_time_));
  }
  options.seed = seed_;
  options.max_items = max_items_;
  options.max_quantity = max_quantity_;
  options.topic = topic_;
  RP_ASSIGN_OR_RETURN(PublishOrdersSummary summary, PublishOrders(context.config(), options));
  std::string text = DescribePublish(summary);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return Outcome::kOk;
}

}  // namespace retailpipe::app
