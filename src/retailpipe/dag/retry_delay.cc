// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/dag/retry_delay.h"

#include <algorithm>

namespace retailpipe::dag {

std::chrono::milliseconds RetryDelay(const config::TaskRunPolicy& policy, int failures,
                                     double jitter) {
  using std::chrono::milliseconds;
  const milliseconds cap = std::max(policy.max_retry_delay, policy.retry_delay);
  milliseconds backoff = policy.retry_delay;
  for (int i = 1; i < failures && backoff < cap; ++i) backoff *= 2;
  backoff = std::min(backoff, cap);
  jitter = std::clamp(jitter, 0.0, 1.0);
  auto ms = static_cast<double>(backoff.count()) * (0.5 + 0.5 * jitter);
  return milliseconds(static_cast<milliseconds::rep>(ms));
}

}  // namespace retailpipe::dag
