// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <vector>

#include "retailpipe/app/command.h"

namespace retailpipe::app {

/// Exit codes of the binary (style.md §5).
enum class ExitCode : int { kOk = 0, kFailure = 1, kUsage = 2, kPartial = 3 };

/// The table of every command, and the dispatch from argv to one of them: parse the global
/// and command options, load the configuration, set up logging, run, and map the result to
/// an exit code. Owns the commands. Used once, from main().
class CommandRegistry {
 public:
  /// Build the registry with every command of the binary.
  static CommandRegistry Default();

  /// Parse `argv` and run the selected command. Errors are printed to stderr.
  ExitCode Dispatch(int argc, char** argv);

 private:
  std::vector<std::unique_ptr<Command>> commands_;
};

}  // namespace retailpipe::app
