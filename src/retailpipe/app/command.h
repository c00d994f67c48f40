// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/config/loader.h"

namespace CLI {
class App;
}  // namespace CLI

namespace retailpipe::app {

/// What every command runs with: the effective configuration after all layers.
struct Context {
  config::LoadedConfig loaded;
  const config::Config& config() const { return loaded.config; }
};

/// How a command finished when it did not fail.
enum class Outcome {
  kOk,       ///< Exit code 0.
  kPartial,  ///< Exit code 3: finished, but some input was quarantined.
};

/// Whether CommandRegistry::Dispatch() loads the configuration before Run().
enum class ConfigUse {
  kLoad,  ///< Load it and log as it says; a config error ends the process with exit code 2.
  kNone,  ///< Do not read it: Context::loaded is default-constructed, logs go to stderr only.
          ///< For commands that must work when the config cannot be loaded (`secrets`).
};

/// One subcommand of the `retailpipe` binary (ninja's tools, ClickHouse's programs).
///
/// A command declares its options in Configure(), binding them to its own members, and does
/// its work in Run(). Instances live in the CommandRegistry for the life of the process.
class Command {
 public:
  virtual ~Command() = default;

  /// Return the words that select the command, e.g. "etl sales".
  virtual std::string_view name() const = 0;

  /// Return the one-line summary shown in `retailpipe --help`.
  virtual std::string_view summary() const = 0;

  /// Return whether the command needs the configuration. Most do.
  virtual ConfigUse config_use() const { return ConfigUse::kLoad; }

  /// Declare the command's options and its longer help on `cli`.
  virtual void Configure(CLI::App& cli) = 0;

  /// Do the work. A failure is returned as a Status; main() maps it to an exit code.
  virtual Result<Outcome> Run(const Context& context) = 0;
};

}  // namespace retailpipe::app
