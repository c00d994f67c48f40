// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>

#include "retailpipe/config/dag_options.h"

namespace retailpipe::dag {

/// Return the wait before the next try after `failures` failed tries (>= 1): retry_delay
/// doubled for each failure after the first, capped at max_retry_delay, then scaled into
/// [1/2, 1] of that by `jitter` in [0, 1] ("equal jitter"), so runs that failed together
/// do not retry in lockstep and the wait never drops below half the backoff.
std::chrono::milliseconds RetryDelay(const config::TaskRunPolicy& policy, int failures,
                                     double jitter);

}  // namespace retailpipe::dag
