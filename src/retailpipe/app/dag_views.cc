// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/dag_views.h"

#include <algorithm>
#include <ctime>

#include <fmt/format.h>

namespace retailpipe::app {
namespace {

// Seconds between two stored UTC times, or -1 if either is missing.
int64_t MillisBetween(const std::string& start, const std::string& end) {
  auto parse = [](const std::string& text) -> int64_t {
    std::tm tm{};
    if (text.size() < 19 || ::strptime(text.c_str(), "%Y-%m-%d %H:%M:%S", &tm) == nullptr) {
      return -1;
    }
    return static_cast<int64_t>(::timegm(&tm));
  };
  const int64_t a = parse(start), b = parse(end);
  return a < 0 || b < 0 ? -1 : (b - a) * 1000;
}

std::string Tries(int tries, int max_tries) {
  if (max_tries <= 0) return fmt::format("{} {}", tries, tries == 1 ? "try" : "tries");
  return fmt::format("try {}/{}", tries, max_tries);
}

std::string TaskLine(const std::string& task_id, dag::TaskState state, const std::string& tries,
                     int64_t duration_ms, const std::string& summary, const std::string& error) {
  std::string detail = error.empty() ? summary : error;
  return fmt::format("  {:<24} {:<16} {:<10} {:>9}  {}\n", task_id, dag::TaskStateName(state),
                     tries, FormatMillis(duration_ms), detail);
}

}  // namespace

std::string FormatMillis(int64_t ms) {
  if (ms < 0) return "-";
  if (ms < 60'000) return fmt::format("{:.1f} s", static_cast<double>(ms) / 1e3);
  const int64_t s = ms / 1000;
  if (s < 3600) return fmt::format("{} min {} s", s / 60, s % 60);
  return fmt::format("{} h {} min", s / 3600, s % 3600 / 60);
}

Result<dag::DagSpec> FindDag(const config::Config& config, std::string_view id) {
  std::string known;
  for (const config::DagOptions& options : config.dags) {
    if (options.id == id) return dag::DagSpec::FromOptions(options);
    known += (known.empty() ? "" : ", ") + options.id;
  }
  return Status::InvalidArgument("there is no DAG '" + std::string(id) + "'; the config has " +
                                 (known.empty() ? "none" : known) + " (see `retailpipe dag list`)");
}

std::string DescribeTasks(const dag::DagSpec& spec) {
  bool chain = true;
  for (size_t i = 0; i < spec.tasks.size(); ++i) {
    const auto& deps = spec.tasks[i].depends_on;
    chain = chain && (i == 0 ? deps.empty() : deps.size() == 1 && deps[0] == spec.tasks[i - 1].id);
  }
  std::string text;
  for (const dag::TaskSpec& task : spec.tasks) {
    if (chain) {
      text += (text.empty() ? "" : " >> ") + task.id;
      continue;
    }
    text += (text.empty() ? "" : ", ") + task.id;
    if (task.depends_on.empty()) continue;
    std::string after;
    for (const std::string& dep : task.depends_on) after += (after.empty() ? "" : ", ") + dep;
    text += " (after " + after + ")";
  }
  return text;
}

std::string DescribeDagRun(const dag::DagRunSummary& summary) {
  const dag::DagRun& run = summary.run;
  std::string text = fmt::format("dag {} run {}: {} in {} ({}, logical date {}{})\n", run.dag_id,
                                 run.run_id, dag::DagRunStateName(run.state),
                                 FormatMillis(static_cast<int64_t>(summary.seconds * 1e3)),
                                 dag::TriggerName(run.trigger), run.logical_date,
                                 summary.resumed ? ", resumed after a crash" : "");
  for (const dag::TaskResult& task : summary.tasks) {
    text += TaskLine(task.task_id, task.state, Tries(task.tries, 0), task.duration_ms, task.summary,
                     task.error);
  }
  return text;
}

std::string DescribeHistory(const std::vector<dag::DagRun>& runs,
                            const std::vector<std::vector<dag::TaskInstance>>& tasks,
                            const std::vector<std::vector<dag::TaskTry>>& tries) {
  if (runs.empty()) return "no runs yet; start one with `retailpipe dag run <id>`\n";
  std::string text;
  for (size_t r = 0; r < runs.size(); ++r) {
    const dag::DagRun& run = runs[r];
    text += fmt::format("{} {}  {}  {}  logical {}  started {}  took {}{}\n", run.dag_id,
                        run.run_id, dag::DagRunStateName(run.state), dag::TriggerName(run.trigger),
                        run.logical_date, run.start_date.empty() ? "-" : run.start_date,
                        FormatMillis(MillisBetween(run.start_date, run.end_date)),
                        run.note.empty() ? "" : "  (" + run.note + ")");
    for (const dag::TaskInstance& ti : tasks[r]) {
      text += TaskLine(ti.task_id, ti.state, Tries(ti.try_number, ti.max_tries), ti.duration_ms,
                       ti.summary, ti.error);
      for (const dag::TaskTry& t : tries[r]) {
        if (t.task_id != ti.task_id) continue;
        std::string state(dag::TaskStateName(t.state));
        if (t.failure) state += " (" + std::string(dag::FailureKindName(*t.failure)) + ")";
        text += fmt::format("      try {}  {:<18} {:>9}  {}  {}\n", t.try_number, state,
                            FormatMillis(t.duration_ms), t.start_date,
                            t.error.empty() ? t.summary : t.error);
      }
    }
  }
  return text;
}

}  // namespace retailpipe::app
