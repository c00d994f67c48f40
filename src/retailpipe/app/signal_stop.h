// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <stop_token>
#include <thread>

#include <signal.h>

namespace retailpipe::app {

/// Turns SIGINT (Ctrl-C) and SIGTERM into a stop request, so long-running commands finish
/// what they hold (the sink uploads its open files, as the seed's `finally` did) and exit.
///
/// The constructor blocks both signals in the calling thread, so threads started afterwards
/// inherit the block, and starts a thread that waits for them; the destructor stops that
/// thread and restores the previous signal mask. Make it in the main thread before starting
/// workers. One at a time per process; not copyable.
class SignalStop {
 public:
  SignalStop();
  ~SignalStop();
  SignalStop(const SignalStop&) = delete;
  SignalStop& operator=(const SignalStop&) = delete;

  /// Return the token that is stopped when a signal arrives.
  std::stop_token token() const { return source_.get_token(); }

  /// Return the signal that arrived, or 0.
  int signal() const { return signal_.load(); }

 private:
  sigset_t previous_mask_;
  std::stop_source source_;
  std::atomic<int> signal_{0};
  std::jthread waiter_;
};

}  // namespace retailpipe::app
