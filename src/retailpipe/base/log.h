// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include <spdlog/logger.h>

#include "retailpipe/base/status.h"

namespace retailpipe::log {

/// Where log lines go. Console lines go to stderr, so stdout stays for results.
struct LogOptions {
  /// One of trace, debug, info, warn, error, off.
  std::string level = "info";
  /// Append every line to this file too (the seeds' app.log); empty for none.
  std::string file;
  /// Also write to stderr.
  bool console = true;
};

/// Apply `options` to every named logger, existing and future.
/// Errors: kInvalidArgument for an unknown level, kIoError if the file cannot be opened.
/// Not thread-safe against concurrent logging; call it once at start-up.
Status Configure(const LogOptions& options);

/// Return the logger named `name` (one per module: "etl", "storage", ...), creating it with
/// the configured sinks on first use. Safe to call from any thread.
spdlog::logger& Get(std::string_view name);

}  // namespace retailpipe::log
