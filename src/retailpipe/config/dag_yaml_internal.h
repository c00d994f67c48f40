// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <vector>

#include <yaml-cpp/yaml.h>

#include "retailpipe/base/result.h"
#include "retailpipe/config/dag_options.h"

namespace retailpipe::config {

/// Parse the value of the top-level `dags:` key: a map from DAG id to
///
///     description: TEXT
///     schedule: CRON or @preset          # optional; not used yet
///     default_args: {retries: N, retry_delay: 30s, max_retry_delay: 10m, timeout: 1h}
///     tasks:
///       - id: TASK_ID
///         operator: NAME
///         params: {KEY: VALUE, ...}
///         depends_on: [TASK_ID, ...]     # or one id
///         retries / retry_delay / max_retry_delay / timeout   # override default_args
///
/// Every DAG gets source kFile. Values are taken literally (${VAR} is expanded later by the
/// loader, in params only).
/// Errors: kInvalidArgument naming the path (dags.ID.tasks[N].field) for a wrong shape, an
/// unknown field (the message lists the known ones) or a bad number or duration.
Result<std::vector<DagOptions>> ParseDags(const YAML::Node& node);

/// Write `dags` as the value of a `dags:` key in the form ParseDags() reads, every task with
/// all its fields, each DAG commented with its source ("built-in" or "file").
void EmitDags(YAML::Emitter& out, const std::vector<DagOptions>& dags);

}  // namespace retailpipe::config
