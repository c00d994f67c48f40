// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/dag_list_command.h"

#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "retailpipe/app/dag_views.h"
#include "retailpipe/app/services.h"
#include "retailpipe/dag/run_store.h"

namespace retailpipe::app {

std::string_view DagListCommand::summary() const {
  return "List the DAGs of the config with their tasks and last run";
}

void DagListCommand::Configure(CLI::App& cli) {
  cli.footer(
      "DAGs are defined under `dags:` in retailpipe.yaml; a DAG there replaces the built-in\n"
      "one with the same id. Example:\n"
      "  dags:\n"
      "    nightly:\n"
      "      schedule: \"0 3 * * *\"   # checked, not used yet: start runs with `dag run`\n"
      "      default_args: {retries: 2, retry_delay: 30s, max_retry_delay: 10m, timeout: 1h}\n"
      "      tasks:\n"
      "        - {id: load_us, operator: country_sales.load, params: {country: US}}\n"
      "        - {id: marts, operator: etl.sales, depends_on: [load_us]}\n"
      "Operators: country_sales.load (param country), etl.sales.");
}

Result<Outcome> DagListCommand::Run(const Context& context) {
  const config::Config& config = context.config();
  RP_ASSIGN_OR_RETURN(auto wh, OpenWarehouse(config));
  dag::RunStore runs(*wh);
  RP_RETURN_IF_ERROR(runs.EnsureSchema());
  std::string text;
  bool all_valid = true;
  for (const config::DagOptions& options : config.dags) {
    const char* source = options.source == config::DagSource::kBuiltIn ? "built-in" : "config";
    text += fmt::format("{} ({}){}\n", options.id, source,
                        options.description.empty() ? "" : ": " + options.description);
    Result<dag::DagSpec> spec = dag::DagSpec::FromOptions(options);
    if (!spec.ok()) {
      all_valid = false;
      text += "  INVALID: " + spec.error().message() + "\n";
      continue;
    }
    text += fmt::format("  schedule: {}\n", spec->schedule.empty()
                                                ? "none (runs start with `retailpipe dag run`)"
                                                : spec->schedule + " (not used yet)");
    text += "  tasks: " + DescribeTasks(*spec) + "\n";
    RP_ASSIGN_OR_RETURN(std::vector<dag::DagRun> last, runs.RecentRuns(spec->id, 1));
    if (last.empty()) {
      text += "  last run: none\n";
    } else {
      text += fmt::format("  last run: {} {} (started {})\n", last[0].run_id,
                          dag::DagRunStateName(last[0].state), last[0].start_date);
    }
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
  if (!all_valid) return Status::InvalidArgument("some DAG of the config is invalid (see above)");
  return Outcome::kOk;
}

}  // namespace retailpipe::app
