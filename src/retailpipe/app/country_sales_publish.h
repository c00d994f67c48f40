// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/config/options.h"

namespace retailpipe::app {

/// What a country sales publish needs beyond config.country_sales.
struct CountrySalesPublishRequest {
  /// Seed of every draw and of the run id in the sale_ids; random (and reported) if unset.
  std::optional<uint64_t> seed;
  /// Stamp batch i at this time plus the pauses drawn before batches 0..i, instead of the
  /// wall clock, for reproducible records.
  std::optional<std::chrono::sys_seconds> start_time;
};

/// What one country published.
struct CountryPublished {
  std::string country;
  std::string topic;
  int64_t batches = 0;
  int64_t records = 0;
  int64_t bytes = 0;  ///< JSON bytes of the values.
};

/// What a publish did.
struct CountrySalesPublishSummary {
  uint64_t seed = 0;
  std::string stream_uri;  ///< Redacted.
  std::vector<CountryPublished> countries;
  double seconds = 0;
  bool stopped = false;  ///< A stop request ended it before every batch was sent.
};

/// Publish config.country_sales.batches batches of generated sales (seeds.md §3.1/3.2) for
/// each country, the countries in parallel (one thread and producer each), to topic
/// country_sales.topic with "{country}" replaced, keyed by sale_id. Before each batch a
/// pause is drawn from country_sales.delay; after each batch is flushed (acknowledged), the
/// line "<country>,<records>,<UTC time>" is appended to country_sales.count_log.
/// `stop` ends the publish between records and during pauses. Errors: kInvalidArgument for a
/// country without a currency; those of the stream (the first failing country's, named).
Result<CountrySalesPublishSummary> PublishCountrySales(const config::Config& config,
                                                       const CountrySalesPublishRequest& request,
                                                       std::stop_token stop);

/// Return a people's report of a publish: per country, totals, rate, seed.
std::string DescribeCountrySalesPublish(const CountrySalesPublishSummary& summary);

/// Return `pattern` with every "{country}" replaced by `country`.
std::string ForCountry(std::string_view pattern, std::string_view country);

}  // namespace retailpipe::app
