// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/dag/run_model.h"

#include <array>
#include <utility>

namespace retailpipe::dag {
namespace {

template <typename E, size_t N>
using Names = std::array<std::pair<E, std::string_view>, N>;

constexpr Names<TaskState, 7> kTaskStates = {{
    {TaskState::kQueued, "queued"},
    {TaskState::kRunning, "running"},
    {TaskState::kSuccess, "success"},
    {TaskState::kFailed, "failed"},
    {TaskState::kUpForRetry, "up_for_retry"},
    {TaskState::kUpstreamFailed, "upstream_failed"},
    {TaskState::kSkipped, "skipped"},
}};
constexpr Names<DagRunState, 4> kRunStates = {{
    {DagRunState::kQueued, "queued"},
    {DagRunState::kRunning, "running"},
    {DagRunState::kSuccess, "success"},
    {DagRunState::kFailed, "failed"},
}};
constexpr Names<Trigger, 3> kTriggers = {{
    {Trigger::kManual, "manual"},
    {Trigger::kCli, "cli"},
    {Trigger::kSchedule, "schedule"},
}};
constexpr Names<FailureKind, 3> kFailureKinds = {{
    {FailureKind::kError, "error"},
    {FailureKind::kTimeout, "timeout"},
    {FailureKind::kCrash, "crash"},
}};

template <typename E, size_t N>
std::string_view NameOf(const Names<E, N>& names, E value) {
  for (const auto& [v, name] : names) {
    if (v == value) return name;
  }
  return "unknown";
}

template <typename E, size_t N>
std::optional<E> ValueOf(const Names<E, N>& names, std::string_view name) {
  for (const auto& [v, n] : names) {
    if (n == name) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string_view TaskStateName(TaskState state) { return NameOf(kTaskStates, state); }
std::string_view DagRunStateName(DagRunState state) { return NameOf(kRunStates, state); }
std::string_view TriggerName(Trigger trigger) { return NameOf(kTriggers, trigger); }
std::string_view FailureKindName(FailureKind kind) { return NameOf(kFailureKinds, kind); }

std::optional<TaskState> ParseTaskState(std::string_view name) {
  return ValueOf(kTaskStates, name);
}
std::optional<DagRunState> ParseDagRunState(std::string_view name) {
  return ValueOf(kRunStates, name);
}
std::optional<Trigger> ParseTrigger(std::string_view name) { return ValueOf(kTriggers, name); }
std::optional<FailureKind> ParseFailureKind(std::string_view name) {
  return ValueOf(kFailureKinds, name);
}

bool IsFinished(TaskState state) {
  return state == TaskState::kSuccess || state == TaskState::kFailed ||
         state == TaskState::kUpstreamFailed || state == TaskState::kSkipped;
}

}  // namespace retailpipe::dag
