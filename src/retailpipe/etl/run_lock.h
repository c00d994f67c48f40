// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>

#include "retailpipe/base/result.h"

namespace retailpipe::etl {

/// An exclusive advisory lock (flock) on a file, held for the life of the object, so two runs
/// of one pipeline on one machine never interleave. Released by the destructor, or by the
/// kernel if the process dies. TODO(#3): a warehouse-held lock for runs on several machines.
class RunLock {
 public:
  /// Take the lock on `path` (created if needed) without waiting.
  /// Errors: kFailedPrecondition if another process holds it, kIoError otherwise.
  static Result<std::unique_ptr<RunLock>> Acquire(const std::string& path);
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

 private:
  explicit RunLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace retailpipe::etl
