// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/base/check.h"

#include <cstdio>
#include <cstdlib>

namespace retailpipe::internal {

void CheckFailed(const char* expr, const char* file, int line) {
  std::fprintf(stderr, "retailpipe: internal check failed: %s at %s:%d\n", expr, file, line);
  std::abort();
}

}  // namespace retailpipe::internal
