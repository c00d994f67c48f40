// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/dag_run_command.h"

#include <cstdio>

#include <CLI/CLI.hpp>

#include "retailpipe/app/dag_operators.h"
#include "retailpipe/app/dag_views.h"
#include "retailpipe/app/services.h"

namespace retailpipe::app {

std::string_view DagRunCommand::summary() const {
  return trigger_ == dag::Trigger::kManual
             ? "Run a DAG now, recorded as started by hand (trigger manual)"
             : "Run a DAG now: its tasks in order, with retries, timeouts and history";
}

void DagRunCommand::Configure(CLI::App& cli) {
  cli.add_option("dag_id", dag_id_, "The DAG to run, e.g. load_s3_to_db (see `dag list`)")
      ->required();
  cli.add_option("--logical-date", logical_date_,
                 "The date the run is for, YYYY-MM-DD[ HH:MM:SS] UTC (default: now)");
  cli.add_flag("--fail-crashed", fail_crashed_,
               "Mark a run left running by a crashed process failed and start a new one, "
               "instead of resuming it");
  cli.footer(
      "DAGs come from the config's `dags:` section; the built-in load_s3_to_db is seed 004's\n"
      "Airflow DAG: process_US_sales >> process_UK_sales >> ... (country_sales.countries),\n"
      "each task loading one country (`retailpipe load country-sales`). Tasks run in\n"
      "dependency order; a failed try is retried after retry_delay, doubled each time up to\n"
      "max_retry_delay, with jitter; a try running past its timeout is stopped and failed\n"
      "('timeout after Ns'); tasks below a failed one end upstream_failed. Every state change\n"
      "is kept in the warehouse (dag_run, task_instance, task_try): `retailpipe dag history`.\n"
      "A run left running by a crashed process is resumed by the next `dag run`: finished\n"
      "tasks stay done and the interrupted task runs again without using up a retry.\n"
      "Exit code 1 when the run failed, 3 when it succeeded but some input was quarantined.");
}

Result<Outcome> DagRunCommand::Run(const Context& context) {
  const config::Config& config = context.config();
  RP_ASSIGN_OR_RETURN(auto store, OpenStore(config));
  RP_ASSIGN_OR_RETURN(auto wh, OpenWarehouse(config));
  dag::RunRequest request;
  request.trigger = trigger_;
  request.logical_date = logical_date_;
  request.crashed = fail_crashed_ ? dag::CrashedRuns::kFail : dag::CrashedRuns::kResume;
  RP_ASSIGN_OR_RETURN(dag::DagRunSummary summary,
                      RunDag(OperatorServices{config, *store, *wh}, dag_id_, request));
  const std::string& dag_id = summary.run.dag_id;
  std::string text = DescribeDagRun(summary);
  text += "history: retailpipe dag history " + dag_id + " --run " + summary.run.run_id + "\n";
  std::fwrite(text.data(), 1, text.size(), stdout);
  RP_RETURN_IF_ERROR(FailedRunError(summary));
  return summary.partial() ? Outcome::kPartial : Outcome::kOk;
}

}  // namespace retailpipe::app
