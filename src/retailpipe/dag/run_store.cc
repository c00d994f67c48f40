// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/dag/run_store.h"

#include <charconv>

#include "retailpipe/base/clock.h"
#include "retailpipe/db/sql_script.h"
#include "retailpipe/db/warehouse.h"

namespace retailpipe::dag {
namespace {

using model::Value;

// Airflow's table and column names where they fit; portable across DuckDB, MySQL/MariaDB and
// PostgreSQL. Times are UTC.
constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS dag_run (
  run_id VARCHAR(250) NOT NULL PRIMARY KEY,
  dag_id VARCHAR(250) NOT NULL,
  logical_date TIMESTAMP NOT NULL,
  triggered_by VARCHAR(16) NOT NULL,
  state VARCHAR(16) NOT NULL,
  queued_at TIMESTAMP,
  start_date TIMESTAMP,
  end_date TIMESTAMP,
  host VARCHAR(255),
  pid BIGINT,
  note TEXT
);
CREATE TABLE IF NOT EXISTS task_instance (
  run_id VARCHAR(250) NOT NULL,
  task_id VARCHAR(250) NOT NULL,
  operator_name VARCHAR(250) NOT NULL,
  state VARCHAR(20) NOT NULL,
  try_number INTEGER NOT NULL,
  max_tries INTEGER NOT NULL,
  start_date TIMESTAMP,
  end_date TIMESTAMP,
  duration_ms BIGINT,
  next_try_at TIMESTAMP,
  summary TEXT,
  error TEXT,
  PRIMARY KEY (run_id, task_id)
);
CREATE TABLE IF NOT EXISTS task_try (
  run_id VARCHAR(250) NOT NULL,
  task_id VARCHAR(250) NOT NULL,
  try_number INTEGER NOT NULL,
  state VARCHAR(20) NOT NULL,
  failure VARCHAR(16),
  start_date TIMESTAMP,
  end_date TIMESTAMP,
  duration_ms BIGINT,
  summary TEXT,
  error TEXT,
  host VARCHAR(255),
  pid BIGINT,
  PRIMARY KEY (run_id, task_id, try_number)
)
)sql";

constexpr std::string_view kRunColumns =
    "run_id, dag_id, logical_date, triggered_by, state, start_date, end_date, host, pid, note";
constexpr std::string_view kTaskColumns =
    "run_id, task_id, operator_name, state, try_number, max_tries, start_date, end_date, "
    "duration_ms, next_try_at, summary, error";
constexpr std::string_view kTryColumns =
    "run_id, task_id, try_number, state, failure, start_date, end_date, duration_ms, summary, "
    "error, host, pid";

Value Text(const std::string& s) { return s.empty() ? Value{} : Value{s}; }
std::string Str(const Value& v) { return model::ToText(v); }
int64_t Int(const Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  int64_t out = 0;
  if (const auto* s = std::get_if<std::string>(&v))
    std::from_chars(s->data(), s->data() + s->size(), out);
  return out;
}

// Stored timestamps come back as "YYYY-MM-DD HH:MM:SS", possibly with fractions or a zone.
std::string Time(const Value& v) { return Str(v).substr(0, 19); }

Result<DagRun> ToRun(const std::vector<Value>& r) {
  DagRun run;
  run.run_id = Str(r[0]);
  run.dag_id = Str(r[1]);
  run.logical_date = Time(r[2]);
  auto trigger = ParseTrigger(Str(r[3]));
  auto state = ParseDagRunState(Str(r[4]));
  if (!trigger || !state) {
    return Status::DataError("dag_run " + run.run_id + " has an unknown trigger '" + Str(r[3]) +
                             "' or state '" + Str(r[4]) + "'");
  }
  run.trigger = *trigger;
  run.state = *state;
  run.start_date = Time(r[5]);
  run.end_date = Time(r[6]);
  run.host = Str(r[7]);
  run.pid = Int(r[8]);
  run.note = Str(r[9]);
  return run;
}

Result<TaskInstance> ToTask(const std::vector<Value>& r) {
  TaskInstance t;
  t.run_id = Str(r[0]);
  t.task_id = Str(r[1]);
  t.operator_name = Str(r[2]);
  auto state = ParseTaskState(Str(r[3]));
  if (!state) return Status::DataError("task_instance " + t.task_id + " has state " + Str(r[3]));
  t.state = *state;
  t.try_number = static_cast<int>(Int(r[4]));
  t.max_tries = static_cast<int>(Int(r[5]));
  t.start_date = Time(r[6]);
  t.end_date = Time(r[7]);
  t.duration_ms = Int(r[8]);
  t.next_try_at = Time(r[9]);
  t.summary = Str(r[10]);
  t.error = Str(r[11]);
  return t;
}

Result<TaskTry> ToTry(const std::vector<Value>& r) {
  TaskTry t;
  t.run_id = Str(r[0]);
  t.task_id = Str(r[1]);
  t.try_number = static_cast<int>(Int(r[2]));
  auto state = ParseTaskState(Str(r[3]));
  if (!state) return Status::DataError("task_try " + t.task_id + " has state " + Str(r[3]));
  t.state = *state;
  t.failure = ParseFailureKind(Str(r[4]));
  t.start_date = Time(r[5]);
  t.end_date = Time(r[6]);
  t.duration_ms = Int(r[7]);
  t.summary = Str(r[8]);
  t.error = Str(r[9]);
  t.host = Str(r[10]);
  t.pid = Int(r[11]);
  return t;
}

template <typename T>
Result<std::vector<T>> Convert(const model::RowSet& rows,
                               Result<T> (*convert)(const std::vector<Value>&)) {
  std::vector<T> out;
  for (const auto& row : rows.rows) {
    RP_ASSIGN_OR_RETURN(T item, convert(row));
    out.push_back(std::move(item));
  }
  return out;
}

std::string Select(std::string_view columns, std::string_view table) {
  return "SELECT " + std::string(columns) + " FROM " + std::string(table) + " ";
}

Status InsertTry(db::Warehouse& wh, const TaskTry& t) {
  Value row[] = {t.run_id,
                 t.task_id,
                 int64_t{t.try_number},
                 std::string(TaskStateName(t.state)),
                 t.failure ? Value{std::string(FailureKindName(*t.failure))} : Value{},
                 Text(t.start_date),
                 Text(t.end_date),
                 t.duration_ms,
                 Text(t.summary),
                 Text(t.error),
                 Text(t.host),
                 t.pid};
  return wh.Execute("INSERT INTO task_try (" + std::string(kTryColumns) +
                        ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    row);
}

Status UpdateTry(db::Warehouse& wh, const TaskTry& t) {
  Value row[] = {std::string(TaskStateName(t.state)),
                 t.failure ? Value{std::string(FailureKindName(*t.failure))} : Value{},
                 Text(t.end_date),
                 t.duration_ms,
                 Text(t.summary),
                 Text(t.error),
                 t.run_id,
                 t.task_id,
                 int64_t{t.try_number}};
  return wh.Execute(
      "UPDATE task_try SET state = ?, failure = ?, end_date = ?, duration_ms = ?, summary = ?, "
      "error = ? WHERE run_id = ? AND task_id = ? AND try_number = ?",
      row);
}

}  // namespace

Status RunStore::EnsureSchema() {
  return db::ExecuteScript(wh_, kSchema)
      .WithContext("while creating the DAG run tables in " + wh_.redacted_uri());
}

Status RunStore::InsertTask(const TaskInstance& t) {
  Value row[] = {t.run_id,
                 t.task_id,
                 t.operator_name,
                 std::string(TaskStateName(t.state)),
                 int64_t{t.try_number},
                 int64_t{t.max_tries},
                 Text(t.start_date),
                 Text(t.end_date),
                 t.duration_ms,
                 Text(t.next_try_at),
                 Text(t.summary),
                 Text(t.error)};
  return wh_.Execute("INSERT INTO task_instance (" + std::string(kTaskColumns) +
                         ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     row);
}

Status RunStore::CreateRun(const DagRun& run, const std::vector<TaskInstance>& tasks) {
  RP_ASSIGN_OR_RETURN(auto existing, FindRun(run.run_id));
  if (existing) return Status::AlreadyExists("dag run " + run.run_id + " exists already");
  RP_ASSIGN_OR_RETURN(auto tx, db::Transaction::Begin(wh_));
  Value row[] = {run.run_id,
                 run.dag_id,
                 run.logical_date,
                 std::string(TriggerName(run.trigger)),
                 std::string(DagRunStateName(run.state)),
                 NowUtcText(),
                 Text(run.start_date),
                 Text(run.end_date),
                 Text(run.host),
                 run.pid,
                 Text(run.note)};
  RP_RETURN_IF_ERROR(
      wh_.Execute("INSERT INTO dag_run (run_id, dag_id, logical_date, triggered_by, state, "
                  "queued_at, start_date, end_date, host, pid, note) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  row));
  for (const TaskInstance& task : tasks) RP_RETURN_IF_ERROR(InsertTask(task));
  return tx.Commit();
}

Status RunStore::UpdateRun(const DagRun& run) {
  Value row[] = {std::string(DagRunStateName(run.state)),
                 Text(run.start_date),
                 Text(run.end_date),
                 Text(run.host),
                 run.pid,
                 Text(run.note),
                 run.run_id};
  return wh_.Execute(
      "UPDATE dag_run SET state = ?, start_date = ?, end_date = ?, host = ?, pid = ?, note = ? "
      "WHERE run_id = ?",
      row);
}

Status RunStore::UpdateTask(const TaskInstance& t) {
  Value row[] = {std::string(TaskStateName(t.state)),
                 int64_t{t.try_number},
                 int64_t{t.max_tries},
                 Text(t.start_date),
                 Text(t.end_date),
                 t.duration_ms,
                 Text(t.next_try_at),
                 Text(t.summary),
                 Text(t.error),
                 t.run_id,
                 t.task_id};
  return wh_.Execute(
      "UPDATE task_instance SET state = ?, try_number = ?, max_tries = ?, start_date = ?, "
      "end_date = ?, duration_ms = ?, next_try_at = ?, summary = ?, error = ? "
      "WHERE run_id = ? AND task_id = ?",
      row);
}

Status RunStore::StartTry(const TaskInstance& task, const TaskTry& attempt) {
  RP_ASSIGN_OR_RETURN(auto tx, db::Transaction::Begin(wh_));
  RP_RETURN_IF_ERROR(UpdateTask(task));
  RP_RETURN_IF_ERROR(InsertTry(wh_, attempt));
  return tx.Commit();
}

Status RunStore::FinishTry(const TaskInstance& task, const TaskTry& attempt) {
  RP_ASSIGN_OR_RETURN(auto tx, db::Transaction::Begin(wh_));
  RP_RETURN_IF_ERROR(UpdateTask(task));
  RP_RETURN_IF_ERROR(UpdateTry(wh_, attempt));
  return tx.Commit();
}

Result<std::optional<DagRun>> RunStore::FindRun(const std::string& run_id) {
  Value key[] = {run_id};
  RP_ASSIGN_OR_RETURN(auto rows,
                      wh_.Query(Select(kRunColumns, "dag_run") + "WHERE run_id = ?", key));
  RP_ASSIGN_OR_RETURN(auto runs, Convert(rows, &ToRun));
  if (runs.empty()) return std::optional<DagRun>();
  return std::optional<DagRun>(std::move(runs.front()));
}

Result<std::vector<DagRun>> RunStore::RunsInState(const std::string& dag_id, DagRunState state) {
  Value params[] = {dag_id, std::string(DagRunStateName(state))};
  RP_ASSIGN_OR_RETURN(auto rows,
                      wh_.Query(Select(kRunColumns, "dag_run") + "WHERE dag_id = ? AND state = ? "
                                                                 "ORDER BY queued_at, run_id",
                                params));
  return Convert(rows, &ToRun);
}

Result<std::vector<DagRun>> RunStore::RecentRuns(const std::string& dag_id, int limit) {
  // `limit` is our own integer, so it can be part of the text; LIMIT ? is not portable.
  std::string order = " ORDER BY queued_at DESC, run_id DESC LIMIT " + std::to_string(limit);
  if (dag_id.empty()) {
    RP_ASSIGN_OR_RETURN(auto rows, wh_.Query(Select(kRunColumns, "dag_run") + order));
    return Convert(rows, &ToRun);
  }
  Value key[] = {dag_id};
  RP_ASSIGN_OR_RETURN(auto rows,
                      wh_.Query(Select(kRunColumns, "dag_run") + "WHERE dag_id = ?" + order, key));
  return Convert(rows, &ToRun);
}

Result<std::vector<TaskInstance>> RunStore::TaskInstances(const std::string& run_id) {
  Value key[] = {run_id};
  RP_ASSIGN_OR_RETURN(auto rows,
                      wh_.Query(Select(kTaskColumns, "task_instance") + "WHERE run_id = ?", key));
  return Convert(rows, &ToTask);
}

Result<std::vector<TaskTry>> RunStore::Tries(const std::string& run_id) {
  Value key[] = {run_id};
  RP_ASSIGN_OR_RETURN(auto rows, wh_.Query(Select(kTryColumns, "task_try") +
                                               "WHERE run_id = ? ORDER BY task_id, try_number",
                                           key));
  return Convert(rows, &ToTry);
}

}  // namespace retailpipe::dag
