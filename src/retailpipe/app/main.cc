// SPDX-License-Identifier: Apache-2.0
#include <cstdio>
#include <exception>

#include "retailpipe/app/command_registry.h"

int main(int argc, char** argv) {
  try {
    auto registry = retailpipe::app::CommandRegistry::Default();
    return static_cast<int>(registry.Dispatch(argc, argv));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "retailpipe: internal error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "retailpipe: internal error: unknown exception\n");
  }
  return static_cast<int>(retailpipe::app::ExitCode::kFailure);
}
