// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/gen/rng.h"

namespace retailpipe::gen {
namespace {

constexpr uint64_t kGoldenGamma = 0x9E3779B97F4A7C15ULL;

}  // namespace

uint64_t Rng::Mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

Rng::Rng(uint64_t seed) {
  uint64_t x = seed;
  for (uint64_t& word : state_) {
    x += kGoldenGamma;
    word = Mix64(x);
  }
}

Rng Rng::ForStream(uint64_t seed, uint64_t stream) {
  return Rng(Mix64(seed ^ (stream * kGoldenGamma)));
}

Rng::Uint128 Rng::Reject(Uint128 m, uint64_t n) {
  // 2^64 mod n: products whose low half falls below it would make some results likelier.
  const uint64_t threshold = (0 - n) % n;
  while (static_cast<uint64_t>(m) < threshold) m = static_cast<Uint128>(Next()) * n;
  return m;
}

}  // namespace retailpipe::gen
