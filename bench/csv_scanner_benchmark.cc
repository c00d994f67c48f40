// SPDX-License-Identifier: Apache-2.0
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <unistd.h>

#include "retailpipe/etl/csv_scanner.h"

namespace retailpipe::etl {
namespace {

constexpr int64_t kBytesPerMiB = 1 << 20;
// Every this many records one is looked up, as when a batch has scattered bad rows.
constexpr int64_t kWantedEvery = 1000;
// Distinct rows in the block the generated file repeats.
constexpr int64_t kBlockRows = 10'000;

// A sales CSV written to a temp file, removed when this goes out of scope.
class TempSalesCsv {
 public:
  /// Write a file of about `mib` MiB of sales rows (some fields quoted) and count its records.
  /// One block of distinct rows is written repeatedly, so setup stays fast in debug builds.
  explicit TempSalesCsv(int64_t mib)
      : path_((std::filesystem::temp_directory_path() /
               ("rp_csv_scanner_benchmark_" + std::to_string(::getpid()) + ".csv"))
                  .string()) {
    std::string block;
    for (int64_t i = 0; i < kBlockRows; ++i) {
      block += std::to_string(i % 25 + 1) + "," + std::to_string(121 + i % 3) +
               (i % 7 == 0 ? ",\"refined, oil\"," : ",sugar,") + "2023-0" +
               std::to_string(3 + i % 6) + "-1" + std::to_string(i % 10) + "," +
               std::to_string(i % 9 + 1) + ",50.00," + std::to_string(i % 10 + 1) + "," +
               std::to_string((i % 10 + 1) * 50) + ".00\n";
    }
    const std::string header =
        "customer_id,store_id,product_name,sales_date,sales_person_id,price,quantity,"
        "total_cost\n";
    std::ofstream out(path_, std::ios::binary);
    out << header;
    records_ = 1;
    bytes_ = static_cast<int64_t>(header.size());
    while (bytes_ < mib * kBytesPerMiB) {
      out << block;
      records_ += kBlockRows;
      bytes_ += static_cast<int64_t>(block.size());
    }
  }
  ~TempSalesCsv() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  TempSalesCsv(const TempSalesCsv&) = delete;
  TempSalesCsv& operator=(const TempSalesCsv&) = delete;

  /// Return the file's path.
  const std::string& path() const { return path_; }
  /// Return the number of records, the header included.
  int64_t records() const { return records_; }
  /// Return the file's size in bytes.
  int64_t bytes() const { return bytes_; }

 private:
  std::string path_;
  int64_t records_ = 0;
  int64_t bytes_ = 0;
};

// Records per second of CsvScanner::Locate over a whole file: the scan that finds the raw
// text of quarantined rows. The wanted rows are spread to the end, so every byte is read.
void BM_CsvScannerLocate(benchmark::State& state) {
  const TempSalesCsv csv(state.range(0));
  RecordLookup lookup;
  for (int64_t r = 1; r < csv.records(); r += kWantedEvery) lookup.ordinals.push_back(r);
  lookup.ordinals.push_back(csv.records());  // past the last data row: the scan reads it all
  for (auto _ : state) {
    auto found = CsvScanner::Locate(csv.path(), lookup);
    if (!found.ok()) {
      state.SkipWithError(found.status().ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize(found->by_ordinal.size());
  }
  state.SetItemsProcessed(state.iterations() * (csv.records() - 1));  // data rows
  state.SetBytesProcessed(state.iterations() * csv.bytes());
}
BENCHMARK(BM_CsvScannerLocate)->Arg(50)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace retailpipe::etl

BENCHMARK_MAIN();
