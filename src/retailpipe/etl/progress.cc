// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/etl/progress.h"

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "retailpipe/base/clock.h"
#include "retailpipe/base/log.h"

namespace retailpipe::etl {
namespace {

constexpr auto kGrace = std::chrono::seconds(2);
constexpr auto kEvery = std::chrono::seconds(3);

// Sleep for `d` or until stop is requested; return false if stopped.
bool SleepFor(std::stop_token stop, std::chrono::steady_clock::duration d) {
  std::mutex mu;
  std::condition_variable_any cv;
  std::unique_lock lock(mu);
  return !cv.wait_for(lock, stop, d, [] { return false; }) && !stop.stop_requested();
}

}  // namespace

ProgressReporter::ProgressReporter(std::string label, std::function<double()> poll)
    : thread_([label = std::move(label), poll = std::move(poll)](std::stop_token stop) {
        Stopwatch watch;
        if (!SleepFor(stop, kGrace)) return;
        do {
          double pct = poll();
          if (pct >= 0) {
            log::Get("etl").info("{}: {:.0f}% after {:.0f} s", label, pct, watch.seconds());
          } else {
            log::Get("etl").info("{}: still running after {:.0f} s", label, watch.seconds());
          }
        } while (SleepFor(stop, kEvery));
      }) {}

}  // namespace retailpipe::etl
