// SPDX-License-Identifier: Apache-2.0
#include <filesystem>

#include <benchmark/benchmark.h>

#include "retailpipe/gen/sales_file_writer.h"
#include "retailpipe/gen/sales_generator.h"
#include "retailpipe/gen/temp_file_writer.h"

namespace retailpipe::gen {
namespace {

// Rows per second of one plain sales file on one core, written to a local temp file.
void BM_WritePlainSalesFile(benchmark::State& state) {
  const SalesGenOptions options;
  const SalesFileWriter writer(options);
  const SalesFileSpec spec{.rows = state.range(0), .first_day = 19419, .last_day = 19589};
  const std::string dir = std::filesystem::temp_directory_path().string();
  for (auto _ : state) {
    auto file = TempFileWriter::Open(dir);
    if (!file.ok()) {
      state.SkipWithError(file.status().ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize(writer.Write(spec, **file));
    if (!(*file)->Finish().ok()) state.SkipWithError("write failed");
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_WritePlainSalesFile)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace retailpipe::gen

BENCHMARK_MAIN();
