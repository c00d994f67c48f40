// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <stop_token>
#include <string>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/config/options.h"
#include "retailpipe/sink/csv_batch_sink.h"
#include "retailpipe/storage/object_store.h"

namespace retailpipe::app {

/// What one country's sink did.
struct CountrySunk {
  std::string country;
  std::string topic;
  std::string prefix;  ///< Store prefix of its CSV objects, "Inbound/US/".
  sink::CsvBatchSinkStats stats{};
};

/// What a country sales sink run did.
struct CountrySalesSinkSummary {
  std::string store_uri;  ///< Redacted.
  std::vector<CountrySunk> countries;
  double seconds = 0;
};

/// Stream each country's topic into CSV objects under "<inbound_prefix><CC>/" of `store`
/// (seeds.md §3.3, exactly once: see sink::CsvBatchSink), one consumer group per country
/// (country_sales.group) and one thread each. Files are cut at country_sales.max_records rows
/// or country_sales.max_age; a batch rebuilt after a crash is not written again when the
/// loader has moved its object to "<inbound_prefix><CC>/Processed/". Local copies go to
/// "<country_sales.local_dir>/<inbound_prefix><CC>/" and then its Archived/ folder.
/// Runs until `stop` is requested or, when `stop_when_idle` > 0, until no record arrived for
/// that long; then uploads the open files. Errors: the first failing country's, named; the
/// other countries then stop too (cleanly).
Result<CountrySalesSinkSummary> SinkCountrySales(const config::Config& config,
                                                 storage::ObjectStore& store,
                                                 std::chrono::milliseconds stop_when_idle,
                                                 std::stop_token stop);

/// Return a people's report of a sink run: per country, totals, rate.
std::string DescribeCountrySalesSink(const CountrySalesSinkSummary& summary);

}  // namespace retailpipe::app
