// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/country_sales_publish.h"

#include <cerrno>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <random>
#include <thread>

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include "retailpipe/app/sales_steps.h"
#include "retailpipe/base/clock.h"
#include "retailpipe/base/log.h"
#include "retailpipe/config/units.h"
#include "retailpipe/gen/country_sales_generator.h"
#include "retailpipe/storage/unique_fd.h"
#include "retailpipe/stream/stream.h"

namespace retailpipe::app {
namespace {

using std::chrono::microseconds;
constexpr std::chrono::minutes kFlushTimeout{2};

spdlog::logger& Log() { return log::Get("country_sales"); }

// Sleep `duration` unless `stop` is requested first; return false if it was.
bool SleepUnlessStopped(std::chrono::milliseconds duration, const std::stop_token& stop) {
  std::mutex mu;
  std::condition_variable_any cv;
  std::unique_lock lock(mu);
  return !cv.wait_for(lock, stop, duration, [] { return false; }) && !stop.stop_requested();
}

// Append `line` to the file `path` with one write(), so lines of parallel threads do not mix.
Status AppendLine(const std::string& path, const std::string& line) {
  std::error_code ec;
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  storage::UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  if (fd.get() < 0) return ErrnoStatus("cannot open the count log " + path, errno);
  if (::write(fd.get(), line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
    return ErrnoStatus("cannot append to the count log " + path, errno);
  }
  return Status::OK();
}

struct CountryJob {
  const config::Config& config;
  const stream::Stream& stream;
  const gen::CountrySalesGenerator& generator;
  std::optional<std::chrono::sys_seconds> start_time;
};

Status PublishCountry(const CountryJob& job, const std::stop_token& stop, CountryPublished& out) {
  const gen::CountrySalesGenerator& gen = job.generator;
  RP_ASSIGN_OR_RETURN(std::unique_ptr<stream::StreamProducer> producer, job.stream.NewProducer());
  std::chrono::sys_time<microseconds> stamp{};
  if (job.start_time) stamp = *job.start_time;
  std::string json;
  const int batches = job.config.country_sales.batches;
  for (int b = 0; b < batches; ++b) {
    const std::chrono::milliseconds delay = gen.Delay(b);
    if (!SleepUnlessStopped(delay, stop)) return Status::OK();
    stamp = job.start_time ? stamp + delay
                           : std::chrono::floor<microseconds>(std::chrono::system_clock::now());
    const std::vector<gen::CountrySale> sales = gen.Batch(b, stamp);
    for (const gen::CountrySale& sale : sales) {
      if (stop.stop_requested()) break;
      json.clear();
      gen.AppendJson(sale, json);
      RP_RETURN_IF_ERROR(producer->Produce(out.topic, sale.sale_id, json));
      ++out.records;
      out.bytes += static_cast<int64_t>(json.size());
    }
    RP_RETURN_IF_ERROR(producer->Flush(kFlushTimeout));
    if (stop.stop_requested()) return Status::OK();
    ++out.batches;
    if (!job.config.country_sales.count_log.empty()) {
      // The seed wrote datetime.now(), with microseconds; here in UTC.
      const auto now = std::chrono::floor<microseconds>(std::chrono::system_clock::now());
      const auto secs = std::chrono::floor<std::chrono::seconds>(now);
      RP_RETURN_IF_ERROR(AppendLine(job.config.country_sales.count_log,
                                    fmt::format("{},{},{}.{:06}\n", gen.country(), sales.size(),
                                                FormatUtcTimestamp(secs), (now - secs).count())));
    }
    Log().info("{}: batch {}/{}: {} records to '{}' after a {} ms pause", gen.country(), b + 1,
               batches, sales.size(), out.topic, delay.count());
  }
  return Status::OK();
}

}  // namespace

std::string ForCountry(std::string_view pattern, std::string_view country) {
  constexpr std::string_view kPlaceholder = "{country}";
  std::string out;
  for (size_t pos = 0;;) {
    const size_t found = pattern.find(kPlaceholder, pos);
    out += pattern.substr(pos, found - pos);
    if (found == std::string_view::npos) return out;
    out += country;
    pos = found + kPlaceholder.size();
  }
}

Result<CountrySalesPublishSummary> PublishCountrySales(const config::Config& config,
                                                       const CountrySalesPublishRequest& request,
                                                       std::stop_token stop) {
  const config::CountrySalesOptions& cs = config.country_sales;
  CountrySalesPublishSummary summary;
  summary.seed = request.seed.value_or(std::random_device{}());
  RP_ASSIGN_OR_RETURN(config::DurationRange delay, config::ParseDurationRange(cs.delay));
  gen::CountrySalesGenOptions options;
  options.seed = summary.seed;
  options.sale_frequency = cs.sale_frequency;
  options.min_delay = delay.min;
  options.max_delay = delay.max;
  std::vector<std::unique_ptr<gen::CountrySalesGenerator>> generators;
  for (const std::string& country : cs.countries) {
    RP_ASSIGN_OR_RETURN(auto generator, gen::CountrySalesGenerator::Make(country, options));
    generators.push_back(std::move(generator));
    summary.countries.push_back({country, ForCountry(cs.topic, country)});
  }
  auto opened = stream::OpenStream(config.stream.uri);
  if (!opened.has_value()) return opened.error().WithContext("setting stream.uri");
  const std::unique_ptr<stream::Stream> stream = std::move(*opened);
  summary.stream_uri = stream->redacted_uri();
  Log().info("publishing {} batches for {} countries to {} (seed {}, pauses {})", cs.batches,
             cs.countries.size(), summary.stream_uri, summary.seed, cs.delay);

  const Stopwatch watch;
  std::stop_source failed;  // the first failure stops the other countries
  std::stop_callback forward(stop, [&failed] { failed.request_stop(); });
  std::vector<Status> results(generators.size());
  {
    std::vector<std::jthread> threads;
    for (size_t i = 0; i < generators.size(); ++i) {
      threads.emplace_back([&, i] {
        const CountryJob job{config, *stream, *generators[i], request.start_time};
        results[i] = PublishCountry(job, failed.get_token(), summary.countries[i]);
        if (!results[i].ok()) failed.request_stop();
      });
    }
  }
  summary.seconds = watch.seconds();
  for (size_t i = 0; i < results.size(); ++i) {
    if (!results[i].ok()) {
      return results[i].WithContext("publishing " + summary.countries[i].country + " sales to '" +
                                    summary.countries[i].topic + "'");
    }
  }
  summary.stopped = stop.stop_requested();
  return summary;
}

std::string DescribeCountrySalesPublish(const CountrySalesPublishSummary& summary) {
  std::string text;
  int64_t records = 0;
  int64_t bytes = 0;
  for (const CountryPublished& c : summary.countries) {
    text += fmt::format("  {}: {} batches, {} records to '{}'\n", c.country, c.batches,
                        WithCommas(c.records), c.topic);
    records += c.records;
    bytes += c.bytes;
  }
  const double rate = summary.seconds > 0 ? static_cast<double>(records) / summary.seconds : 0;
  return fmt::format(
             "{} {} country sales records ({:.1f} MB of JSON) to {} in {:.2f} s ({} records/s, "
             "pauses included)\n",
             summary.stopped ? "stopped early after publishing" : "published", WithCommas(records),
             static_cast<double>(bytes) / 1e6, summary.stream_uri, summary.seconds,
             WithCommas(static_cast<int64_t>(rate))) +
         text +
         fmt::format("seed {} (pass --seed {} with --start-time to repeat the records)\n",
                     summary.seed, summary.seed);
}

}  // namespace retailpipe::app
