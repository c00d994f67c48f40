// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/dag/dag_spec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace retailpipe::dag {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

config::DagOptions Dag(std::vector<std::pair<std::string, std::vector<std::string>>> tasks) {
  config::DagOptions dag;
  dag.id = "d";
  for (auto& [id, deps] : tasks) {
    config::TaskOptions task;
    task.id = id;
    task.operator_name = "noop";
    task.depends_on = deps;
    dag.tasks.push_back(task);
  }
  return dag;
}

std::vector<std::string> Order(const DagSpec& spec) {
  std::vector<std::string> ids;
  for (const TaskSpec& task : spec.tasks) ids.push_back(task.id);
  return ids;
}

std::string Error(const config::DagOptions& dag) {
  Result<DagSpec> spec = DagSpec::FromOptions(dag);
  EXPECT_FALSE(spec.ok());
  return spec.ok() ? "" : spec.error().message();
}

TEST(DagSpec, OrdersTasksAfterTheirUpstreamKeepingConfigOrderOtherwise) {
  Result<DagSpec> spec =
      DagSpec::FromOptions(Dag({{"c", {"a", "b"}}, {"a", {}}, {"d", {}}, {"b", {"a"}}}));
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_THAT(Order(*spec), ElementsAre("a", "d", "b", "c"));
  ASSERT_NE(spec->Find("c"), nullptr);
  EXPECT_THAT(spec->Find("c")->depends_on, ElementsAre("a", "b"));
  EXPECT_EQ(spec->Find("zz"), nullptr);
}

TEST(DagSpec, TheBuiltInDagIsTheSeedChain) {
  Result<DagSpec> spec = DagSpec::FromOptions(config::BuiltInDags({"US", "UK", "DE"})[0]);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_THAT(Order(*spec),
              ElementsAre("process_US_sales", "process_UK_sales", "process_DE_sales"));
}

TEST(DagSpec, RejectsUnknownSelfAndRepeatedDependencies) {
  EXPECT_THAT(Error(Dag({{"a", {"ghost"}}})),
              HasSubstr("dag d: task a depends on 'ghost', which is not a task of this DAG"));
  EXPECT_THAT(Error(Dag({{"a", {"a"}}})), HasSubstr("task a depends on itself"));
  EXPECT_THAT(Error(Dag({{"a", {}}, {"b", {"a", "a"}}})), HasSubstr("lists 'a' twice"));
}

TEST(DagSpec, NamesTheCycle) {
  EXPECT_THAT(Error(Dag({{"x", {}}, {"a", {"c"}}, {"b", {"a"}}, {"c", {"b", "x"}}})),
              HasSubstr("the tasks form a cycle: a -> b -> c -> a"));
}

TEST(DagSpec, ChecksTheScheduleAndTheShape) {
  config::DagOptions dag = Dag({{"a", {}}});
  dag.schedule = "61 * * * *";
  EXPECT_THAT(Error(dag), HasSubstr("dag d: schedule: the minute field '61'"));
  dag.schedule = "@daily";
  EXPECT_TRUE(DagSpec::FromOptions(dag).ok());
  dag.tasks[0].operator_name.clear();
  EXPECT_THAT(Error(dag), HasSubstr("has no operator"));
}

}  // namespace
}  // namespace retailpipe::dag
