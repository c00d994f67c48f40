// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/config/config_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace retailpipe::config {
namespace {

using ::testing::HasSubstr;

TEST(ParseConfigFile, FlattensNestedMapsAndSplitsEnvironments) {
  Result<ConfigFile> file = ParseConfigFile(R"(
data_dir: /data
store: {uri: "s3://b/p"}
sales:
  mandatory_columns: [a, b]
  sql_dir:
environments:
  prod:
    engine: {threads: 8}
  dev:
)",
                                            "x.yaml");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ASSERT_EQ(file->settings.size(), 3u);
  EXPECT_EQ(file->settings[0].key, "data_dir");
  EXPECT_EQ(std::get<std::string>(file->settings[0].value), "/data");
  EXPECT_EQ(file->settings[1].key, "store.uri");
  EXPECT_EQ(file->settings[2].key, "sales.mandatory_columns");
  EXPECT_EQ(std::get<std::vector<std::string>>(file->settings[2].value),
            (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(file->environments.size(), 2u);
  ASSERT_EQ(file->environments.at("prod").size(), 1u);
  EXPECT_EQ(file->environments.at("prod")[0].key, "engine.threads");
  EXPECT_TRUE(file->environments.at("dev").empty());
}

TEST(ParseConfigFile, AcceptsAnEmptyDocument) {
  Result<ConfigFile> file = ParseConfigFile("# nothing\n", "x.yaml");
  ASSERT_TRUE(file.ok());
  EXPECT_TRUE(file->settings.empty());
}

TEST(ParseConfigFile, ReportsSyntaxErrorsWithThePath) {
  Result<ConfigFile> file = ParseConfigFile("store: {uri: [\n", "bad.yaml");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(file.error().message(), HasSubstr("cannot parse bad.yaml"));
}

TEST(ParseConfigFile, RejectsWrongShapes) {
  EXPECT_THAT(ParseConfigFile("- a\n- b\n", "x.yaml").error().message(),
              HasSubstr("must be a map"));
  EXPECT_THAT(ParseConfigFile("sales: {mandatory_columns: [[a]]}\n", "x.yaml").error().message(),
              HasSubstr("sales.mandatory_columns: list items"));
  EXPECT_FALSE(ParseConfigFile("environments: [dev]\n", "x.yaml").ok());
  EXPECT_FALSE(ParseConfigFile("environments: {dev: 3}\n", "x.yaml").ok());
}

TEST(ReadConfigFile, NamesAMissingFile) {
  Result<ConfigFile> file = ReadConfigFile("/nonexistent/retailpipe.yaml");
  ASSERT_FALSE(file.ok());
  EXPECT_THAT(file.error().message(), HasSubstr("/nonexistent/retailpipe.yaml does not exist"));
}

}  // namespace
}  // namespace retailpipe::config
