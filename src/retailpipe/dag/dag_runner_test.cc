// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/dag/dag_runner.h"

#include <atomic>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "retailpipe/dag/dag_spec.h"
#include "retailpipe/dag/run_store.h"
#include "retailpipe/dag/task_registry.h"
#include "retailpipe/db/warehouse.h"

namespace retailpipe::dag {
namespace {

using std::chrono::milliseconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A DAG over the "step" operator: tasks named by id, with their dependencies.
config::DagOptions Dag(std::vector<std::pair<std::string, std::vector<std::string>>> tasks,
                       int retries = 0) {
  config::DagOptions dag;
  dag.id = "d";
  for (auto& [id, deps] : tasks) {
    config::TaskOptions task;
    task.id = id;
    task.operator_name = "step";
    task.depends_on = deps;
    task.policy.retries = retries;
    task.policy.retry_delay = milliseconds(1000);
    task.policy.max_retry_delay = milliseconds(1500);
    dag.tasks.push_back(task);
  }
  return dag;
}

class DagRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto wh = db::OpenWarehouse("duckdb::memory:");
    ASSERT_TRUE(wh.ok()) << wh.status().ToString();
    wh_ = std::move(*wh);
    store_ = std::make_unique<RunStore>(*wh_);
    ASSERT_TRUE(registry_
                    .Register("step",
                              [this](TaskContext& context) -> Result<TaskOutcome> {
                                calls_.push_back(context.task_id + "#" +
                                                 std::to_string(context.try_number));
                                auto it = behaviour_.find(context.task_id);
                                if (it == behaviour_.end()) return TaskOutcome{};
                                return it->second(context);
                              })
                    .ok());
  }

  Result<DagRunSummary> Run(const config::DagOptions& options, RunRequest request = RunRequest{}) {
    auto spec = DagSpec::FromOptions(options);
    EXPECT_TRUE(spec.ok()) << spec.status().ToString();
    RunnerOptions runner_options;
    runner_options.sleep = [this](milliseconds wait) { sleeps_.push_back(wait); };
    runner_options.jitter_seed = 7;
    runner_options.host = "testhost";
    runner_options.pid = 4242;
    DagRunner runner(registry_, *store_, runner_options);
    return runner.Run(*spec, request);
  }

  static std::vector<TaskState> States(const DagRunSummary& summary) {
    std::vector<TaskState> states;
    for (const TaskResult& t : summary.tasks) states.push_back(t.state);
    return states;
  }

  std::unique_ptr<db::Warehouse> wh_;
  std::unique_ptr<RunStore> store_;
  TaskRegistry registry_;
  std::map<std::string, std::function<Result<TaskOutcome>(TaskContext&)>> behaviour_;
  std::vector<std::string> calls_;
  std::vector<milliseconds> sleeps_;
};

TEST_F(DagRunnerTest, RunsAChainInOrderAndRecordsIt) {
  behaviour_["b"] = [](TaskContext& context) -> Result<TaskOutcome> {
    EXPECT_EQ(context.dag_id, "d");
    EXPECT_FALSE(context.deadline.has_value());
    return TaskOutcome{TaskState::kSuccess, "did b", false};
  };
  RunRequest request;
  request.trigger = Trigger::kManual;
  request.logical_date = "2023-10-01";
  auto summary = Run(Dag({{"a", {}}, {"b", {"a"}}, {"c", {"b"}}}), request);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_THAT(calls_, ElementsAre("a#1", "b#1", "c#1"));
  EXPECT_EQ(summary->run.state, DagRunState::kSuccess);
  EXPECT_EQ(summary->run.run_id, "manual__2023-10-01T00:00:00");
  EXPECT_FALSE(summary->resumed);
  EXPECT_FALSE(summary->partial());
  EXPECT_THAT(States(*summary),
              ElementsAre(TaskState::kSuccess, TaskState::kSuccess, TaskState::kSuccess));

  auto stored = store_->FindRun(summary->run.run_id);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->state, DagRunState::kSuccess);
  EXPECT_EQ((*stored)->logical_date, "2023-10-01 00:00:00");
  EXPECT_EQ((*stored)->host, "testhost");
  EXPECT_FALSE((*stored)->end_date.empty());
  auto tries = store_->Tries(summary->run.run_id);
  ASSERT_TRUE(tries.ok());
  ASSERT_EQ(tries->size(), 3u);
  EXPECT_EQ((*tries)[1].summary, "did b");
  EXPECT_EQ((*tries)[1].state, TaskState::kSuccess);

  // The same logical date again gets its own run id.
  auto again = Run(Dag({{"a", {}}}), request);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->run.run_id, "manual__2023-10-01T00:00:00__2");
}

TEST_F(DagRunnerTest, RetriesWithGrowingJitteredBackoffUntilSuccess) {
  int failures = 2;
  behaviour_["a"] = [&](TaskContext&) -> Result<TaskOutcome> {
    if (failures-- > 0) return Status::Unavailable("throttled");
    return TaskOutcome{};
  };
  auto summary = Run(Dag({{"a", {}}}, /*retries=*/3));
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->run.state, DagRunState::kSuccess);
  EXPECT_EQ(summary->tasks[0].tries, 3);
  ASSERT_EQ(sleeps_.size(), 2u);
  EXPECT_GE(sleeps_[0], milliseconds(500));
  EXPECT_LE(sleeps_[0], milliseconds(1000));
  EXPECT_GE(sleeps_[1], milliseconds(750)) << "second wait: 1500 ms cap, jittered";
  EXPECT_LE(sleeps_[1], milliseconds(1500));
  auto tries = store_->Tries(summary->run.run_id);
  ASSERT_TRUE(tries.ok());
  ASSERT_EQ(tries->size(), 3u);
  EXPECT_EQ((*tries)[0].state, TaskState::kFailed);
  EXPECT_EQ((*tries)[0].failure, FailureKind::kError);
  EXPECT_THAT((*tries)[0].error, HasSubstr("throttled"));
  EXPECT_EQ((*tries)[2].state, TaskState::kSuccess);
}

TEST_F(DagRunnerTest, AFailureMarksDownstreamUpstreamFailedButOtherBranchesRun) {
  behaviour_["a"] = [](TaskContext&) -> Result<TaskOutcome> {
    return Status::IoError("disk on fire");
  };
  auto summary = Run(Dag({{"a", {}}, {"b", {"a"}}, {"c", {"b"}}, {"x", {}}}, /*retries=*/1));
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->run.state, DagRunState::kFailed);
  EXPECT_THAT(calls_, ElementsAre("a#1", "a#2", "x#1"));
  // The summary is in run order: a, b, c, x.
  EXPECT_THAT(States(*summary), ElementsAre(TaskState::kFailed, TaskState::kUpstreamFailed,
                                            TaskState::kUpstreamFailed, TaskState::kSuccess));
  EXPECT_EQ(summary->tasks[0].task_id, "a");
  EXPECT_THAT(summary->tasks[0].error, HasSubstr("disk on fire"));
  auto tasks = store_->TaskInstances(summary->run.run_id);
  ASSERT_TRUE(tasks.ok());
  for (const TaskInstance& ti : *tasks) {
    if (ti.task_id == "c") {
      EXPECT_EQ(ti.state, TaskState::kUpstreamFailed);
    }
  }
}

TEST_F(DagRunnerTest, AConfigErrorIsNotRetried) {
  behaviour_["a"] = [](TaskContext& context) -> Result<TaskOutcome> {
    RP_ASSIGN_OR_RETURN(std::string country, context.Param("country"));
    return TaskOutcome{TaskState::kSuccess, country, false};
  };
  auto summary = Run(Dag({{"a", {}}}, /*retries=*/5));
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->tasks[0].state, TaskState::kFailed);
  EXPECT_EQ(summary->tasks[0].tries, 1);
  EXPECT_THAT(summary->tasks[0].error, HasSubstr("needs the param 'country'"));
  EXPECT_TRUE(sleeps_.empty());
}

TEST_F(DagRunnerTest, ATimedOutTryIsStoppedAndFailedWithItsReason) {
  std::atomic<bool> saw_stop = false;
  behaviour_["a"] = [&](TaskContext& context) -> Result<TaskOutcome> {
    EXPECT_TRUE(context.deadline.has_value());
    while (!context.stop.stop_requested()) std::this_thread::sleep_for(milliseconds(5));
    saw_stop = true;
    return Status::Cancelled("stopped");
  };
  config::DagOptions dag = Dag({{"a", {}}, {"b", {"a"}}});
  dag.tasks[0].policy.timeout = milliseconds(100);
  auto summary = Run(dag);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_TRUE(saw_stop);
  EXPECT_EQ(summary->tasks[0].state, TaskState::kFailed);
  EXPECT_EQ(summary->tasks[0].error, "timeout after 0.1s");
  EXPECT_GE(summary->tasks[0].duration_ms, 100);
  EXPECT_EQ(summary->tasks[1].state, TaskState::kUpstreamFailed);
  auto tries = store_->Tries(summary->run.run_id);
  ASSERT_TRUE(tries.ok());
  ASSERT_EQ(tries->size(), 1u);
  EXPECT_EQ((*tries)[0].failure, FailureKind::kTimeout);
}

TEST_F(DagRunnerTest, ASkippedTaskSkipsItsDownstreamAndTheRunSucceeds) {
  behaviour_["a"] = [](TaskContext&) -> Result<TaskOutcome> {
    return TaskOutcome{TaskState::kSkipped, "nothing to do", false};
  };
  behaviour_["x"] = [](TaskContext&) -> Result<TaskOutcome> {
    return TaskOutcome{TaskState::kSuccess, "2 rows quarantined", true};
  };
  auto summary = Run(Dag({{"a", {}}, {"b", {"a"}}, {"x", {}}}));
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->run.state, DagRunState::kSuccess);
  EXPECT_THAT(calls_, ElementsAre("a#1", "x#1"));
  EXPECT_THAT(States(*summary),
              ElementsAre(TaskState::kSkipped, TaskState::kSkipped, TaskState::kSuccess));
  EXPECT_TRUE(summary->partial());
}

TEST_F(DagRunnerTest, AThrowingTaskFailsInsteadOfEndingTheProcess) {
  behaviour_["a"] = [](TaskContext&) -> Result<TaskOutcome> { throw std::runtime_error("boom"); };
  auto summary = Run(Dag({{"a", {}}}));
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->tasks[0].state, TaskState::kFailed);
  EXPECT_THAT(summary->tasks[0].error, HasSubstr("threw an exception: boom"));
}

TEST_F(DagRunnerTest, RefusesAnUnknownOperatorBeforeCreatingARun) {
  config::DagOptions dag = Dag({{"a", {}}});
  dag.tasks[0].operator_name = "warp";
  auto summary = Run(dag);
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.error().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(summary.error().message(),
              HasSubstr("task a names the operator 'warp', which does not exist; operators: step"));
  RunRequest bad_date;
  bad_date.logical_date = "yesterday";
  EXPECT_THAT(Run(Dag({{"a", {}}}), bad_date).error().message(),
              HasSubstr("logical date 'yesterday'"));
}

TaskTry Try(const std::string& run_id, const std::string& task_id, TaskState state) {
  TaskTry attempt;
  attempt.run_id = run_id;
  attempt.task_id = task_id;
  attempt.try_number = 1;
  attempt.state = state;
  return attempt;
}

// What a process that died while running task b leaves behind.
class CrashedRunTest : public DagRunnerTest {
 protected:
  void SetUp() override {
    DagRunnerTest::SetUp();
    ASSERT_TRUE(store_->EnsureSchema().ok());
    DagRun run;
    run.run_id = "cli__crashed";
    run.dag_id = "d";
    run.logical_date = "2023-10-01 00:00:00";
    run.state = DagRunState::kRunning;
    run.start_date = "2023-10-01 00:00:00";
    run.host = "deadhost";
    run.pid = 7;
    std::vector<TaskInstance> tasks;
    for (const char* id : {"a", "b", "c"}) {
      TaskInstance ti;
      ti.run_id = run.run_id;
      ti.task_id = id;
      ti.operator_name = "step";
      ti.max_tries = 1;
      tasks.push_back(ti);
    }
    ASSERT_TRUE(store_->CreateRun(run, tasks).ok());
    TaskInstance a = tasks[0];
    a.state = TaskState::kSuccess;
    a.try_number = 1;
    TaskTry a1 = Try(run.run_id, "a", TaskState::kSuccess);
    ASSERT_TRUE(store_->StartTry(a, a1).ok());
    TaskInstance b = tasks[1];
    b.state = TaskState::kRunning;
    b.try_number = 1;
    TaskTry b1 = Try(run.run_id, "b", TaskState::kRunning);
    ASSERT_TRUE(store_->StartTry(b, b1).ok());
  }
  config::DagOptions dag_ = Dag({{"a", {}}, {"b", {"a"}}, {"c", {"b"}}});
};

TEST_F(CrashedRunTest, ResumesTheRunWithoutUsingARetry) {
  auto summary = Run(dag_);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_TRUE(summary->resumed);
  EXPECT_EQ(summary->run.run_id, "cli__crashed");
  EXPECT_EQ(summary->run.state, DagRunState::kSuccess);
  EXPECT_THAT(calls_, ElementsAre("b#2", "c#1")) << "a had succeeded; b runs again";
  EXPECT_THAT(summary->run.note, HasSubstr("after deadhost, pid 7 died"));
  auto tries = store_->Tries("cli__crashed");
  ASSERT_TRUE(tries.ok());
  ASSERT_EQ(tries->size(), 4u);  // a#1, b#1 (crash), b#2, c#1
  EXPECT_EQ((*tries)[1].task_id, "b");
  EXPECT_EQ((*tries)[1].failure, FailureKind::kCrash);
  EXPECT_THAT((*tries)[1].error, HasSubstr("deadhost, pid 7"));
  auto running = store_->RunsInState("d", DagRunState::kRunning);
  ASSERT_TRUE(running.ok());
  EXPECT_TRUE(running->empty());
}

TEST_F(CrashedRunTest, CanFailTheCrashedRunAndStartAnew) {
  RunRequest request;
  request.crashed = CrashedRuns::kFail;
  auto summary = Run(dag_, request);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_FALSE(summary->resumed);
  EXPECT_NE(summary->run.run_id, "cli__crashed");
  EXPECT_THAT(calls_, ElementsAre("a#1", "b#1", "c#1"));
  auto old = store_->FindRun("cli__crashed");
  ASSERT_TRUE(old.ok() && old->has_value());
  EXPECT_EQ((*old)->state, DagRunState::kFailed);
  EXPECT_THAT((*old)->note, HasSubstr("left running by deadhost, pid 7, which died"));
  auto tasks = store_->TaskInstances("cli__crashed");
  ASSERT_TRUE(tasks.ok());
  for (const TaskInstance& ti : *tasks) {
    if (ti.task_id == "b") {
      EXPECT_EQ(ti.state, TaskState::kFailed);
    } else if (ti.task_id == "c") {
      EXPECT_EQ(ti.state, TaskState::kSkipped);
    }
  }
}

TEST_F(CrashedRunTest, FailsACrashedRunWhoseTasksNoLongerMatch) {
  auto summary = Run(Dag({{"a", {}}, {"z", {"a"}}}));
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_FALSE(summary->resumed);
  auto old = store_->FindRun("cli__crashed");
  ASSERT_TRUE(old.ok() && old->has_value());
  EXPECT_EQ((*old)->state, DagRunState::kFailed);
  EXPECT_THAT((*old)->note, HasSubstr("no longer match"));
}

}  // namespace
}  // namespace retailpipe::dag
