// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "retailpipe/app/command.h"
#include "retailpipe/gen/sales_generator.h"

namespace retailpipe::app {

/// `retailpipe run`: the main job on the configured services (embedded by default). Runs the
/// pipelines named by --pipelines, in this order, each to completion:
///   sales          generate sales files if the inbox is empty, then the sales ETL (002/003);
///   orders         generate the reference tables if missing, publish orders, subscribe
///                  once (000/001);
///   country-sales  publish sales per country, sink them into CSV files until drained, then
///                  the load_s3_to_db DAG loads them (004).
/// A pipeline that fails stops the run (the later ones are not started); the exit code is
/// then that failure's, else 3 if any pipeline quarantined or rejected input, else 0.
class RunCommand final : public Command {
 public:
  std::string_view name() const override { return "run"; }
  std::string_view summary() const override;
  void Configure(CLI::App& cli) override;
  Result<Outcome> Run(const Context& context) override;

 private:
  Result<Outcome> RunSales(const config::Config& config);
  Result<Outcome> RunOrders(const config::Config& config);
  Result<Outcome> RunCountrySales(const config::Config& config);

  std::vector<std::string> pipelines_ = {"sales", "orders", "country-sales"};
  /// Seed of every generator; nullopt: sales files use options_.seed's default, the
  /// publishers draw a random seed each run (so a second run adds new orders and sales).
  std::optional<uint64_t> seed_;
  gen::SalesGenOptions options_;
  bool with_bad_data_ = false;
  int64_t orders_ = 10'000;
  int country_batches_ = 5;
  std::string country_delay_ = "0s";
  std::string sink_idle_;  ///< Empty: by stream (see Configure()).
};

}  // namespace retailpipe::app
