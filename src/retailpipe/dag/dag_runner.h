// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/dag/fwd.h"
#include "retailpipe/dag/run_model.h"

namespace retailpipe::dag {

/// What to do with a run that a crashed process left in state running.
enum class CrashedRuns {
  kResume,  ///< Continue the newest one as this run (older ones are failed).
  kFail,    ///< Mark them failed and start a new run.
};

/// What DagRunner::Run() is asked to do.
struct RunRequest {
  Trigger trigger = Trigger::kCli;
  /// UTC "YYYY-MM-DD HH:MM:SS"; empty for now.
  std::string logical_date;
  CrashedRuns crashed = CrashedRuns::kResume;
};

/// How one task of a run ended.
struct TaskResult {
  std::string task_id;
  TaskState state = TaskState::kQueued;
  int tries = 0;
  int64_t duration_ms = 0;
  std::string summary;
  std::string error;
  bool partial = false;
};

/// What a run came to. state is kSuccess when every task succeeded or was skipped.
struct DagRunSummary {
  DagRun run;
  bool resumed = false;           ///< The run was left running by a crashed process.
  std::vector<TaskResult> tasks;  ///< In the order they ran (topological).
  double seconds = 0;             ///< Wall time of this invocation.
  /// Return true if some task set input aside (quarantine): exit code 3.
  bool partial() const;
};

/// Knobs of the runner; the defaults are for production, tests replace them.
struct RunnerOptions {
  /// Waits between tries.
  std::function<void(std::chrono::milliseconds)> sleep;
  /// Seed of the retry jitter; 0 draws one from std::random_device.
  uint64_t jitter_seed = 0;
  /// Recorded with each run and try; default the machine's name and this process.
  std::string host;
  int64_t pid = 0;
};

/// Runs DAGs: creates a run, runs its tasks in topological order with retries, exponential
/// backoff with jitter and timeouts, marks the tasks below a failure upstream_failed, and
/// keeps every state change in the RunStore as it happens (Airflow's model and state names).
///
/// Crashes: a run found in state running belongs to a process that died, because the caller
/// holds the DAG's run lock (REQUIRES below). By default the newest such run is resumed: its
/// finished tasks stay finished, the try that was running is recorded as failed with
/// failure 'crash' and does not use up a retry, and the run continues from there; older
/// ones are marked failed. With CrashedRuns::kFail they are all marked failed and a new run
/// starts. Tasks must therefore be idempotent, as the seed's loader is with its table key.
///
/// Tasks run one at a time on a worker thread (so a timeout can be enforced while the
/// runner waits); the run store is used only between tries, so a task may share the
/// runner's warehouse connection. The ready set is recomputed after each task, so running
/// several ready tasks at once (a max_active_tasks cap) can come without a new model.
/// Holds references to the registry and the store, which must outlive it. Not thread-safe.
class DagRunner {
 public:
  DagRunner(const TaskRegistry& registry, RunStore& store, RunnerOptions options = {});

  /// Run `spec` once as `request` says, or resume its crashed run.
  /// REQUIRES: the caller holds the DAG's run lock: no other runner of spec.id is live.
  /// TODO(#3): a warehouse-held lock, for runners of one DAG on several machines.
  /// A failed task is not an error: the summary says so (run state kFailed).
  /// Errors: kInvalidArgument if a task names an operator that is not registered (the
  /// message lists the registered ones) or the logical date is malformed; those of the store.
  Result<DagRunSummary> Run(const DagSpec& spec, const RunRequest& request);

 private:
  class Execution;
  Status CheckOperators(const DagSpec& spec) const;
  static std::string Owner(const DagRun& run);
  Status FailCrashedRun(DagRun run, const std::string& why);
  Result<std::optional<std::map<std::string, TaskInstance>>> LoadInstances(const DagSpec& spec,
                                                                           const DagRun& run);
  Result<DagRunSummary> Start(const DagSpec& spec, const RunRequest& request);

  const TaskRegistry& registry_;
  RunStore& store_;
  RunnerOptions options_;
};

/// Return `text` ("YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS" or with a 'T') as
/// "YYYY-MM-DD HH:MM:SS". Errors: kInvalidArgument naming the text and the accepted forms.
Result<std::string> NormalizeLogicalDate(std::string_view text);

}  // namespace retailpipe::dag
