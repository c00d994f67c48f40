// SPDX-License-Identifier: Apache-2.0
// The `dags:` section: parsing, defaults, merging with the built-in DAGs, `config show`.
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "retailpipe/config/config_file.h"
#include "retailpipe/config/loader.h"
#include "retailpipe/config/options.h"
#include "retailpipe/testing/temp_dir.h"

namespace retailpipe::config {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kTwoTasks = R"(
dags:
  nightly:
    description: two steps
    schedule: "0 3 * * *"
    default_args: {retries: 3, retry_delay: 5s, max_retry_delay: 1m, timeout: 10m}
    tasks:
      - id: first
        operator: country_sales.load
        params: {country: DE, note: "${WHO:-nobody}"}
      - id: second
        operator: noop
        depends_on: first
        retries: 0
        timeout: 0s
)";

std::string ParseError(const std::string& yaml) {
  Result<ConfigFile> file = ParseConfigFile(yaml, "x.yaml");
  EXPECT_FALSE(file.ok());
  return file.ok() ? "" : file.error().message();
}

TEST(ParseDags, ReadsTasksWithDefaultArgsAndOverrides) {
  Result<ConfigFile> file = ParseConfigFile(kTwoTasks, "x.yaml");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_TRUE(file->settings.empty()) << "dags must not be flattened into keys";
  ASSERT_EQ(file->dags.size(), 1u);
  const DagOptions& dag = file->dags[0];
  EXPECT_EQ(dag.id, "nightly");
  EXPECT_EQ(dag.schedule, "0 3 * * *");
  EXPECT_EQ(dag.source, DagSource::kFile);
  ASSERT_EQ(dag.tasks.size(), 2u);
  EXPECT_EQ(dag.tasks[0].operator_name, "country_sales.load");
  EXPECT_EQ(dag.tasks[0].params.at("country"), "DE");
  EXPECT_EQ(dag.tasks[0].policy.retries, 3);
  EXPECT_EQ(dag.tasks[0].policy.retry_delay, seconds(5));
  EXPECT_EQ(dag.tasks[0].policy.max_retry_delay, seconds(60));
  EXPECT_EQ(dag.tasks[0].policy.timeout, seconds(600));
  EXPECT_THAT(dag.tasks[1].depends_on, ElementsAre("first"));
  EXPECT_EQ(dag.tasks[1].policy.retries, 0);
  EXPECT_EQ(dag.tasks[1].policy.timeout, milliseconds(0));
  EXPECT_EQ(dag.tasks[1].policy.retry_delay, seconds(5)) << "default_args applies";
}

TEST(ParseDags, NamesThePathOfEveryMistake) {
  EXPECT_THAT(ParseError("dags: [a]\n"), HasSubstr("dags: expected a map"));
  EXPECT_THAT(ParseError("dags: {d: {tasks: 3}}\n"), HasSubstr("dags.d.tasks: expected a list"));
  EXPECT_THAT(ParseError("dags: {d: {tasks: [{id: a, colour: red}]}}\n"),
              HasSubstr("dags.d.tasks[0]: unknown field 'colour'; use id, operator"));
  EXPECT_THAT(ParseError("dags: {d: {shedule: x, tasks: []}}\n"),
              HasSubstr("dags.d: unknown field 'shedule'"));
  EXPECT_THAT(ParseError("dags: {d: {tasks: [{id: a, retries: lots}]}}\n"),
              HasSubstr("dags.d.tasks[0].retries: 'lots' is not a whole number"));
  EXPECT_THAT(ParseError("dags: {d: {tasks: [{id: a, timeout: 5}]}}\n"),
              HasSubstr("dags.d.tasks[0].timeout"));
  EXPECT_THAT(ParseError("dags: {d: {default_args: {retry: 1}, tasks: []}}\n"),
              HasSubstr("dags.d.default_args: unknown field 'retry'"));
  EXPECT_THAT(ParseError("environments: {prod: {dags: {d: {tasks: []}}}}\n"),
              HasSubstr("environments.prod.dags: DAGs are defined once"));
}

TEST(DagOptions, ValidateChecksIdsAndPolicies) {
  DagOptions dag = BuiltInDags({"US"})[0];
  EXPECT_TRUE(dag.Validate().ok());
  DagOptions bad = dag;
  bad.id = "has space";
  EXPECT_THAT(bad.Validate().message(), HasSubstr("dag id 'has space'"));
  bad = dag;
  bad.tasks.push_back(bad.tasks[0]);
  EXPECT_THAT(bad.Validate().message(), HasSubstr("task id 'process_US_sales' is used twice"));
  bad = dag;
  bad.tasks[0].policy.max_retry_delay = seconds(1);
  EXPECT_THAT(bad.Validate().message(), HasSubstr("max_retry_delay: 1s is shorter"));
  bad = dag;
  bad.tasks[0].operator_name.clear();
  EXPECT_THAT(bad.Validate().message(), HasSubstr("has no operator"));
  bad = dag;
  bad.tasks.clear();
  EXPECT_THAT(bad.Validate().message(), HasSubstr("has no tasks"));
}

TEST(BuiltInDags, ChainTheCountriesInTheSeedOrder) {
  std::vector<DagOptions> dags = BuiltInDags(Config{}.country_sales.countries);
  ASSERT_EQ(dags.size(), 1u);
  ASSERT_EQ(dags[0].id, "load_s3_to_db");
  std::vector<std::string> ids;
  for (const TaskOptions& task : dags[0].tasks) ids.push_back(task.id);
  EXPECT_THAT(ids, ElementsAre("process_US_sales", "process_UK_sales", "process_DE_sales",
                               "process_FR_sales", "process_IT_sales"));
  EXPECT_TRUE(dags[0].tasks[0].depends_on.empty());
  EXPECT_THAT(dags[0].tasks[4].depends_on, ElementsAre("process_FR_sales"));
  EXPECT_EQ(dags[0].tasks[2].params.at("country"), "DE");
}

class DagConfigTest : public ::testing::Test {
 protected:
  Result<LoadedConfig> Load(const std::string& yaml) {
    LoadRequest request;
    request.config_path = dir_.Write("retailpipe.yaml", yaml);
    request.environment = {{"WHO", "ops"}};
    request.flags = {{"data_dir", dir_.path()}};
    return LoadConfig(request);
  }
  testing::TempDir dir_{"dagcfg"};
};

TEST_F(DagConfigTest, FileDagsJoinTheBuiltInOnesAndExpandParams) {
  Result<LoadedConfig> loaded = Load(kTwoTasks);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const auto& dags = loaded->config.dags;
  ASSERT_EQ(dags.size(), 2u);
  EXPECT_EQ(dags[0].id, "load_s3_to_db");
  EXPECT_EQ(dags[0].source, DagSource::kBuiltIn);
  EXPECT_EQ(dags[1].id, "nightly");
  EXPECT_EQ(dags[1].tasks[0].params.at("note"), "ops");
}

TEST_F(DagConfigTest, AFileDagReplacesTheBuiltInOneWithItsId) {
  Result<LoadedConfig> loaded = Load(
      "dags:\n  load_s3_to_db:\n    tasks:\n      - {id: only_us, operator: "
      "country_sales.load, params: {country: US}}\n");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ(loaded->config.dags.size(), 1u);
  EXPECT_EQ(loaded->config.dags[0].source, DagSource::kFile);
  ASSERT_EQ(loaded->config.dags[0].tasks.size(), 1u);
  EXPECT_EQ(loaded->config.dags[0].tasks[0].id, "only_us");
}

TEST_F(DagConfigTest, TheBuiltInDagFollowsTheCountries) {
  LoadRequest request;
  request.flags = {{"data_dir", dir_.path()}, {"country_sales.countries", "DE,US"}};
  Result<LoadedConfig> loaded = LoadConfig(request);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ(loaded->config.dags.size(), 1u);
  std::vector<std::string> ids;
  for (const TaskOptions& task : loaded->config.dags[0].tasks) ids.push_back(task.id);
  EXPECT_THAT(ids, ElementsAre("process_DE_sales", "process_US_sales"));
}

TEST_F(DagConfigTest, ValidationErrorsFailTheLoad) {
  Result<LoadedConfig> loaded = Load("dags: {bad: {tasks: [{id: a}]}}\n");
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.error().message(), HasSubstr("dags.bad.tasks.a has no operator"));
}

TEST_F(DagConfigTest, ConfigShowPrintsDagsThatLoadBackTheSame) {
  Result<LoadedConfig> loaded = Load(kTwoTasks);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  std::string shown = ShowConfig(*loaded);
  EXPECT_THAT(shown, HasSubstr("load_s3_to_db:"));
  EXPECT_THAT(shown, HasSubstr("# built-in"));
  EXPECT_THAT(shown, HasSubstr("operator: country_sales.load"));
  Result<LoadedConfig> again = Load(shown);
  ASSERT_TRUE(again.ok()) << again.status().ToString() << "\n" << shown;
  ASSERT_EQ(again->config.dags.size(), 2u);
  for (size_t d = 0; d < 2; ++d) {
    const DagOptions& a = loaded->config.dags[d];
    const DagOptions& b = again->config.dags[d];
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.schedule, b.schedule);
    EXPECT_EQ(a.description, b.description);
    ASSERT_EQ(a.tasks.size(), b.tasks.size());
    for (size_t t = 0; t < a.tasks.size(); ++t) {
      EXPECT_EQ(a.tasks[t].id, b.tasks[t].id);
      EXPECT_EQ(a.tasks[t].operator_name, b.tasks[t].operator_name);
      EXPECT_EQ(a.tasks[t].params, b.tasks[t].params);
      EXPECT_EQ(a.tasks[t].depends_on, b.tasks[t].depends_on);
      EXPECT_EQ(a.tasks[t].policy.retries, b.tasks[t].policy.retries);
      EXPECT_EQ(a.tasks[t].policy.retry_delay, b.tasks[t].policy.retry_delay);
      EXPECT_EQ(a.tasks[t].policy.max_retry_delay, b.tasks[t].policy.max_retry_delay);
      EXPECT_EQ(a.tasks[t].policy.timeout, b.tasks[t].policy.timeout);
    }
  }
}

}  // namespace
}  // namespace retailpipe::config
