// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/config/options.h"
#include "retailpipe/dag/dag_runner.h"
#include "retailpipe/dag/dag_spec.h"

namespace retailpipe::app {

/// Return the DAG `id` of the config, validated. Errors: kInvalidArgument naming the DAGs
/// there are, or what is wrong with this one.
Result<dag::DagSpec> FindDag(const config::Config& config, std::string_view id);

/// Return the tasks of `spec` as people read them: "a >> b >> c" for a chain, else one
/// "task (after x, y)" per task, in run order.
std::string DescribeTasks(const dag::DagSpec& spec);

/// Return a people's report of a run: its state and one line per task (state, tries,
/// duration, summary or error).
std::string DescribeDagRun(const dag::DagRunSummary& summary);

/// Return a people's report of stored runs (newest first), each with its task instances in
/// the order of `spec` if given; with `tries` each try too.
std::string DescribeHistory(const std::vector<dag::DagRun>& runs,
                            const std::vector<std::vector<dag::TaskInstance>>& tasks,
                            const std::vector<std::vector<dag::TaskTry>>& tries);

/// Return "0.4 s", "12.0 s", "3 min 4 s" or "2 h 5 min".
std::string FormatMillis(int64_t ms);

}  // namespace retailpipe::app
