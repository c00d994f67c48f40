// SPDX-License-Identifier: Apache-2.0
// Hot paths of the CSV sink: one JSON record to one CSV row, and the whole sink reading a
// local log into an in-memory store (cuts, manifests and commits included).
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <unistd.h>

#include "retailpipe/base/log.h"
#include "retailpipe/gen/country_sales_generator.h"
#include "retailpipe/sink/csv_batch_sink.h"
#include "retailpipe/sink/json_csv_row.h"
#include "retailpipe/storage/object_store.h"
#include "retailpipe/stream/stream.h"

namespace retailpipe::sink {
namespace {

constexpr int64_t kLogRecords = 200'000;

std::vector<std::string> Columns() {
  std::vector<std::string> columns;
  for (std::string_view c : gen::CountrySaleColumns()) columns.emplace_back(c);
  return columns;
}

// Country sales records as the publisher writes them.
std::vector<std::pair<std::string, std::string>> Records(int64_t n) {
  auto gen = *gen::CountrySalesGenerator::Make("US", {});
  std::vector<std::pair<std::string, std::string>> out;
  const auto start = std::chrono::sys_days{std::chrono::year{2025} / 7 / 10};
  for (int64_t b = 0; static_cast<int64_t>(out.size()) < n; ++b) {
    for (const gen::CountrySale& sale : gen->Batch(b, start)) {
      std::string json;
      gen->AppendJson(sale, json);
      out.emplace_back(sale.sale_id, std::move(json));
      if (static_cast<int64_t>(out.size()) == n) break;
    }
  }
  return out;
}

void BM_JsonCsvRow(benchmark::State& state) {
  auto row = *JsonCsvRow::Make(Columns());
  const auto records = Records(10'000);
  std::string out;
  size_t i = 0;
  for (auto _ : state) {
    out.clear();
    Status st = row->Append(records[i].second, out);
    benchmark::DoNotOptimize(st);
    if (++i == records.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JsonCsvRow);

// A local log holding kLogRecords records in 4 partitions, written once per process.
const std::string& FilledLog() {
  static const std::string uri = [] {
    const std::string dir =
        (std::filesystem::temp_directory_path() / ("rp_sink_bench_" + std::to_string(::getpid())))
            .string();
    std::filesystem::remove_all(dir);
    const std::string log_uri = "log://" + dir + "?partitions=4&fsync=never";
    auto producer = *(*stream::OpenStream(log_uri))->NewProducer();
    for (const auto& [key, value] : Records(kLogRecords)) {
      if (!producer->Produce("US_topic", key, value).ok()) std::abort();
    }
    if (!producer->Flush(std::chrono::seconds(60)).ok()) std::abort();
    std::atexit([] {
      std::filesystem::remove_all(std::filesystem::temp_directory_path() /
                                  ("rp_sink_bench_" + std::to_string(::getpid())));
    });
    return log_uri;
  }();
  return uri;
}

void BM_SinkFromLocalLog(benchmark::State& state) {
  auto stream = *stream::OpenStream(FilledLog());
  static int group = 0;  // a fresh group per run reads everything again
  for (auto _ : state) {
    auto store = *storage::OpenObjectStore("mem://sink_bench");
    CsvBatchSinkOptions options;
    options.topics = {"US_topic"};
    options.object_prefix = "Inbound/US/";
    options.columns = Columns();
    options.poll_interval = std::chrono::milliseconds(5);
    auto consumer = *stream->NewConsumer("bench-" + std::to_string(group++));
    auto sink = *CsvBatchSink::Make(options, std::move(consumer), *store);
    while (sink->stats().records < kLogRecords) {
      if (!sink->PollOnce().ok()) std::abort();
    }
    if (!sink->CutAll().ok()) std::abort();
  }
  state.SetItemsProcessed(state.iterations() * kLogRecords);
}
BENCHMARK(BM_SinkFromLocalLog)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace retailpipe::sink

int main(int argc, char** argv) {
  // One log line per object would be measured too.
  retailpipe::log::LogOptions quiet;
  quiet.level = "warn";
  if (!retailpipe::log::Configure(quiet).ok()) return 1;
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
