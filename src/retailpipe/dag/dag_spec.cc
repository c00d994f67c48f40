// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/dag/dag_spec.h"

#include <algorithm>
#include <set>

#include "retailpipe/dag/schedule.h"

namespace retailpipe::dag {
namespace {

using Edges = std::vector<std::vector<size_t>>;  // task index -> indexes of its upstream tasks

Status Invalid(const std::string& dag_id, const std::string& text) {
  return Status::InvalidArgument("dag " + dag_id + ": " + text);
}

Result<Edges> ResolveDependencies(const config::DagOptions& options) {
  std::map<std::string_view, size_t> index;
  for (size_t i = 0; i < options.tasks.size(); ++i) index[options.tasks[i].id] = i;
  Edges upstream(options.tasks.size());
  for (size_t i = 0; i < options.tasks.size(); ++i) {
    const config::TaskOptions& task = options.tasks[i];
    std::set<std::string_view> seen;
    for (const std::string& dep : task.depends_on) {
      auto it = index.find(dep);
      if (it == index.end()) {
        return Invalid(options.id, "task " + task.id + " depends on '" + dep +
                                       "', which is not a task of this DAG");
      }
      if (it->second == i) return Invalid(options.id, "task " + task.id + " depends on itself");
      if (!seen.insert(dep).second) {
        return Invalid(options.id, "task " + task.id + " lists '" + dep + "' twice in depends_on");
      }
      upstream[i].push_back(it->second);
    }
  }
  return upstream;
}

// Depth-first search for a cycle; on finding one, describe it as "a -> b -> a".
bool FindCycle(const Edges& upstream, size_t node, std::vector<int>& color,
               std::vector<size_t>& stack, std::vector<size_t>& cycle) {
  color[node] = 1;
  stack.push_back(node);
  for (size_t next : upstream[node]) {
    if (color[next] == 1) {
      auto from = std::find(stack.begin(), stack.end(), next);
      cycle.assign(from, stack.end());
      cycle.push_back(next);
      return true;
    }
    if (color[next] == 0 && FindCycle(upstream, next, color, stack, cycle)) return true;
  }
  stack.pop_back();
  color[node] = 2;
  return false;
}

Status CheckAcyclic(const config::DagOptions& options, const Edges& upstream) {
  std::vector<int> color(upstream.size(), 0);
  std::vector<size_t> stack, cycle;
  for (size_t i = 0; i < upstream.size(); ++i) {
    if (color[i] != 0 || !FindCycle(upstream, i, color, stack, cycle)) continue;
    // The search follows upstream edges; print the cycle in run order (upstream first).
    std::reverse(cycle.begin(), cycle.end());
    std::string path;
    for (size_t node : cycle) path += (path.empty() ? "" : " -> ") + options.tasks[node].id;
    return Invalid(options.id, "the tasks form a cycle: " + path);
  }
  return Status::OK();
}

// Kahn's algorithm, taking the earliest task in config order among the ready ones.
std::vector<size_t> TopologicalOrder(const Edges& upstream) {
  std::vector<size_t> order;
  std::vector<bool> placed(upstream.size(), false);
  while (order.size() < upstream.size()) {
    for (size_t i = 0; i < upstream.size(); ++i) {
      if (placed[i]) continue;
      bool ready = std::all_of(upstream[i].begin(), upstream[i].end(),
                               [&](size_t dep) { return placed[dep]; });
      if (!ready) continue;
      placed[i] = true;
      order.push_back(i);
      break;
    }
  }
  return order;
}

}  // namespace

Result<DagSpec> DagSpec::FromOptions(const config::DagOptions& options) {
  RP_RETURN_IF_ERROR(options.Validate());
  Status schedule = ValidateSchedule(options.schedule);
  if (!schedule.ok()) return Invalid(options.id, schedule.message());
  RP_ASSIGN_OR_RETURN(Edges upstream, ResolveDependencies(options));
  RP_RETURN_IF_ERROR(CheckAcyclic(options, upstream));
  DagSpec spec;
  spec.id = options.id;
  spec.description = options.description;
  spec.schedule = options.schedule;
  for (size_t i : TopologicalOrder(upstream)) {
    const config::TaskOptions& task = options.tasks[i];
    spec.tasks.push_back({task.id, task.operator_name, task.params, task.depends_on, task.policy});
  }
  return spec;
}

const TaskSpec* DagSpec::Find(std::string_view task_id) const {
  for (const TaskSpec& task : tasks) {
    if (task.id == task_id) return &task;
  }
  return nullptr;
}

}  // namespace retailpipe::dag
