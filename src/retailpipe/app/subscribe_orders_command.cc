// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/subscribe_orders_command.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <stop_token>

#include <CLI/CLI.hpp>

#include "retailpipe/app/signal_stop.h"
#include "retailpipe/config/units.h"

namespace retailpipe::app {

std::string_view SubscribeOrdersCommand::summary() const {
  return "Consume the orders stream into Delta tables (events, orders, items, stock), exactly "
         "once";
}

void SubscribeOrdersCommand::Configure(CLI::App& cli) {
  cli.add_flag("--once", options_.once,
               "Drain what is in the stream, then exit (the seeds' trigger-once); default: run "
               "until Ctrl-C or SIGTERM");
  cli.add_option("--max-batch", options_.max_batch_records,
                 "Most records per batch; each batch is one commit per table")
      ->capture_default_str();
  cli.add_option("--idle-timeout", idle_timeout_,
                 "With --once: stop when no record arrives for this long")
      ->capture_default_str();
  cli.footer(
      "Reads orders.topic at stream.uri as consumer group orders.group; start several\n"
      "processes with the same group to share the partitions. Writes under\n"
      "orders.tables_prefix: stock_movements (the decision ledger: one row per item and\n"
      "package, APPLIED or REFUSED with the reason), orders_items, orders, events (ORDER_CREATED,\n"
      "INVENTORY_UPDATED, INVENTORY_REFUSED) and rejected_records (payloads that are not valid\n"
      "orders, with the reason). Stock starts from the packages reference table; current stock:\n"
      "  retailpipe sql \"SELECT * FROM package_stock ORDER BY stock_quantity LIMIT 10\"\n"
      "Each table commit carries the stream position (a Delta txn per partition), so a crash\n"
      "and a restart neither lose nor duplicate a row. Exit code 3 when records were rejected.");
}

Result<Outcome> SubscribeOrdersCommand::Run(const Context& context) {
  RP_ASSIGN_OR_RETURN(options_.idle_timeout, config::ParseDuration(idle_timeout_));
  SignalStop signals;
  std::atomic<bool> stop{false};
  std::stop_callback on_signal(signals.token(), [&stop] { stop.store(true); });
  const auto started = std::chrono::steady_clock::now();
  RP_ASSIGN_OR_RETURN(orders::SubscribeSummary summary,
                      SubscribeOrders(context.config(), options_, stop));
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::string text = DescribeSubscribe(summary, seconds, context.config());
  std::fwrite(text.data(), 1, text.size(), stdout);
  return summary.rejected > 0 ? Outcome::kPartial : Outcome::kOk;
}

}  // namespace retailpipe::app
