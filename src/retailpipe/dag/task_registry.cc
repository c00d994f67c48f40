// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/dag/task_registry.h"

namespace retailpipe::dag {

Result<std::string> TaskContext::Param(std::string_view name) const {
  auto it = params.find(std::string(name));
  if (it != params.end()) return it->second;
  std::string known;
  for (const auto& [key, value] : params) known += (known.empty() ? "" : ", ") + key;
  return Status::InvalidArgument("task " + task_id + " of dag " + dag_id + " needs the param '" +
                                 std::string(name) + "' (it has " +
                                 (known.empty() ? "no params" : known) +
                                 "); set it under params: in the DAG's config");
}

Status TaskRegistry::Register(std::string name, TaskFn fn) {
  if (name.empty()) return Status::InvalidArgument("an operator name must not be empty");
  auto [it, inserted] = operators_.emplace(std::move(name), std::move(fn));
  if (!inserted) return Status::AlreadyExists("operator '" + it->first + "' is registered twice");
  return Status::OK();
}

const TaskFn* TaskRegistry::Find(std::string_view name) const {
  auto it = operators_.find(name);
  return it == operators_.end() ? nullptr : &it->second;
}

std::vector<std::string> TaskRegistry::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, fn] : operators_) names.push_back(name);
  return names;
}

}  // namespace retailpipe::dag
