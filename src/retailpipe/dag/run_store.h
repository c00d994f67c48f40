// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/dag/run_model.h"
#include "retailpipe/db/fwd.h"

namespace retailpipe::dag {

/// The run history of every DAG, kept in the warehouse: tables dag_run (one row per run),
/// task_instance (one row per task of a run, its current state) and task_try (one row per
/// try). Portable SQL (DuckDB, MySQL/MariaDB, PostgreSQL); every value is bound.
///
/// Holds a reference to the warehouse, which must outlive it. Like the warehouse, use it from
/// one thread at a time. Each method that writes several rows does so in one transaction.
class RunStore {
 public:
  explicit RunStore(db::Warehouse& wh) : wh_(wh) {}

  /// Create the tables if they do not exist. Errors: those of the warehouse.
  Status EnsureSchema();

  /// Insert a new run and its task instances. Errors: kAlreadyExists if the run id is taken;
  /// those of the warehouse.
  Status CreateRun(const DagRun& run, const std::vector<TaskInstance>& tasks);

  /// Store the run's state, dates, host, pid and note.
  Status UpdateRun(const DagRun& run);

  /// Store a task instance's state and counters (no try changes).
  Status UpdateTask(const TaskInstance& task);

  /// Record the start of a try: the task instance (state running) and the new try row.
  Status StartTry(const TaskInstance& task, const TaskTry& attempt);

  /// Record the end of a try: the task instance and the try's final row.
  Status FinishTry(const TaskInstance& task, const TaskTry& attempt);

  /// Return the run `run_id`, or nullopt.
  Result<std::optional<DagRun>> FindRun(const std::string& run_id);

  /// Return the runs of `dag_id` in `state`, oldest first.
  Result<std::vector<DagRun>> RunsInState(const std::string& dag_id, DagRunState state);

  /// Return the newest `limit` runs, of `dag_id` only unless it is empty; newest first.
  Result<std::vector<DagRun>> RecentRuns(const std::string& dag_id, int limit);

  /// Return the task instances of a run, in no particular order.
  Result<std::vector<TaskInstance>> TaskInstances(const std::string& run_id);

  /// Return every try of a run, by task and try number.
  Result<std::vector<TaskTry>> Tries(const std::string& run_id);

 private:
  Status InsertTask(const TaskInstance& task);
  db::Warehouse& wh_;
};

}  // namespace retailpipe::dag
