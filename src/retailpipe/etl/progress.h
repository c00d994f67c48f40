// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <string>
#include <thread>

namespace retailpipe::etl {

/// Reports the progress of one long step on the "etl" logger while it runs: after a grace
/// period, a line every few seconds ("staging 12 files: 45% after 6 s"). Owns a polling
/// thread, stopped and joined by the destructor. `poll` must be safe to call from that thread.
class ProgressReporter {
 public:
  ProgressReporter(std::string label, std::function<double()> poll);
  ~ProgressReporter() = default;  // jthread requests stop and joins
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;

 private:
  std::jthread thread_;
};

}  // namespace retailpipe::etl
