// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>

#include "retailpipe/dag/task_registry.h"

namespace retailpipe::dag {

/// What one try of a task came to.
struct CallResult {
  Result<TaskOutcome> outcome = Status::Internal("not run");
  bool timed_out = false;  ///< The try ran past its timeout (whatever it returned after).
};

/// Run `fn(context)` on a worker thread. With a timeout > 0, at the deadline ask the task to
/// stop (context.stop) and wait for it to return: a thread cannot be killed safely, so a
/// task that never checks its stop token delays the runner until it returns, with a warning
/// on the "dag" logger every minute. An exception escaping `fn` becomes kInternal.
/// Sets context.stop and context.deadline. Blocks until `fn` has returned.
CallResult CallWithTimeout(const TaskFn& fn, TaskContext& context,
                           std::chrono::milliseconds timeout);

}  // namespace retailpipe::dag
