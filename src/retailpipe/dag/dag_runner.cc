// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/dag/dag_runner.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>
#include <random>
#include <thread>

#include <unistd.h>

#include "retailpipe/base/clock.h"
#include "retailpipe/base/kill_point.h"
#include "retailpipe/base/log.h"
#include "retailpipe/dag/dag_spec.h"
#include "retailpipe/dag/retry_delay.h"
#include "retailpipe/dag/run_store.h"
#include "retailpipe/dag/task_registry.h"
#include "retailpipe/dag/timed_call.h"

namespace retailpipe::dag {
namespace {

constexpr int kMaxRunIdSuffix = 1000;

spdlog::logger& Log() { return log::Get("dag"); }

std::string HostName() {
  std::array<char, 256> name{};
  if (::gethostname(name.data(), name.size() - 1) != 0) return "unknown";
  return name.data();
}

std::string Seconds(int64_t ms) { return fmt::format("{:.1f} s", static_cast<double>(ms) / 1e3); }

// "timeout after 2s", "timeout after 0.25s".
std::string TimeoutReason(std::chrono::milliseconds timeout) {
  if (timeout.count() % 1000 == 0) return fmt::format("timeout after {}s", timeout.count() / 1000);
  return fmt::format("timeout after {}s", static_cast<double>(timeout.count()) / 1e3);
}

// "manual__2023-10-01T00:00:00", as Airflow names runs (without the zone: always UTC).
std::string BaseRunId(Trigger trigger, const std::string& logical_date) {
  std::string date = logical_date;
  std::replace(date.begin(), date.end(), ' ', 'T');
  return std::string(TriggerName(trigger)) + "__" + date;
}

TaskTry TryOf(const TaskInstance& ti, TaskState state) {
  TaskTry attempt;
  attempt.run_id = ti.run_id;
  attempt.task_id = ti.task_id;
  attempt.try_number = ti.try_number;
  attempt.state = state;
  return attempt;
}

}  // namespace

bool DagRunSummary::partial() const {
  return std::any_of(tasks.begin(), tasks.end(), [](const TaskResult& t) { return t.partial; });
}

Result<std::string> NormalizeLogicalDate(std::string_view text) {
  std::string out(text);
  if (out.size() == 10) out += " 00:00:00";
  if (out.size() == 19 && out[10] == 'T') out[10] = ' ';
  constexpr std::string_view kShape = "dddd-dd-dd dd:dd:dd";
  bool ok = out.size() == kShape.size();
  for (size_t i = 0; ok && i < kShape.size(); ++i) {
    ok = kShape[i] == 'd' ? std::isdigit(static_cast<unsigned char>(out[i])) != 0
                          : out[i] == kShape[i];
  }
  if (!ok) {
    return Status::InvalidArgument("logical date '" + std::string(text) +
                                   "' is not YYYY-MM-DD or YYYY-MM-DD HH:MM:SS (UTC)");
  }
  return out;
}

/// One run in progress: its instances, the registry's functions, the jitter source.
class DagRunner::Execution {
 public:
  Execution(DagRunner& runner, const DagSpec& spec, DagRun run,
            std::map<std::string, TaskInstance> instances, std::string crashed_owner = {})
      : runner_(runner),
        spec_(spec),
        run_(std::move(run)),
        instances_(std::move(instances)),
        crashed_owner_(std::move(crashed_owner)),
        rng_(runner.options_.jitter_seed != 0 ? runner.options_.jitter_seed
                                              : std::random_device{}()) {}

  Result<DagRunSummary> Run(bool resumed) {
    Stopwatch watch;
    DagRunSummary summary;
    summary.resumed = resumed;
    for (const TaskSpec& task : spec_.tasks) {
      TaskInstance& ti = instances_.at(task.id);
      if (ti.state == TaskState::kRunning) RP_RETURN_IF_ERROR(RecordCrashedTry(ti));
      if (!IsFinished(ti.state)) {
        TaskState blocked = BlockedState(task);
        if (blocked == TaskState::kQueued) {
          RP_RETURN_IF_ERROR(RunTask(task, ti));
        } else {
          RP_RETURN_IF_ERROR(MarkNotRun(ti, blocked));
        }
      }
      summary.tasks.push_back({ti.task_id, ti.state, ti.try_number, ti.duration_ms, ti.summary,
                               ti.error, partial_[ti.task_id]});
    }
    bool ok = std::all_of(summary.tasks.begin(), summary.tasks.end(), [](const TaskResult& t) {
      return t.state == TaskState::kSuccess || t.state == TaskState::kSkipped;
    });
    run_.state = ok ? DagRunState::kSuccess : DagRunState::kFailed;
    run_.end_date = NowUtcText();
    RP_RETURN_IF_ERROR(runner_.store_.UpdateRun(run_));
    Log().info("dag {} run {} finished: {}", run_.dag_id, run_.run_id, DagRunStateName(run_.state));
    summary.run = run_;
    summary.seconds = watch.seconds();
    return summary;
  }

 private:
  // kQueued if every upstream task succeeded; else the state this task takes without running.
  TaskState BlockedState(const TaskSpec& task) const {
    bool skipped = false;
    for (const std::string& dep : task.depends_on) {
      TaskState up = instances_.at(dep).state;
      if (up == TaskState::kFailed || up == TaskState::kUpstreamFailed) {
        return TaskState::kUpstreamFailed;
      }
      skipped = skipped || up == TaskState::kSkipped;
    }
    return skipped ? TaskState::kSkipped : TaskState::kQueued;
  }

  Status MarkNotRun(TaskInstance& ti, TaskState state) {
    ti.state = state;
    ti.end_date = NowUtcText();
    ti.summary = state == TaskState::kSkipped ? "not run: an upstream task was skipped"
                                              : "not run: an upstream task failed";
    Log().warn("dag {} run {}: {} {}", run_.dag_id, run_.run_id, ti.task_id, ti.summary);
    return runner_.store_.UpdateTask(ti);
  }

  // The try a crashed process left running failed with kCrash; it does not use a retry.
  Status RecordCrashedTry(TaskInstance& ti) {
    TaskTry crashed = TryOf(ti, TaskState::kFailed);
    crashed.failure = FailureKind::kCrash;
    crashed.end_date = NowUtcText();
    crashed.error =
        "the process running this try (" + crashed_owner_ + ") died; found by the next run";
    ti.state = TaskState::kUpForRetry;
    ti.max_tries += 1;
    ti.error = crashed.error;
    Log().warn("dag {} run {}: {} try {} was cut short by a crash; running it again", run_.dag_id,
               run_.run_id, ti.task_id, ti.try_number);
    return runner_.store_.FinishTry(ti, crashed);
  }

  Result<TaskTry> StartTry(const TaskSpec& task, TaskInstance& ti) {
    ti.try_number += 1;
    ti.state = TaskState::kRunning;
    ti.next_try_at.clear();
    TaskTry attempt = TryOf(ti, TaskState::kRunning);
    attempt.start_date = NowUtcText();
    attempt.host = run_.host;
    attempt.pid = run_.pid;
    if (ti.start_date.empty()) ti.start_date = attempt.start_date;
    RP_RETURN_IF_ERROR(runner_.store_.StartTry(ti, attempt));
    Log().info("dag {} run {}: {} try {}/{} started ({})", run_.dag_id, run_.run_id, task.id,
               ti.try_number, ti.max_tries, task.operator_name);
    return attempt;
  }

  Status RunTask(const TaskSpec& task, TaskInstance& ti) {
    const TaskFn& fn = *runner_.registry_.Find(task.operator_name);
    while (true) {
      RP_ASSIGN_OR_RETURN(TaskTry attempt, StartTry(task, ti));
      TaskContext context;
      context.dag_id = spec_.id;
      context.run_id = run_.run_id;
      context.task_id = task.id;
      context.try_number = ti.try_number;
      context.logical_date = run_.logical_date;
      context.params = task.params;
      KillPoint("dag.after_try_start");
      Stopwatch watch;
      CallResult call = CallWithTimeout(fn, context, task.policy.timeout);
      KillPoint("dag.before_try_end");
      attempt.duration_ms = static_cast<int64_t>(watch.seconds() * 1e3);
      attempt.end_date = ti.end_date = NowUtcText();
      ti.duration_ms += attempt.duration_ms;
      if (call.outcome.ok() && !call.timed_out) return Succeed(ti, attempt, *call.outcome);
      RP_ASSIGN_OR_RETURN(std::optional<std::chrono::milliseconds> wait,
                          Fail(task, ti, attempt, call));
      if (!wait) return Status::OK();
      runner_.options_.sleep(*wait);
    }
  }

  Status Succeed(TaskInstance& ti, TaskTry& attempt, const TaskOutcome& outcome) {
    attempt.state = ti.state = outcome.state;
    attempt.summary = ti.summary = outcome.summary;
    ti.error.clear();
    partial_[ti.task_id] = outcome.partial;
    Log().info("dag {} run {}: {} {} in {}{}{}", run_.dag_id, run_.run_id, ti.task_id,
               TaskStateName(ti.state), Seconds(attempt.duration_ms),
               outcome.summary.empty() ? "" : ": ", outcome.summary);
    return runner_.store_.FinishTry(ti, attempt);
  }

  // Record a failed try; return the wait before the next try, or nullopt if there is none.
  Result<std::optional<std::chrono::milliseconds>> Fail(const TaskSpec& task, TaskInstance& ti,
                                                        TaskTry& attempt, const CallResult& call) {
    attempt.state = TaskState::kFailed;
    attempt.failure = call.timed_out ? FailureKind::kTimeout : FailureKind::kError;
    attempt.error =
        call.timed_out ? TimeoutReason(task.policy.timeout) : call.outcome.error().message();
    ti.error = attempt.error;
    // A config or usage error will not go away by itself; anything else may.
    bool retryable = call.timed_out || call.outcome.error().code() != StatusCode::kInvalidArgument;
    std::optional<std::chrono::milliseconds> wait;
    if (retryable && ti.try_number < ti.max_tries) {
      wait = RetryDelay(task.policy, ti.try_number, std::uniform_real_distribution<>(0, 1)(rng_));
      ti.next_try_at = FormatUtcTimestamp(std::chrono::system_clock::now() + *wait);
    }
    ti.state = wait ? TaskState::kUpForRetry : TaskState::kFailed;
    Log().error("dag {} run {}: {} try {}/{} failed: {}{}", run_.dag_id, run_.run_id, ti.task_id,
                ti.try_number, ti.max_tries, attempt.error,
                wait ? "; next try in " + Seconds(wait->count()) : std::string());
    RP_RETURN_IF_ERROR(runner_.store_.FinishTry(ti, attempt));
    return wait;
  }

  DagRunner& runner_;
  const DagSpec& spec_;
  DagRun run_;
  std::map<std::string, TaskInstance> instances_;
  std::string crashed_owner_;  // "host, pid N" of the process that left the run running
  std::map<std::string, bool> partial_;
  std::mt19937_64 rng_;
};

DagRunner::DagRunner(const TaskRegistry& registry, RunStore& store, RunnerOptions options)
    : registry_(registry), store_(store), options_(std::move(options)) {
  if (!options_.sleep) {
    options_.sleep = [](std::chrono::milliseconds wait) { std::this_thread::sleep_for(wait); };
  }
  if (options_.host.empty()) options_.host = HostName();
  if (options_.pid == 0) options_.pid = ::getpid();
}

Status DagRunner::CheckOperators(const DagSpec& spec) const {
  for (const TaskSpec& task : spec.tasks) {
    if (registry_.Find(task.operator_name) != nullptr) continue;
    std::string known;
    for (const std::string& name : registry_.Names()) known += (known.empty() ? "" : ", ") + name;
    return Status::InvalidArgument("dag " + spec.id + ": task " + task.id +
                                   " names the operator '" + task.operator_name +
                                   "', which does not exist; operators: " + known);
  }
  return Status::OK();
}

std::string DagRunner::Owner(const DagRun& run) {
  return run.host + ", pid " + std::to_string(run.pid);
}

Status DagRunner::FailCrashedRun(DagRun run, const std::string& why) {
  RP_ASSIGN_OR_RETURN(std::vector<TaskInstance> instances, store_.TaskInstances(run.run_id));
  RP_ASSIGN_OR_RETURN(std::vector<TaskTry> tries, store_.Tries(run.run_id));
  const std::string now = NowUtcText();
  for (TaskInstance& ti : instances) {
    if (IsFinished(ti.state)) continue;
    auto running = std::find_if(tries.begin(), tries.end(), [&](const TaskTry& t) {
      return t.task_id == ti.task_id && t.state == TaskState::kRunning;
    });
    if (running != tries.end()) {
      running->state = ti.state = TaskState::kFailed;
      running->failure = FailureKind::kCrash;
      running->end_date = ti.end_date = now;
      running->error = ti.error = "the process running this try (" + Owner(run) + ") died";
      RP_RETURN_IF_ERROR(store_.FinishTry(ti, *running));
      continue;
    }
    ti.state = TaskState::kSkipped;
    ti.end_date = now;
    ti.summary = "not run: the run was marked failed after its process crashed";
    RP_RETURN_IF_ERROR(store_.UpdateTask(ti));
  }
  run.note = "left running by " + Owner(run) + ", which died; marked failed by " + options_.host +
             ", pid " + std::to_string(options_.pid) + ": " + why;
  run.state = DagRunState::kFailed;
  run.end_date = now;
  Log().warn("dag {} run {} was {}", run.dag_id, run.run_id, run.note);
  return store_.UpdateRun(run);
}

Result<std::optional<std::map<std::string, TaskInstance>>> DagRunner::LoadInstances(
    const DagSpec& spec, const DagRun& run) {
  RP_ASSIGN_OR_RETURN(std::vector<TaskInstance> stored, store_.TaskInstances(run.run_id));
  std::map<std::string, TaskInstance> instances;
  for (TaskInstance& ti : stored) instances[ti.task_id] = std::move(ti);
  bool same = instances.size() == spec.tasks.size() &&
              std::all_of(spec.tasks.begin(), spec.tasks.end(),
                          [&](const TaskSpec& t) { return instances.count(t.id) != 0; });
  if (!same) return std::optional<std::map<std::string, TaskInstance>>();
  return std::optional<std::map<std::string, TaskInstance>>(std::move(instances));
}

Result<DagRunSummary> DagRunner::Start(const DagSpec& spec, const RunRequest& request) {
  DagRun run;
  run.dag_id = spec.id;
  run.trigger = request.trigger;
  if (request.logical_date.empty()) {
    run.logical_date = NowUtcText();
  } else {
    RP_ASSIGN_OR_RETURN(run.logical_date, NormalizeLogicalDate(request.logical_date));
  }
  run.state = DagRunState::kRunning;
  run.start_date = NowUtcText();
  run.host = options_.host;
  run.pid = options_.pid;
  const std::string base = BaseRunId(request.trigger, run.logical_date);
  std::map<std::string, TaskInstance> instances;
  for (int suffix = 1;; ++suffix) {
    run.run_id = suffix == 1 ? base : base + "__" + std::to_string(suffix);
    std::vector<TaskInstance> tasks;
    for (const TaskSpec& task : spec.tasks) {
      TaskInstance ti;
      ti.run_id = run.run_id;
      ti.task_id = task.id;
      ti.operator_name = task.operator_name;
      ti.max_tries = 1 + task.policy.retries;
      tasks.push_back(ti);
      instances[task.id] = std::move(ti);
    }
    Status created = store_.CreateRun(run, tasks);
    if (created.ok()) break;
    if (!created.IsAlreadyExists() || suffix >= kMaxRunIdSuffix) return created;
  }
  Log().info("dag {} run {} started ({}, {} tasks, logical date {})", spec.id, run.run_id,
             TriggerName(run.trigger), spec.tasks.size(), run.logical_date);
  return Execution(*this, spec, std::move(run), std::move(instances)).Run(false);
}

Result<DagRunSummary> DagRunner::Run(const DagSpec& spec, const RunRequest& request) {
  RP_RETURN_IF_ERROR(CheckOperators(spec));
  if (!request.logical_date.empty()) {
    RP_RETURN_IF_ERROR(NormalizeLogicalDate(request.logical_date).status());
  }
  RP_RETURN_IF_ERROR(store_.EnsureSchema());
  RP_ASSIGN_OR_RETURN(std::vector<DagRun> crashed,
                      store_.RunsInState(spec.id, DagRunState::kRunning));
  std::optional<DagRun> resume;
  if (request.crashed == CrashedRuns::kResume && !crashed.empty()) {
    resume = crashed.back();
    crashed.pop_back();
  }
  for (const DagRun& run : crashed) {
    RP_RETURN_IF_ERROR(FailCrashedRun(run, resume ? "a newer crashed run is resumed instead"
                                                  : "crashed runs are to be failed, not resumed"));
  }
  if (resume) {
    RP_ASSIGN_OR_RETURN(auto instances, LoadInstances(spec, *resume));
    if (instances) {
      const std::string owner = Owner(*resume);
      resume->note = "resumed by " + options_.host + ", pid " + std::to_string(options_.pid) +
                     " after " + owner + " died";
      resume->host = options_.host;
      resume->pid = options_.pid;
      RP_RETURN_IF_ERROR(store_.UpdateRun(*resume));
      Log().warn("dag {} run {} was left running by {}, which died: resuming it", spec.id,
                 resume->run_id, owner);
      return Execution(*this, spec, std::move(*resume), std::move(*instances), owner).Run(true);
    }
    RP_RETURN_IF_ERROR(FailCrashedRun(*resume, "its tasks no longer match the DAG's config"));
  }
  return Start(spec, request);
}

}  // namespace retailpipe::dag
