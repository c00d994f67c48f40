// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/base/kill_point.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace retailpipe {

void KillPoint(std::string_view name) {
  static const std::string armed = [] {
    const char* v = std::getenv("RP_KILLPOINT");
    return std::string(v ? v : "");
  }();
  if (armed.empty() || armed != name) return;
  std::fprintf(stderr, "retailpipe: kill point %s reached, sending SIGKILL\n", armed.c_str());
  std::fflush(stderr);
  std::raise(SIGKILL);
}

}  // namespace retailpipe
