// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>

#include "retailpipe/base/check.h"

namespace retailpipe::gen {

/// The version of the sales generator spec: the PRNG algorithm below, the order and kind of
/// draws per row, the dimension snapshots and name lists, and the file layout. For a given
/// version, the same options and seed must give byte-identical output in every build of
/// retailpipe forever; any change to the output needs a new version.
inline constexpr int kSalesSpecVersion = 1;

/// A deterministic pseudo-random generator: xoshiro256** (Blackman and Vigna), its 256-bit
/// state filled by four outputs of SplitMix64 (Steele, Lea and Flood) started at the seed.
///
/// Both algorithms, and the derived draws (Below, Between, Unit, ForStream), are part of
/// generator spec version kSalesSpecVersion and must never change their output for a version.
/// Not cryptographic. A small value type: copyable, not thread-safe (one per thread or stream).
class Rng {
 public:
  /// Seed the state from `seed` with SplitMix64.
  explicit Rng(uint64_t seed);

  /// Return the generator for sub-stream `stream` of `seed`: Rng(Mix64(seed ^ stream * gamma)),
  /// with gamma the golden ratio constant 0x9E3779B97F4A7C15 and Mix64 the SplitMix64
  /// output function. Streams of one seed are statistically independent of each other.
  static Rng ForStream(uint64_t seed, uint64_t stream);

  /// Return the next 64 random bits.
  uint64_t Next() {
    const uint64_t result = RotateLeft(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = RotateLeft(state_[3], 45);
    return result;
  }

  /// Return a uniform value in [0, n) without bias (Lemire's multiply-shift with rejection).
  /// REQUIRES: n > 0.
  uint64_t Below(uint64_t n) {
    RP_DCHECK(n > 0);
    Uint128 m = static_cast<Uint128>(Next()) * n;
    if (static_cast<uint64_t>(m) < n) m = Reject(m, n);
    return static_cast<uint64_t>(m >> 64);
  }

  /// Return a uniform value in [lo, hi], both inclusive. REQUIRES: lo <= hi.
  int64_t Between(int64_t lo, int64_t hi) {
    RP_DCHECK(lo <= hi);
    // Unsigned arithmetic wraps, so the span of the full int64 range comes out as 0.
    const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) + 1;
    const uint64_t offset = span == 0 ? Next() : Below(span);
    return static_cast<int64_t>(static_cast<uint64_t>(lo) + offset);
  }

  /// Return a uniform double in [0, 1) built from the top 53 bits of Next().
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  /// Return the SplitMix64 output function (a bijective 64-bit mixer) applied to `z`.
  static uint64_t Mix64(uint64_t z);

 private:
  __extension__ using Uint128 = unsigned __int128;

  // Redraw while the low half of `m` falls in the biased zone below 2^64 mod n.
  Uint128 Reject(Uint128 m, uint64_t n);
  static uint64_t RotateLeft(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  std::array<uint64_t, 4> state_;
};

}  // namespace retailpipe::gen
