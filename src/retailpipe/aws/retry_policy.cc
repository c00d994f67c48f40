// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/aws/retry_policy.h"

#include <algorithm>
#include <cstdint>
#include <random>

namespace retailpipe::aws {

std::chrono::milliseconds RetryPolicy::Delay(int retry) const {
  return BackoffDelay(retry, backoff_base, backoff_cap, RandomFraction());
}

std::chrono::milliseconds BackoffDelay(int retry, std::chrono::milliseconds base,
                                       std::chrono::milliseconds cap, double random_fraction) {
  constexpr int kMaxShift = 20;
  int shift = std::clamp(retry - 1, 0, kMaxShift);
  auto ceiling = std::min(cap, base * (int64_t{1} << shift));
  return std::chrono::milliseconds(
      static_cast<int64_t>(static_cast<double>(ceiling.count()) * random_fraction));
}

double RandomFraction() {
  std::random_device device;
  std::uniform_real_distribution<double> distribution(0.0, 1.0);
  return distribution(device);
}

}  // namespace retailpipe::aws
