// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <string>

namespace retailpipe {

/// Return `t` as "YYYY-MM-DD HH:MM:SS" in UTC, the form every warehouse accepts for TIMESTAMP.
std::string FormatUtcTimestamp(std::chrono::system_clock::time_point t);

/// Return the current time as FormatUtcTimestamp() text.
inline std::string NowUtcText() { return FormatUtcTimestamp(std::chrono::system_clock::now()); }

/// Measures elapsed wall time from construction. A plain value; not thread-safe.
class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  /// Return the seconds since construction.
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace retailpipe
