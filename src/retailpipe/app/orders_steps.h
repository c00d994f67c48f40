// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "retailpipe/base/result.h"
#include "retailpipe/config/options.h"
#include "retailpipe/orders/subscribe_summary.h"

// The steps of the orders pipeline (seeds 000/001) shared by `publish orders`,
// `subscribe orders` and `run`: publish generated orders, and subscribe them into the tables.

namespace retailpipe::app {

/// What PublishOrders() draws and how fast.
struct PublishOrdersOptions {
  int64_t num_orders = 1000;
  /// Pause between orders (0: as fast as possible).
  std::chrono::nanoseconds pause{0};
  /// Seed of every draw; nullopt draws a random one (reported in the summary).
  std::optional<uint64_t> seed;
  int max_items = 5;
  int max_quantity = 3;
  /// Stamp order i with start_time + i × pause instead of the wall clock.
  std::optional<std::chrono::sys_seconds> start_time;
  /// Empty for orders.topic.
  std::string topic;
};

/// What PublishOrders() did.
struct PublishOrdersSummary {
  std::string topic;
  std::string stream_uri;  ///< Redacted.
  uint64_t seed = 0;
  int64_t orders = 0, items = 0, package_lines = 0, bytes = 0;
  int64_t products = 0, usable_products = 0, excluded_products = 0;
  double publish_seconds = 0, total_seconds = 0;
};

/// Load the reference tables once, draw `options.num_orders` orders and publish each payload
/// with key order_id to stream.uri, then flush. Errors: those of LoadReferenceTables(),
/// gen::OrderGenerator::Make() and the stream; the flush fails if any order is not
/// acknowledged.
Result<PublishOrdersSummary> PublishOrders(const config::Config& config,
                                           const PublishOrdersOptions& options);

/// Return the lines `publish orders` prints.
std::string DescribePublish(const PublishOrdersSummary& summary);

/// How SubscribeOrders() runs.
struct SubscribeOrdersOptions {
  /// Drain what is in the stream and return (the seeds' trigger-once).
  bool once = false;
  /// Most records per batch (one commit per table per batch).
  size_t max_batch_records = 5000;
  /// With `once`: give up waiting for the first record after this long.
  std::chrono::milliseconds idle_timeout{10'000};
};

/// Consume orders.topic as orders.group into the Delta tables under orders.tables_prefix
/// until `stop` is set or, with `once`, the stream is drained; see orders::OrdersSubscriber.
/// Errors: those of OrdersSubscriber::Make() and Run().
Result<orders::SubscribeSummary> SubscribeOrders(const config::Config& config,
                                                 const SubscribeOrdersOptions& options,
                                                 const std::atomic<bool>& stop);

/// Return the lines `subscribe orders` prints: counts, rates, and the p50/p99 end-to-end
/// latency of the batches.
std::string DescribeSubscribe(const orders::SubscribeSummary& summary, double seconds,
                              const config::Config& config);

}  // namespace retailpipe::app
