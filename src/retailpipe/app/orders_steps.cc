// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/orders_steps.h"

#include <algorithm>
#include <filesystem>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "retailpipe/app/orders_reference.h"
#include "retailpipe/app/services.h"
#include "retailpipe/base/log.h"
#include "retailpipe/gen/order_generator.h"
#include "retailpipe/orders/orders_subscriber.h"
#include "retailpipe/stream/stream.h"

namespace retailpipe::app {
namespace {

using Clock = std::chrono::steady_clock;

spdlog::logger& Log() { return log::Get("orders"); }

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

Result<std::unique_ptr<stream::Stream>> OpenConfiguredStream(const config::Config& config) {
  auto opened = stream::OpenStream(config.stream.uri);
  if (!opened.has_value()) return opened.error().WithContext("setting stream.uri");
  return opened;
}

// The value at quantile q of sorted `v` (nearest rank).
int64_t Quantile(const std::vector<int64_t>& sorted, double q) {
  size_t rank = static_cast<size_t>(q * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(rank, sorted.size() - 1)];
}

}  // namespace

Result<PublishOrdersSummary> PublishOrders(const config::Config& config,
                                           const PublishOrdersOptions& options) {
  if (options.num_orders < 0) return Status::InvalidArgument("--num-orders must be >= 0");
  PublishOrdersSummary summary;
  summary.topic = options.topic.empty() ? config.orders.topic : options.topic;
  gen::OrderGenOptions gen_options;
  gen_options.seed = options.seed.has_value() ? *options.seed : std::random_device{}();
  gen_options.max_items = options.max_items;
  gen_options.max_quantity = options.max_quantity;
  summary.seed = gen_options.seed;

  const auto started = Clock::now();
  RP_ASSIGN_OR_RETURN(auto store, OpenStore(config));
  RP_ASSIGN_OR_RETURN(auto tables, LoadReferenceTables(config, *store));
  RP_ASSIGN_OR_RETURN(auto generator, gen::OrderGenerator::Make(tables, gen_options));
  const gen::ReferenceIssues& issues = generator->issues();
  summary.products = static_cast<int64_t>(tables->products.size());
  summary.usable_products = issues.usable_products;
  summary.excluded_products = static_cast<int64_t>(issues.products_without_components.size() +
                                                   issues.products_with_missing_packages.size());
  if (!issues.clean()) {
    Log().warn(
        "{} products are never drawn: {} have no components, {} name a package missing from "
        "packages ({} such components)",
        summary.excluded_products, issues.products_without_components.size(),
        issues.products_with_missing_packages.size(), issues.missing_package_components);
  }
  RP_ASSIGN_OR_RETURN(auto stream, OpenConfiguredStream(config));
  summary.stream_uri = stream->redacted_uri();
  RP_ASSIGN_OR_RETURN(auto producer, stream->NewProducer());
  Log().info("publishing {} orders to {} topic '{}' (seed {})", options.num_orders,
             summary.stream_uri, summary.topic, summary.seed);

  std::string payload;
  const auto publish_started = Clock::now();
  auto next_progress = publish_started + std::chrono::seconds(5);
  auto last_flush = publish_started;
  for (int64_t i = 0; i < options.num_orders; ++i) {
    if (options.pause.count() > 0) {
      // Paced: hand what was produced to the stream before waiting, at most every 100 ms, so
      // subscribers see orders as they are made (a buffering producer such as the local log's
      // or Kinesis' would otherwise hold them until the end).
      const auto due = publish_started + options.pause * i;
      const auto now = Clock::now();
      if (i > 0 && due > now && now - last_flush >= std::chrono::milliseconds(100)) {
        RP_RETURN_IF_ERROR(producer->Flush(std::chrono::minutes(2)));
        last_flush = Clock::now();
      }
      std::this_thread::sleep_until(due);
    }
    std::chrono::sys_seconds now =
        options.start_time.has_value()
            ? *options.start_time +
                  std::chrono::duration_cast<std::chrono::seconds>(options.pause * i)
            : std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    gen::Order order = generator->Next(now);
    payload.clear();
    gen::AppendOrderJson(order, payload);
    summary.bytes += static_cast<int64_t>(payload.size());
    RP_RETURN_IF_ERROR(producer->Produce(summary.topic, order.order_id, payload));
    if (Clock::now() >= next_progress) {
      Log().info("published {}/{} orders ({:.0f}/s)", i + 1, options.num_orders,
                 static_cast<double>(i + 1) / SecondsSince(publish_started));
      next_progress += std::chrono::seconds(5);
    }
  }
  RP_RETURN_IF_ERROR(producer->Flush(std::chrono::minutes(2)));
  summary.publish_seconds = SecondsSince(publish_started);
  summary.total_seconds = SecondsSince(started);
  const gen::OrderGenStats& stats = generator->stats();
  summary.orders = stats.orders;
  summary.items = stats.items;
  summary.package_lines = stats.packages;
  return summary;
}

std::string DescribePublish(const PublishOrdersSummary& s) {
  double rate = s.publish_seconds > 0 ? static_cast<double>(s.orders) / s.publish_seconds : 0.0;
  return fmt::format(
      "published {} orders ({} items, {} package lines, {:.1f} MB) to topic '{}' at {}\n"
      "seed {}; {} usable products of {}; {} excluded\n"
      "publish {:.2f} s ({:.0f} orders/s), total {:.2f} s including loading the tables\n",
      s.orders, s.items, s.package_lines, static_cast<double>(s.bytes) / 1e6, s.topic, s.stream_uri,
      s.seed, s.usable_products, s.products, s.excluded_products, s.publish_seconds, rate,
      s.total_seconds);
}

Result<orders::SubscribeSummary> SubscribeOrders(const config::Config& config,
                                                 const SubscribeOrdersOptions& options,
                                                 const std::atomic<bool>& stop) {
  RP_ASSIGN_OR_RETURN(auto store, OpenStore(config));
  RP_ASSIGN_OR_RETURN(auto stream, OpenConfiguredStream(config));
  orders::OrdersSubscriberOptions sub;
  sub.tables.tables_prefix = config.orders.tables_prefix;
  sub.tables.packages_table = config.orders.reference_prefix + "packages";
  sub.group_id = config.orders.group;
  sub.topic = config.orders.topic;
  sub.max_batch_records = options.max_batch_records;
  sub.once = options.once;
  sub.once_idle_timeout = options.idle_timeout;
  sub.scratch_dir = config.engine.temp_dir;
  sub.engine.memory_limit_bytes = config.engine.memory_limit_bytes;
  std::error_code ec;
  std::filesystem::create_directories(config.engine.temp_dir, ec);
  Log().info("subscribing to topic '{}' at {} as group '{}'{}", sub.topic, stream->redacted_uri(),
             sub.group_id, options.once ? " (once: until drained)" : " (until stopped)");
  RP_ASSIGN_OR_RETURN(auto subscriber, orders::OrdersSubscriber::Make(*store, *stream, sub));
  auto next_progress = Clock::now() + std::chrono::seconds(5);
  return subscriber->Run(stop, [&](const orders::SubscribeSummary& s) {
    if (Clock::now() < next_progress) return;
    next_progress = Clock::now() + std::chrono::seconds(5);
    Log().info("{} records, {} orders, {} items applied, {} refused, {} rejected, {} batches",
               s.records, s.orders, s.items_applied, s.items_refused, s.rejected, s.batches);
  });
}

std::string DescribeSubscribe(const orders::SubscribeSummary& s, double seconds,
                              const config::Config& config) {
  std::string latency = "no latency samples";
  if (!s.batch_latency_ms.empty()) {
    std::vector<int64_t> sorted = s.batch_latency_ms;
    std::sort(sorted.begin(), sorted.end());
    latency = fmt::format("end-to-end latency per batch p50 {} ms, p99 {} ms ({} batches)",
                          Quantile(sorted, 0.50), Quantile(sorted, 0.99), sorted.size());
  }
  double rate = seconds > 0 ? static_cast<double>(s.orders) / seconds : 0.0;
  return fmt::format(
      "subscribed {} records: {} orders, {} items applied, {} items refused (INTERRUPTED), "
      "{} rejected{}\n"
      "{} replayed from the ledger, {} batches, {} Delta commits, {} commit conflicts retried\n"
      "tables under {}; {}\n"
      "elapsed {:.2f} s ({:.0f} orders/s)\n",
      s.records, s.orders, s.items_applied, s.items_refused, s.rejected,
      s.rejected > 0 ? " (see rejected_records)" : "", s.replayed, s.batches, s.commits,
      s.conflicts, config.orders.tables_prefix, latency, seconds, rate);
}

}  // namespace retailpipe::app
