// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/publish_orders_command.h"

#include <chrono>
#include <cstdio>
#include <random>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "retailpipe/app/orders_reference.h"
#include "retailpipe/app/services.h"
#include "retailpipe/base/log.h"
#include "retailpipe/config/redact.h"
#include "retailpipe/config/units.h"
#include "retailpipe/gen/civil_date.h"
#include "retailpipe/gen/order_generator.h"
#include "retailpipe/stream/stream.h"

namespace retailpipe::app {
namespace {

using Clock = std::chrono::steady_clock;

spdlog::logger& Log() { return log::Get("orders"); }

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
  const config::Config& config = context.config();
  if (num_orders_ < 0) return Status::InvalidArgument("--num-orders must be >= 0");
  if (rate_ < 0) return Status::InvalidArgument("--rate must be > 0");
  std::chrono::nanoseconds pause{0};
  if (!interval_.empty()) {
    RP_ASSIGN_OR_RETURN(std::chrono::milliseconds ms, config::ParseDuration(interval_));
    pause = ms;
  } else if (rate_ > 0) {
    pause = std::chrono::nanoseconds(static_cast<int64_t>(1e9 / rate_));
  }
  std::optional<std::chrono::sys_seconds> start_time;
  if (!start_time_.empty()) {
    RP_ASSIGN_OR_RETURN(start_time, ParseStartTime(start_time_));
  }
  const std::string topic = topic_.empty() ? config.orders.topic : topic_;

  gen::OrderGenOptions gen_options;
  gen_options.seed = seed_.has_value() ? *seed_ : std::random_device{}();
  gen_options.max_items = max_items_;
  gen_options.max_quantity = max_quantity_;

  const auto started = Clock::now();
  RP_ASSIGN_OR_RETURN(auto store, OpenStore(config));
  RP_ASSIGN_OR_RETURN(auto tables, LoadReferenceTables(config, *store));
  RP_ASSIGN_OR_RETURN(auto generator, gen::OrderGenerator::Make(tables, gen_options));
  const gen::ReferenceIssues& issues = generator->issues();
  if (!issues.clean()) {
    Log().warn(
        "{} products are never drawn: {} have no components, {} name a package missing from "
        "packages ({} such components)",
        issues.products_without_components.size() + issues.products_with_missing_packages.size(),
        issues.products_without_components.size(), issues.products_with_missing_packages.size(),
        issues.missing_package_components);
  }
  auto opened = stream::OpenStream(config.stream.uri);
  if (!opened.has_value()) return opened.error().WithContext("setting stream.uri");
  RP_ASSIGN_OR_RETURN(auto producer, (*opened)->NewProducer());
  Log().info("publishing {} orders to {} topic '{}' (seed {})", num_orders_,
             (*opened)->redacted_uri(), topic, gen_options.seed);

  std::string payload;
  int64_t bytes = 0;
  const auto publish_started = Clock::now();
  auto next_progress = publish_started + std::chrono::seconds(5);
  for (int64_t i = 0; i < num_orders_; ++i) {
    if (pause.count() > 0) std::this_thread::sleep_until(publish_started + pause * i);
    std::chrono::sys_seconds now =
        start_time.has_value()
            ? *start_time + std::chrono::duration_cast<std::chrono::seconds>(pause * i)
            : std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    gen::Order order = generator->Next(now);
    payload.clear();
    gen::AppendOrderJson(order, payload);
    bytes += static_cast<int64_t>(payload.size());
    RP_RETURN_IF_ERROR(producer->Produce(topic, order.order_id, payload));
    if (Clock::now() >= next_progress) {
      double s = std::chrono::duration<double>(Clock::now() - publish_started).count();
      Log().info("published {}/{} orders ({:.0f}/s)", i + 1, num_orders_,
                 static_cast<double>(i + 1) / s);
      next_progress += std::chrono::seconds(5);
    }
  }
  RP_RETURN_IF_ERROR(producer->Flush(std::chrono::minutes(2)));
  const auto done = Clock::now();
  double publish_s = std::chrono::duration<double>(done - publish_started).count();
  double total_s = std::chrono::duration<double>(done - started).count();
  const gen::OrderGenStats& stats = generator->stats();
  std::string text = fmt::format(
      "published {} orders ({} items, {} package lines, {:.1f} MB) to topic '{}' at {}\n"
      "seed {}; {} usable products of {}; {} excluded\n"
      "publish {:.2f} s ({:.0f} orders/s), total {:.2f} s including loading the tables\n",
      stats.orders, stats.items, stats.packages, static_cast<double>(bytes) / 1e6, topic,
      (*opened)->redacted_uri(), gen_options.seed, issues.usable_products, tables->products.size(),
      issues.products_without_components.size() + issues.products_with_missing_packages.size(),
      publish_s, publish_s > 0 ? static_cast<double>(stats.orders) / publish_s : 0.0, total_s);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return Outcome::kOk;
}

}  // namespace retailpipe::app
