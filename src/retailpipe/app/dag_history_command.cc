// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/dag_history_command.h"

#include <algorithm>
#include <cstdio>
#include <tuple>

#include <CLI/CLI.hpp>

#include "retailpipe/app/dag_views.h"
#include "retailpipe/app/services.h"
#include "retailpipe/dag/run_store.h"

namespace retailpipe::app {
namespace {

// Put `tasks` in the order of the DAG's config if it is known, else by start time.
void SortTasks(const config::Config& config, const std::string& dag_id,
               std::vector<dag::TaskInstance>& tasks) {
  std::vector<std::string> order;
  if (auto spec = FindDag(config, dag_id); spec.ok()) {
    for (const dag::TaskSpec& task : spec->tasks) order.push_back(task.id);
  }
  auto rank = [&](const dag::TaskInstance& ti) {
    auto it = std::find(order.begin(), order.end(), ti.task_id);
    return it - order.begin();
  };
  std::stable_sort(tasks.begin(), tasks.end(), [&](const auto& a, const auto& b) {
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    return std::tie(a.start_date, a.task_id) < std::tie(b.start_date, b.task_id);
  });
}

}  // namespace

std::string_view DagHistoryCommand::summary() const {
  return "Show the latest DAG runs: task states, tries and durations";
}

void DagHistoryCommand::Configure(CLI::App& cli) {
  cli.add_option("dag_id", dag_id_, "Only this DAG's runs (default: every DAG)");
  cli.add_option("--limit", limit_, "How many runs, newest first")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  cli.add_option("--run", run_id_, "Show this run only, with every try of every task");
  cli.footer(
      "The history lives in the warehouse tables dag_run, task_instance and task_try; query\n"
      "them with `retailpipe sql`. Task states use Airflow's names: queued, running, success,\n"
      "failed, up_for_retry, upstream_failed, skipped. A try that failed says how: error,\n"
      "timeout, or crash (its process died; the next run resumed the DAG run).");
}

Result<Outcome> DagHistoryCommand::Run(const Context& context) {
  const config::Config& config = context.config();
  RP_ASSIGN_OR_RETURN(auto wh, OpenWarehouse(config));
  dag::RunStore store(*wh);
  RP_RETURN_IF_ERROR(store.EnsureSchema());
  std::vector<dag::DagRun> runs;
  if (!run_id_.empty()) {
    RP_ASSIGN_OR_RETURN(auto run, store.FindRun(run_id_));
    if (!run) {
      return Status::InvalidArgument("there is no run '" + run_id_ +
                                     "'; see `retailpipe dag history` for the run ids");
    }
    runs.push_back(std::move(*run));
  } else {
    RP_ASSIGN_OR_RETURN(runs, store.RecentRuns(dag_id_, limit_));
  }
  std::vector<std::vector<dag::TaskInstance>> tasks;
  std::vector<std::vector<dag::TaskTry>> tries;
  for (const dag::DagRun& run : runs) {
    RP_ASSIGN_OR_RETURN(std::vector<dag::TaskInstance> instances, store.TaskInstances(run.run_id));
    SortTasks(config, run.dag_id, instances);
    tasks.push_back(std::move(instances));
    if (run_id_.empty()) {
      tries.emplace_back();
    } else {
      RP_ASSIGN_OR_RETURN(std::vector<dag::TaskTry> all, store.Tries(run.run_id));
      tries.push_back(std::move(all));
    }
  }
  const std::string text = DescribeHistory(runs, tasks, tries);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return Outcome::kOk;
}

}  // namespace retailpipe::app
