// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/config/dag_options.h"

#include <cctype>
#include <set>

#include "retailpipe/config/units.h"

namespace retailpipe::config {
namespace {

constexpr size_t kMaxIdBytes = 250;  // Airflow's limit for dag and task ids.

// Error unless `id` is 1..250 of [A-Za-z0-9_.-] (Airflow's rule for dag and task ids).
Status CheckId(std::string_view what, std::string_view id) {
  bool plain = !id.empty() && id.size() <= kMaxIdBytes;
  for (char c : id) {
    auto u = static_cast<unsigned char>(c);
    plain = plain && (std::isalnum(u) != 0 || c == '_' || c == '.' || c == '-');
  }
  if (plain) return Status::OK();
  return Status::InvalidArgument(std::string(what) + " '" + std::string(id) +
                                 "' must be 1 to 250 letters, digits, '_', '.' or '-'");
}

Status CheckPolicy(const std::string& where, const TaskRunPolicy& policy) {
  if (policy.retries < 0) {
    return Status::InvalidArgument(where + ".retries: " + std::to_string(policy.retries) +
                                   " must be >= 0");
  }
  if (policy.max_retry_delay < policy.retry_delay) {
    return Status::InvalidArgument(
        where + ".max_retry_delay: " + FormatDuration(policy.max_retry_delay) +
        " is shorter than retry_delay " + FormatDuration(policy.retry_delay));
  }
  return Status::OK();
}

}  // namespace

Status DagOptions::Validate() const {
  RP_RETURN_IF_ERROR(CheckId("dag id", id));
  const std::string where = "dags." + id;
  if (tasks.empty()) {
    return Status::InvalidArgument(where + " has no tasks; list them under " + where + ".tasks");
  }
  std::set<std::string_view> seen;
  for (const TaskOptions& task : tasks) {
    RP_RETURN_IF_ERROR(CheckId("task id", task.id).WithContext(where));
    const std::string task_where = where + ".tasks." + task.id;
    if (!seen.insert(task.id).second) {
      return Status::InvalidArgument(where + ": task id '" + task.id + "' is used twice");
    }
    if (task.operator_name.empty()) {
      return Status::InvalidArgument(task_where + " has no operator, e.g. operator: " +
                                     std::string(kCountrySalesLoadOperator));
    }
    RP_RETURN_IF_ERROR(CheckPolicy(task_where, task.policy));
  }
  return Status::OK();
}

std::vector<DagOptions> BuiltInDags(const std::vector<std::string>& countries) {
  DagOptions dag;
  dag.id = "load_s3_to_db";
  dag.description =
      "Load the country sales CSV files from Inbound/<CC>/ into stage.sales, country by country "
      "(seed 004's Airflow DAG)";
  TaskRunPolicy policy;
  policy.retries = 2;
  policy.retry_delay = std::chrono::seconds(10);
  policy.max_retry_delay = std::chrono::minutes(2);
  policy.timeout = std::chrono::hours(1);
  for (const std::string& country : countries) {
    TaskOptions task;
    task.id = "process_" + country + "_sales";
    task.operator_name = std::string(kCountrySalesLoadOperator);
    task.params["country"] = country;
    if (!dag.tasks.empty()) task.depends_on.push_back(dag.tasks.back().id);
    task.policy = policy;
    dag.tasks.push_back(std::move(task));
  }
  return {std::move(dag)};
}

}  // namespace retailpipe::config
