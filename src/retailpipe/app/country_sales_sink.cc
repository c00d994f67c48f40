// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/country_sales_sink.h"

#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "retailpipe/app/country_sales_publish.h"
#include "retailpipe/app/sales_steps.h"
#include "retailpipe/base/clock.h"
#include "retailpipe/base/log.h"
#include "retailpipe/config/redact.h"
#include "retailpipe/config/units.h"
#include "retailpipe/gen/country_sales_generator.h"
#include "retailpipe/stream/stream.h"

namespace retailpipe::app {
namespace {

spdlog::logger& Log() { return log::Get("country_sales"); }

sink::CsvBatchSinkOptions SinkOptions(const config::CountrySalesOptions& cs,
                                      const CountrySunk& country) {
  sink::CsvBatchSinkOptions options;
  options.topics = {country.topic};
  options.object_prefix = country.prefix;
  options.processed_prefix = country.prefix + "Processed/";
  if (!cs.local_dir.empty()) {
    options.local_dir = (std::filesystem::path(cs.local_dir) / country.prefix).string();
  }
  for (std::string_view column : gen::CountrySaleColumns()) options.columns.emplace_back(column);
  options.max_records = cs.max_records;
  options.max_age = cs.max_age;
  return options;
}

}  // namespace

Result<CountrySalesSinkSummary> SinkCountrySales(const config::Config& config,
                                                 storage::ObjectStore& store,
                                                 std::chrono::milliseconds stop_when_idle,
                                                 std::stop_token stop) {
  const config::CountrySalesOptions& cs = config.country_sales;
  CountrySalesSinkSummary summary;
  summary.store_uri = config::RedactUri(store.uri());
  auto opened = stream::OpenStream(config.stream.uri);
  if (!opened.has_value()) return opened.error().WithContext("setting stream.uri");
  const std::unique_ptr<stream::Stream> stream = std::move(*opened);

  std::vector<std::unique_ptr<sink::CsvBatchSink>> sinks;
  for (const std::string& country : cs.countries) {
    CountrySunk sunk{country, ForCountry(cs.topic, country), cs.inbound_prefix + country + "/"};
    const std::string group = ForCountry(cs.group, country);
    auto consumer = stream->NewConsumer(group);
    if (!consumer.ok()) return consumer.status().WithContext("consumer group '" + group + "'");
    auto made = sink::CsvBatchSink::Make(SinkOptions(cs, sunk), std::move(*consumer), store);
    if (!made.ok()) return made.status().WithContext("the " + country + " CSV sink");
    sinks.push_back(std::move(*made));
    summary.countries.push_back(std::move(sunk));
  }
  Log().info("streaming {} countries from {} into {} ({} rows or {} per file{})", sinks.size(),
             stream->redacted_uri(), summary.store_uri, cs.max_records,
             config::FormatDuration(cs.max_age),
             stop_when_idle.count() > 0
                 ? ", stopping after " + config::FormatDuration(stop_when_idle) + " without records"
                 : ", until stopped");

  const Stopwatch watch;
  std::stop_source failed;  // the first failure stops the other countries
  std::stop_callback forward(stop, [&failed] { failed.request_stop(); });
  std::vector<Status> results(sinks.size());
  {
    std::vector<std::jthread> threads;
    for (size_t i = 0; i < sinks.size(); ++i) {
      threads.emplace_back([&, i] {
        results[i] = sinks[i]->Run(failed.get_token(), stop_when_idle);
        if (!results[i].ok()) failed.request_stop();
      });
    }
  }
  summary.seconds = watch.seconds();
  for (size_t i = 0; i < sinks.size(); ++i) summary.countries[i].stats = sinks[i]->stats();
  for (size_t i = 0; i < results.size(); ++i) {
    if (!results[i].ok()) {
      return results[i].WithContext("streaming " + summary.countries[i].country + " sales from '" +
                                    summary.countries[i].topic + "'");
    }
  }
  return summary;
}

std::string DescribeCountrySalesSink(const CountrySalesSinkSummary& summary) {
  std::string text;
  sink::CsvBatchSinkStats total;
  for (const CountrySunk& c : summary.countries) {
    const sink::CsvBatchSinkStats& s = c.stats;
    text += fmt::format("  {}: {} records -> {} files ({} rows, {:.1f} MB) in {}", c.country,
                        WithCommas(s.records), s.objects, WithCommas(s.rows),
                        static_cast<double>(s.bytes) / 1e6, c.prefix);
    if (s.objects_found > 0) text += fmt::format("; {} found from an earlier run", s.objects_found);
    if (s.rejected > 0) text += fmt::format("; {} rejected to {}_rejected/", s.rejected, c.prefix);
    text += '\n';
    total.records += s.records;
    total.objects += s.objects;
    total.rows += s.rows;
    total.bytes += s.bytes;
    total.rejected += s.rejected;
  }
  const double rate =
      summary.seconds > 0 ? static_cast<double>(total.records) / summary.seconds : 0;
  std::string head = fmt::format(
      "streamed {} records into {} CSV files ({} rows, {:.1f} MB) at {} in {:.2f} s ({} "
      "records/s, waits included)\n",
      WithCommas(total.records), total.objects, WithCommas(total.rows),
      static_cast<double>(total.bytes) / 1e6, summary.store_uri, summary.seconds,
      WithCommas(static_cast<int64_t>(rate)));
  if (total.rejected > 0) {
    head +=
        fmt::format("{} records were not rows and were kept apart (see below)\n", total.rejected);
  }
  return head + text;
}

}  // namespace retailpipe::app
