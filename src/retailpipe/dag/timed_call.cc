// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/dag/timed_call.h"

#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include "retailpipe/base/log.h"

namespace retailpipe::dag {
namespace {

constexpr std::chrono::minutes kOverdueWarningEvery{1};

Result<TaskOutcome> CallCatching(const TaskFn& fn, TaskContext& context) {
  try {
    return fn(context);
  } catch (const std::exception& e) {
    // Task code must return errors; this keeps one that throws from ending the process.
    return Status::Internal("task " + context.task_id + " threw an exception: " + e.what());
  }
}

}  // namespace

CallResult CallWithTimeout(const TaskFn& fn, TaskContext& context,
                           std::chrono::milliseconds timeout) {
  using Clock = std::chrono::steady_clock;
  std::mutex mu;
  std::condition_variable done_cv;
  std::optional<Result<TaskOutcome>> result;  // guarded by mu
  const Clock::time_point start = Clock::now();
  context.deadline.reset();
  if (timeout.count() > 0) context.deadline = start + timeout;

  std::jthread worker([&](std::stop_token stop) {
    context.stop = stop;
    Result<TaskOutcome> outcome = CallCatching(fn, context);
    std::lock_guard lock(mu);
    result.emplace(std::move(outcome));
    done_cv.notify_all();
  });

  CallResult call;
  std::unique_lock lock(mu);
  if (context.deadline) {
    call.timed_out =
        !done_cv.wait_until(lock, *context.deadline, [&] { return result.has_value(); });
  }
  if (!call.timed_out) {
    done_cv.wait(lock, [&] { return result.has_value(); });
  } else {
    worker.request_stop();
    log::Get("dag").warn("task {} of run {} ran past its timeout; asked it to stop",
                         context.task_id, context.run_id);
    while (!done_cv.wait_for(lock, kOverdueWarningEvery, [&] { return result.has_value(); })) {
      log::Get("dag").warn(
          "still waiting for task {} of run {} to stop ({} s after its start)", context.task_id,
          context.run_id,
          std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - start).count());
    }
  }
  call.outcome = std::move(*result);
  lock.unlock();
  return call;  // the worker has returned; ~jthread joins it
}

}  // namespace retailpipe::dag
