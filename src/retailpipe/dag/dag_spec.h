// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/config/dag_options.h"

namespace retailpipe::dag {

/// One task of a validated DAG.
struct TaskSpec {
  std::string id;
  /// Name of the operator in the TaskRegistry, e.g. "country_sales.load".
  std::string operator_name;
  std::map<std::string, std::string> params;
  /// Ids of the tasks that must succeed before this one starts.
  std::vector<std::string> depends_on;
  /// Retries, backoff and timeout.
  config::TaskRunPolicy policy;
};

/// A validated DAG: unique task ids, known dependencies, no cycle, a valid schedule, and
/// its tasks in a topological order (a task after all it depends on; among tasks that could
/// go in either order, the order of the config). A plain value.
struct DagSpec {
  std::string id;
  std::string description;
  std::string schedule;  ///< Checked by ValidateSchedule(); not used to start runs yet.
  std::vector<TaskSpec> tasks;

  /// Build and validate a DagSpec from its config.
  /// Errors: kInvalidArgument naming the DAG and the task: those of DagOptions::Validate(),
  /// an unknown or repeated dependency, a task that depends on itself, a cycle (the message
  /// lists it: a -> b -> a), a bad schedule.
  static Result<DagSpec> FromOptions(const config::DagOptions& options);

  /// Return the task named `task_id`, or nullptr.
  const TaskSpec* Find(std::string_view task_id) const;
};

}  // namespace retailpipe::dag
