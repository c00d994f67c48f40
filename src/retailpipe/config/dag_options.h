// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/status.h"

namespace retailpipe::config {

/// How often and how long one task may run. Names follow Airflow's `default_args`.
struct TaskRunPolicy {
  /// Tries after the first failed one (Airflow `retries`).
  int retries = 0;
  /// Wait before the first retry; doubled on each later one (`retry_delay`).
  std::chrono::milliseconds retry_delay{std::chrono::seconds(30)};
  /// Longest wait between tries (`max_retry_delay`).
  std::chrono::milliseconds max_retry_delay{std::chrono::minutes(10)};
  /// A try still running after this long is stopped and failed; 0 means no limit
  /// (`execution_timeout`).
  std::chrono::milliseconds timeout{0};
};

/// One task of a DAG as written under `dags.<id>.tasks` in the config file.
struct TaskOptions {
  /// Unique within the DAG, e.g. "process_US_sales".
  std::string id;
  /// The registered operator that does the work, e.g. "country_sales.load".
  std::string operator_name;
  /// Operator arguments (Airflow `op_kwargs`), e.g. {"country": "US"}.
  std::map<std::string, std::string> params;
  /// Ids of the tasks that must succeed first (Airflow `>>`).
  std::vector<std::string> depends_on;
  TaskRunPolicy policy;
};

/// Where a DAG definition came from.
enum class DagSource { kBuiltIn, kFile };

/// One DAG as written under `dags.<id>` in the config file (or built in).
///
/// A plain value. Only its shape is checked here (Validate()); the graph (unknown
/// dependencies, cycles), the operators and the schedule are checked by dag::DagSpec.
struct DagOptions {
  std::string id;
  std::string description;
  /// Cron expression or preset (@daily, ...); empty for manual runs only. Not used yet: runs
  /// are started by `retailpipe dag run`. Kept so a scheduler can grow in.
  std::string schedule;
  /// In the order they are written.
  std::vector<TaskOptions> tasks;
  DagSource source = DagSource::kBuiltIn;

  /// Errors: kInvalidArgument naming the DAG, the task and the field (empty or malformed id,
  /// duplicate task id, no tasks, negative retries or durations, max_retry_delay below
  /// retry_delay).
  Status Validate() const;
};

/// The operator of the country-sales loader tasks (registered by the app).
inline constexpr std::string_view kCountrySalesLoadOperator = "country_sales.load";

/// Return the built-in DAGs: `load_s3_to_db` (seed 004), one `country_sales.load` task
/// `process_<CC>_sales` per country of `countries` (country_sales.countries: the seed's DAG
/// order is US, UK, DE, FR, IT), each depending on the one before.
std::vector<DagOptions> BuiltInDags(const std::vector<std::string>& countries);

}  // namespace retailpipe::config
