// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/dag/run_store.h"

#include <gtest/gtest.h>

#include "retailpipe/db/warehouse.h"

namespace retailpipe::dag {
namespace {

class RunStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto wh = db::OpenWarehouse("duckdb::memory:");
    ASSERT_TRUE(wh.ok()) << wh.status().ToString();
    wh_ = std::move(*wh);
    store_ = std::make_unique<RunStore>(*wh_);
    ASSERT_TRUE(store_->EnsureSchema().ok());
    ASSERT_TRUE(store_->EnsureSchema().ok()) << "twice is fine";
  }

  static DagRun Run(const std::string& id) {
    DagRun run;
    run.run_id = id;
    run.dag_id = "d";
    run.logical_date = "2023-10-01 00:00:00";
    run.trigger = Trigger::kManual;
    run.state = DagRunState::kRunning;
    run.start_date = "2023-10-01 00:00:01";
    run.host = "h";
    run.pid = 42;
    return run;
  }

  static TaskInstance Task(const std::string& run_id, const std::string& id) {
    TaskInstance ti;
    ti.run_id = run_id;
    ti.task_id = id;
    ti.operator_name = "noop";
    ti.max_tries = 3;
    return ti;
  }

  std::unique_ptr<db::Warehouse> wh_;
  std::unique_ptr<RunStore> store_;
};

TEST_F(RunStoreTest, RoundTripsRunsTasksAndTries) {
  ASSERT_TRUE(store_->CreateRun(Run("r1"), {Task("r1", "a"), Task("r1", "b")}).ok());
  EXPECT_TRUE(store_->CreateRun(Run("r1"), {}).IsAlreadyExists());

  TaskInstance a = Task("r1", "a");
  a.state = TaskState::kRunning;
  a.try_number = 1;
  a.start_date = "2023-10-01 00:00:02";
  TaskTry attempt;
  attempt.run_id = "r1";
  attempt.task_id = "a";
  attempt.try_number = 1;
  attempt.state = TaskState::kRunning;
  attempt.start_date = a.start_date;
  attempt.host = "h";
  attempt.pid = 42;
  ASSERT_TRUE(store_->StartTry(a, attempt).ok());
  a.state = attempt.state = TaskState::kFailed;
  attempt.failure = FailureKind::kTimeout;
  attempt.error = a.error = "timeout after 2s";
  attempt.duration_ms = a.duration_ms = 2001;
  attempt.end_date = a.end_date = "2023-10-01 00:00:04";
  ASSERT_TRUE(store_->FinishTry(a, attempt).ok());

  auto run = store_->FindRun("r1");
  ASSERT_TRUE(run.ok() && run->has_value()) << run.status().ToString();
  EXPECT_EQ((*run)->logical_date, "2023-10-01 00:00:00");
  EXPECT_EQ((*run)->trigger, Trigger::kManual);
  EXPECT_EQ((*run)->pid, 42);
  auto tasks = store_->TaskInstances("r1");
  ASSERT_TRUE(tasks.ok()) << tasks.status().ToString();
  ASSERT_EQ(tasks->size(), 2u);
  for (const TaskInstance& ti : *tasks) {
    if (ti.task_id != "a") continue;
    EXPECT_EQ(ti.state, TaskState::kFailed);
    EXPECT_EQ(ti.try_number, 1);
    EXPECT_EQ(ti.max_tries, 3);
    EXPECT_EQ(ti.duration_ms, 2001);
    EXPECT_EQ(ti.error, "timeout after 2s");
  }
  auto tries = store_->Tries("r1");
  ASSERT_TRUE(tries.ok()) << tries.status().ToString();
  ASSERT_EQ(tries->size(), 1u);
  EXPECT_EQ((*tries)[0].failure, FailureKind::kTimeout);
  EXPECT_EQ((*tries)[0].end_date, "2023-10-01 00:00:04");
  EXPECT_EQ((*tries)[0].host, "h");
}

TEST_F(RunStoreTest, FindsRunsByStateAndListsTheNewestFirst) {
  for (const char* id : {"r1", "r2", "r3"}) ASSERT_TRUE(store_->CreateRun(Run(id), {}).ok());
  DagRun done = Run("r2");
  done.state = DagRunState::kSuccess;
  done.end_date = "2023-10-01 00:01:00";
  ASSERT_TRUE(store_->UpdateRun(done).ok());
  auto running = store_->RunsInState("d", DagRunState::kRunning);
  ASSERT_TRUE(running.ok());
  ASSERT_EQ(running->size(), 2u);
  EXPECT_EQ((*running)[0].run_id, "r1");
  auto recent = store_->RecentRuns("d", 2);
  ASSERT_TRUE(recent.ok());
  ASSERT_EQ(recent->size(), 2u);
  auto all = store_->RecentRuns("", 10);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 3u);
  auto none = store_->RecentRuns("other", 10);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  auto missing = store_->FindRun("nope");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

}  // namespace
}  // namespace retailpipe::dag
