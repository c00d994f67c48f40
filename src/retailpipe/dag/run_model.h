// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace retailpipe::dag {

/// The state of a task instance, with Airflow's names (stored as those names).
enum class TaskState {
  kQueued,          ///< Waiting for its upstream tasks.
  kRunning,         ///< A try is running.
  kSuccess,         ///< A try succeeded.
  kFailed,          ///< The last try failed and no try is left.
  kUpForRetry,      ///< A try failed; the next one starts after the backoff.
  kUpstreamFailed,  ///< Not run: an upstream task failed.
  kSkipped,         ///< Not run, by the task's own decision or because an upstream skipped.
};

/// The state of a DAG run.
enum class DagRunState { kQueued, kRunning, kSuccess, kFailed };

/// Who started a run.
enum class Trigger {
  kManual,    ///< A person: `retailpipe dag trigger`.
  kCli,       ///< A script or another command: `retailpipe dag run`, `retailpipe run`.
  kSchedule,  ///< The scheduler (not built yet; the value is reserved).
};

/// How a failed try ended.
enum class FailureKind {
  kError,    ///< The task returned an error.
  kTimeout,  ///< The task ran past its timeout and was stopped.
  kCrash,    ///< The process running it died; found by the next run (does not use a retry).
};

std::string_view TaskStateName(TaskState state);
std::string_view DagRunStateName(DagRunState state);
std::string_view TriggerName(Trigger trigger);
std::string_view FailureKindName(FailureKind kind);

/// Parse the stored names back; nullopt for an unknown name.
std::optional<TaskState> ParseTaskState(std::string_view name);
std::optional<DagRunState> ParseDagRunState(std::string_view name);
std::optional<Trigger> ParseTrigger(std::string_view name);
std::optional<FailureKind> ParseFailureKind(std::string_view name);

/// Return true for the states a task instance ends in.
bool IsFinished(TaskState state);

/// One run of a DAG (table dag_run). Times are UTC "YYYY-MM-DD HH:MM:SS" text, "" if unset.
struct DagRun {
  std::string run_id;
  std::string dag_id;
  std::string logical_date;
  Trigger trigger = Trigger::kCli;
  DagRunState state = DagRunState::kQueued;
  std::string start_date;
  std::string end_date;
  std::string host;  ///< Machine that ran it last.
  int64_t pid = 0;   ///< Process that ran it last.
  std::string note;  ///< E.g. why it was resumed or failed without running.
};

/// The current state of one task in one run (table task_instance).
struct TaskInstance {
  std::string run_id;
  std::string task_id;
  std::string operator_name;
  TaskState state = TaskState::kQueued;
  int try_number = 0;  ///< Tries started so far; 0 before the first.
  int max_tries = 1;   ///< 1 + retries; a crashed try does not count.
  std::string start_date;
  std::string end_date;
  int64_t duration_ms = 0;  ///< Sum of the tries' durations.
  std::string next_try_at;  ///< When up_for_retry: when the next try starts.
  std::string summary;      ///< The last try's outcome in one line.
  std::string error;        ///< The last failed try's error.
};

/// One try of one task (table task_try): the history `dag history` shows.
struct TaskTry {
  std::string run_id;
  std::string task_id;
  int try_number = 0;
  TaskState state = TaskState::kRunning;  ///< kRunning, kSuccess, kSkipped or kFailed.
  std::optional<FailureKind> failure;     ///< Set when kFailed.
  std::string start_date;
  std::string end_date;
  int64_t duration_ms = 0;
  std::string summary;
  std::string error;
  std::string host;
  int64_t pid = 0;
};

}  // namespace retailpipe::dag
