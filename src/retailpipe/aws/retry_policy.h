// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>

namespace retailpipe::aws {

/// How a client retries a call that failed for a reason worth another attempt (a 5xx answer,
/// throttling, a connection error): capped exponential backoff with full jitter, as the AWS
/// SDKs do. A plain value type.
struct RetryPolicy {
  /// Attempts per call, counting the first; at least 1 is made.
  int max_attempts = 5;
  /// The ceiling of the first backoff; it doubles per retry up to backoff_cap.
  std::chrono::milliseconds backoff_base{100};
  /// The largest backoff.
  std::chrono::milliseconds backoff_cap{5'000};

  /// Return a random delay before retry `retry` (1 = the first retry); see BackoffDelay().
  std::chrono::milliseconds Delay(int retry) const;
};

/// Return the delay before retry `retry` (1 = the first retry): uniform in
/// [0, min(cap, base * 2^(retry-1))], from `random_fraction` in [0, 1).
std::chrono::milliseconds BackoffDelay(int retry, std::chrono::milliseconds base,
                                       std::chrono::milliseconds cap, double random_fraction);

/// Return a uniformly random number in [0, 1) from std::random_device.
double RandomFraction();

}  // namespace retailpipe::aws
