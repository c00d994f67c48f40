// SPDX-License-Identifier: Apache-2.0
#include <chrono>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>

#include "retailpipe/gen/order_generator.h"
#include "retailpipe/gen/reference_tables.h"

namespace retailpipe::gen {
namespace {

// Orders per second on one core: draw an order and render its JSON payload, with the tables
// loaded once (default sizes: 1000 clients, 300 package ids, 200 products).
void BM_GenerateOrderJson(benchmark::State& state) {
  auto tables = std::make_shared<const ReferenceTables>(GenerateReferenceTables({}));
  auto gen = OrderGenerator::Make(tables, {});
  if (!gen.ok()) {
    state.SkipWithError(gen.status().ToString().c_str());
    return;
  }
  const std::chrono::sys_seconds now{std::chrono::seconds{1'700'000'000}};
  std::string payload;
  int64_t bytes = 0;
  for (auto _ : state) {
    payload.clear();
    AppendOrderJson((*gen)->Next(now), payload);
    bytes += static_cast<int64_t>(payload.size());
    benchmark::DoNotOptimize(payload.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_GenerateOrderJson);

}  // namespace
}  // namespace retailpipe::gen
