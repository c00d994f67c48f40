// SPDX-License-Identifier: Apache-2.0
// Local log throughput for 200-byte records: produce + flush (under each fsync policy), and
// consume by a consumer group.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "retailpipe/base/check.h"
#include "retailpipe/stream/local_log_stream.h"

namespace retailpipe::stream {
namespace {

using namespace std::chrono_literals;

constexpr size_t kValueBytes = 200;
constexpr int kBatch = 1000;  // records per Flush()
constexpr int kConsumeRecords = 100'000;

/// A fresh folder under the temp directory, removed with everything in it.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "rp_log_bench_XXXXXX").string();
    RP_CHECK(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::unique_ptr<Stream> OpenLog(const std::string& dir, std::string_view fsync) {
  auto stream = OpenStream("log://" + dir + "?fsync=" + std::string(fsync));
  RP_CHECK(stream.ok());
  return std::move(stream).value();
}

void ProduceBatch(StreamProducer& producer, const std::string& value, int64_t& next_key) {
  for (int i = 0; i < kBatch; ++i) {
    RP_CHECK(producer.Produce("orders", "order-" + std::to_string(next_key++), value).ok());
  }
  RP_CHECK(producer.Flush(30s).ok());
}

/// One iteration: kBatch records of kValueBytes produced, then Flush().
void BM_ProduceFlush(benchmark::State& state, std::string_view fsync) {
  const ScratchDir dir;
  auto producer = OpenLog(dir.path(), fsync)->NewProducer().value();
  const std::string value(kValueBytes, 'v');
  int64_t next_key = 0;
  for (auto _ : state) ProduceBatch(*producer, value, next_key);
  state.SetItemsProcessed(state.iterations() * kBatch);
  state.SetBytesProcessed(state.iterations() * kBatch * static_cast<int64_t>(kValueBytes));
}
// Rates by wall time: under fsync=flush most of it is spent waiting for the disk.
BENCHMARK_CAPTURE(BM_ProduceFlush, fsync_flush, "flush")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_ProduceFlush, fsync_never, "never")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/// One iteration: a new consumer group reads kConsumeRecords records from 4 partitions.
void BM_Consume(benchmark::State& state) {
  const ScratchDir dir;
  auto stream = OpenLog(dir.path(), "never");
  {
    auto producer = stream->NewProducer().value();
    const std::string value(kValueBytes, 'v');
    int64_t next_key = 0;
    for (int i = 0; i < kConsumeRecords / kBatch; ++i) ProduceBatch(*producer, value, next_key);
  }
  int group = 0;
  for (auto _ : state) {
    auto consumer = stream->NewConsumer("bench-" + std::to_string(group++)).value();
    RP_CHECK(consumer->Subscribe(std::vector<std::string>{"orders"}).ok());
    size_t read = 0;
    while (read < kConsumeRecords) {
      auto records = consumer->Poll(1s, 1000);
      RP_CHECK(records.ok() && !records->empty());
      read += records->size();
    }
    benchmark::DoNotOptimize(read);
  }
  state.SetItemsProcessed(state.iterations() * kConsumeRecords);
  state.SetBytesProcessed(state.iterations() * kConsumeRecords * static_cast<int64_t>(kValueBytes));
}
BENCHMARK(BM_Consume)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace retailpipe::stream

BENCHMARK_MAIN();
