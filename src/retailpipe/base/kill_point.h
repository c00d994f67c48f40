// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

namespace retailpipe {

/// Die at once with SIGKILL if the environment variable RP_KILLPOINT names this point.
///
/// Crash tests set RP_KILLPOINT=<name> to stop a run at an exact step boundary, the way a
/// power cut or `kill -9` would, then check that the next run loses and duplicates nothing.
/// Costs one comparison when unset. Thread-safe.
void KillPoint(std::string_view name);

}  // namespace retailpipe
