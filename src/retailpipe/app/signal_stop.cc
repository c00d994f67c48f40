// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/signal_stop.h"

#include <cstdlib>
#include <ctime>

#include <pthread.h>

#include "retailpipe/base/check.h"
#include "retailpipe/base/log.h"

namespace retailpipe::app {
namespace {

sigset_t StopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

SignalStop::SignalStop() {
  const sigset_t set = StopSignals();
  RP_CHECK(pthread_sigmask(SIG_BLOCK, &set, &previous_mask_) == 0);
  waiter_ = std::jthread([this](std::stop_token stop) {
    const sigset_t signals = StopSignals();
    const timespec tick{0, 200'000'000};  // how often the waiter looks at `stop`
    while (!stop.stop_requested()) {
      const int sig = sigtimedwait(&signals, nullptr, &tick);
      if (sig <= 0) continue;  // timeout or EINTR
      if (signal_.exchange(sig) != 0) {
        // A second signal: the user does not want to wait. Nothing is lost (what was not
        // committed is read again by the next run).
        log::Get("app").warn("second signal: exiting now");
        std::_Exit(128 + sig);
      }
      log::Get("app").warn(
          "{} received: finishing what is in hand, then stopping (again to "
          "exit at once)",
          sig == SIGINT ? "SIGINT" : "SIGTERM");
      source_.request_stop();
    }
  });
}

SignalStop::~SignalStop() {
  waiter_.request_stop();
  waiter_.join();
  pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
}

}  // namespace retailpipe::app
