// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/base/clock.h"

#include <ctime>

namespace retailpipe {

std::string FormatUtcTimestamp(std::chrono::system_clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

}  // namespace retailpipe
