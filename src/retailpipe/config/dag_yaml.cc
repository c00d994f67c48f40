// SPDX-License-Identifier: Apache-2.0
#include <charconv>
#include <string>

#include "retailpipe/config/dag_yaml_internal.h"
#include "retailpipe/config/interpolate.h"
#include "retailpipe/config/redact.h"
#include "retailpipe/config/units.h"

namespace retailpipe::config {
namespace {

constexpr std::string_view kDagFields = "description, schedule, default_args, tasks";
constexpr std::string_view kPolicyFields = "retries, retry_delay, max_retry_delay, timeout";
constexpr std::string_view kTaskFields =
    "id, operator, params, depends_on, retries, retry_delay, max_retry_delay, timeout";

Status Bad(const std::string& where, std::string_view what) {
  return Status::InvalidArgument(where + ": " + std::string(what));
}

Result<std::string> Scalar(const YAML::Node& node, const std::string& where) {
  if (node.IsNull()) return std::string();
  if (!node.IsScalar()) return Bad(where, "expected a plain value, not a list or map");
  return node.Scalar();
}

Result<std::chrono::milliseconds> Duration(const YAML::Node& node, const std::string& where) {
  RP_ASSIGN_OR_RETURN(std::string text, Scalar(node, where));
  Result<std::chrono::milliseconds> duration = ParseDuration(text);
  if (!duration.ok()) return duration.status().WithContext(where);
  return duration;
}

// Set the policy field `name` from `node`; return false if `name` is not a policy field.
Result<bool> SetPolicyField(const std::string& name, const YAML::Node& node,
                            const std::string& where, TaskRunPolicy& policy) {
  if (name == "retries") {
    RP_ASSIGN_OR_RETURN(std::string text, Scalar(node, where));
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), policy.retries);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
      return Bad(where, "'" + text + "' is not a whole number");
    }
  } else if (name == "retry_delay") {
    RP_ASSIGN_OR_RETURN(policy.retry_delay, Duration(node, where));
  } else if (name == "max_retry_delay") {
    RP_ASSIGN_OR_RETURN(policy.max_retry_delay, Duration(node, where));
  } else if (name == "timeout") {
    RP_ASSIGN_OR_RETURN(policy.timeout, Duration(node, where));
  } else {
    return false;
  }
  return true;
}

Status CheckMap(const YAML::Node& node, const std::string& where) {
  if (node.IsMap()) return Status::OK();
  return Bad(where, "expected a map of fields");
}

Result<TaskRunPolicy> ParsePolicy(const YAML::Node& node, const std::string& where) {
  TaskRunPolicy policy;
  if (node.IsNull()) return policy;
  RP_RETURN_IF_ERROR(CheckMap(node, where));
  for (const auto& entry : node) {
    std::string name = entry.first.Scalar();
    RP_ASSIGN_OR_RETURN(bool known, SetPolicyField(name, entry.second, where + "." + name, policy));
    if (!known)
      return Bad(where, "unknown field '" + name + "'; use " + std::string(kPolicyFields));
  }
  return policy;
}

Result<std::vector<std::string>> IdList(const YAML::Node& node, const std::string& where) {
  std::vector<std::string> ids;
  if (node.IsScalar()) {
    ids.push_back(node.Scalar());
    return ids;
  }
  if (node.IsNull()) return ids;
  if (!node.IsSequence()) return Bad(where, "expected a task id or a list of task ids");
  for (const YAML::Node& item : node) {
    RP_ASSIGN_OR_RETURN(std::string id, Scalar(item, where));
    ids.push_back(std::move(id));
  }
  return ids;
}

Result<std::map<std::string, std::string>> Params(const YAML::Node& node,
                                                  const std::string& where) {
  std::map<std::string, std::string> params;
  if (node.IsNull()) return params;
  RP_RETURN_IF_ERROR(CheckMap(node, where));
  for (const auto& entry : node) {
    std::string name = entry.first.Scalar();
    RP_ASSIGN_OR_RETURN(params[name], Scalar(entry.second, where + "." + name));
  }
  return params;
}

Status SetTaskField(const std::string& name, const YAML::Node& value, const std::string& where,
                    TaskOptions& task) {
  std::string field_where = where + "." + name;
  if (name == "id") {
    RP_ASSIGN_OR_RETURN(task.id, Scalar(value, field_where));
  } else if (name == "operator") {
    RP_ASSIGN_OR_RETURN(task.operator_name, Scalar(value, field_where));
  } else if (name == "params") {
    RP_ASSIGN_OR_RETURN(task.params, Params(value, field_where));
  } else if (name == "depends_on") {
    RP_ASSIGN_OR_RETURN(task.depends_on, IdList(value, field_where));
  } else {
    RP_ASSIGN_OR_RETURN(bool known, SetPolicyField(name, value, field_where, task.policy));
    if (!known) return Bad(where, "unknown field '" + name + "'; use " + std::string(kTaskFields));
  }
  return Status::OK();
}

Result<TaskOptions> ParseTask(const YAML::Node& node, const std::string& where,
                              const TaskRunPolicy& defaults) {
  RP_RETURN_IF_ERROR(CheckMap(node, where));
  TaskOptions task;
  task.policy = defaults;
  for (const auto& entry : node) {
    RP_RETURN_IF_ERROR(SetTaskField(entry.first.Scalar(), entry.second, where, task));
  }
  return task;
}

Result<DagOptions> ParseDag(const std::string& id, const YAML::Node& node) {
  const std::string where = "dags." + id;
  RP_RETURN_IF_ERROR(CheckMap(node, where));
  DagOptions dag;
  dag.id = id;
  dag.source = DagSource::kFile;
  TaskRunPolicy defaults;
  if (const YAML::Node args = node["default_args"]; args.IsDefined()) {
    RP_ASSIGN_OR_RETURN(defaults, ParsePolicy(args, where + ".default_args"));
  }
  for (const auto& entry : node) {
    std::string name = entry.first.Scalar();
    if (name == "description") {
      RP_ASSIGN_OR_RETURN(dag.description, Scalar(entry.second, where + ".description"));
    } else if (name == "schedule") {
      RP_ASSIGN_OR_RETURN(dag.schedule, Scalar(entry.second, where + ".schedule"));
    } else if (name != "default_args" && name != "tasks") {
      return Bad(where, "unknown field '" + name + "'; use " + std::string(kDagFields));
    }
  }
  const YAML::Node tasks = node["tasks"];
  if (!tasks.IsDefined() || !tasks.IsSequence()) {
    return Bad(where + ".tasks", "expected a list of tasks");
  }
  for (size_t i = 0; i < tasks.size(); ++i) {
    RP_ASSIGN_OR_RETURN(TaskOptions task,
                        ParseTask(tasks[i], where + ".tasks[" + std::to_string(i) + "]", defaults));
    dag.tasks.push_back(std::move(task));
  }
  return dag;
}

std::string Shown(std::string_view text) { return EscapeForInterpolation(RedactUri(text)); }

void EmitTask(YAML::Emitter& out, const TaskOptions& task) {
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << task.id;
  out << YAML::Key << "operator" << YAML::Value << task.operator_name;
  out << YAML::Key << "params" << YAML::Value << YAML::Flow << YAML::BeginMap;
  for (const auto& [name, value] : task.params)
    out << YAML::Key << name << YAML::Value << Shown(value);
  out << YAML::EndMap;
  out << YAML::Key << "depends_on" << YAML::Value << YAML::Flow << task.depends_on;
  out << YAML::Key << "retries" << YAML::Value << task.policy.retries;
  out << YAML::Key << "retry_delay" << YAML::Value << FormatDuration(task.policy.retry_delay);
  out << YAML::Key << "max_retry_delay" << YAML::Value
      << FormatDuration(task.policy.max_retry_delay);
  out << YAML::Key << "timeout" << YAML::Value << FormatDuration(task.policy.timeout);
  out << YAML::EndMap;
}

}  // namespace

Result<std::vector<DagOptions>> ParseDags(const YAML::Node& node) {
  std::vector<DagOptions> dags;
  if (node.IsNull()) return dags;
  if (!node.IsMap()) return Bad("dags", "expected a map from DAG id to its definition");
  for (const auto& entry : node) {
    if (!entry.first.IsScalar()) return Bad("dags", "a DAG id is not a plain name");
    RP_ASSIGN_OR_RETURN(DagOptions dag, ParseDag(entry.first.Scalar(), entry.second));
    dags.push_back(std::move(dag));
  }
  return dags;
}

void EmitDags(YAML::Emitter& out, const std::vector<DagOptions>& dags) {
  out << YAML::BeginMap;
  for (const DagOptions& dag : dags) {
    out << YAML::Key << dag.id << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "description" << YAML::Value << dag.description;
    out << YAML::Comment(dag.source == DagSource::kBuiltIn ? "built-in" : "file");
    out << YAML::Key << "schedule" << YAML::Value << dag.schedule;
    out << YAML::Key << "tasks" << YAML::Value << YAML::BeginSeq;
    for (const TaskOptions& task : dag.tasks) EmitTask(out, task);
    out << YAML::EndSeq << YAML::EndMap;
  }
  out << YAML::EndMap;
}

}  // namespace retailpipe::config
