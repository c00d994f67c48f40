// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/dag/run_model.h"

namespace retailpipe::dag {

/// What a task's code gets for one try. Owned by the runner for the length of the try.
struct TaskContext {
  std::string dag_id;
  std::string run_id;
  std::string task_id;
  int try_number = 1;        ///< 1 for the first try.
  std::string logical_date;  ///< The run's logical date, UTC "YYYY-MM-DD HH:MM:SS".
  std::map<std::string, std::string> params;
  /// Requested when the try runs past its timeout. Long tasks check it between units of work
  /// (a file, a batch) and return kCancelled; the runner waits for the task to return.
  std::stop_token stop;
  /// When the timeout falls; nullopt for no timeout.
  std::optional<std::chrono::steady_clock::time_point> deadline;

  /// Return the param `name`. Errors: kInvalidArgument naming the task, the param and the
  /// params the task has.
  Result<std::string> Param(std::string_view name) const;
};

/// What a successful try reports.
struct TaskOutcome {
  /// kSuccess, or kSkipped when the task decided there was nothing it should do (its
  /// downstream tasks are then skipped too).
  TaskState state = TaskState::kSuccess;
  /// One line for `dag history`, e.g. "3 files, 30000 rows loaded, 2 quarantined".
  std::string summary;
  /// True if some input was set aside (quarantined): the run exits with code 3.
  bool partial = false;
};

/// The code behind an operator. Called on a worker thread; must be safe to call from any
/// thread (one try at a time per runner).
using TaskFn = std::function<Result<TaskOutcome>(TaskContext&)>;

/// Maps operator names ("country_sales.load") to the code that runs them. The app registers
/// its operators; DAGs in the config name them. Not thread-safe to modify; const use is.
class TaskRegistry {
 public:
  /// Register `fn` as `name`. Errors: kAlreadyExists if `name` is taken,
  /// kInvalidArgument if it is empty.
  Status Register(std::string name, TaskFn fn);

  /// Return the function of `name`, or nullptr.
  const TaskFn* Find(std::string_view name) const;

  /// Return every registered name, sorted.
  std::vector<std::string> Names() const;

 private:
  std::map<std::string, TaskFn, std::less<>> operators_;
};

}  // namespace retailpipe::dag
