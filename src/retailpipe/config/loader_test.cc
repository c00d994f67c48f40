// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/config/loader.h"

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include "retailpipe/config/key_table.h"

namespace retailpipe::config {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

// Runs each test in a fresh temp folder as the working directory, so relative paths and
// ./retailpipe.yaml resolve there.
class LoadConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    old_cwd_ = fs::current_path();
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("rp_config_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fs::current_path(dir_);
  }
  void TearDown() override {
    fs::current_path(old_cwd_);
    fs::remove_all(dir_);
  }

  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }

  LoadedConfig Load(const LoadRequest& request) {
    Result<LoadedConfig> loaded = LoadConfig(request);
    EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
    return loaded.ok() ? *loaded : LoadedConfig{};
  }

  std::string LoadError(const LoadRequest& request) {
    Result<LoadedConfig> loaded = LoadConfig(request);
    EXPECT_FALSE(loaded.ok());
    if (loaded.ok()) return "";
    EXPECT_EQ(loaded.error().code(), StatusCode::kInvalidArgument);
    return loaded.error().message();
  }

  std::string Dir() const { return dir_.string(); }

 private:
  fs::path old_cwd_;
  fs::path dir_;
};

LoadRequest FileRequest(std::string path) {
  LoadRequest request;
  request.config_path = std::move(path);
  return request;
}

LoadRequest EnvRequest(std::string env) {
  LoadRequest request;
  request.env = std::move(env);
  return request;
}

LoadRequest VariableRequest(std::string name, std::string value) {
  LoadRequest request;
  request.environment = {{std::move(name), std::move(value)}};
  return request;
}

LoadRequest FlagRequest(std::string key, std::string value) {
  LoadRequest request;
  request.flags = {{std::move(key), std::move(value)}};
  return request;
}

void ExpectSameValues(const Config& a, const Config& b) {
  for (const KeySpec& spec : Keys()) EXPECT_EQ(spec.get(a), spec.get(b)) << spec.key;
}

constexpr const char* kLayeredYaml = R"(
log: {level: debug}
engine:
  threads: 1
  memory_limit: 1GiB
  temp_dir: /file/tmp
sales:
  sql_dir: /file/sql
environments:
  prod:
    log: {level: warn}
    engine: {threads: 2, memory_limit: 2GiB}
  dev:
    engine: {threads: 9}
)";

TEST_F(LoadConfigTest, UsesBuiltInDefaultsWithoutAFile) {
  LoadedConfig loaded = Load({});
  const Config& config = loaded.config;
  std::string data_dir = Dir() + "/retailpipe-data";
  EXPECT_EQ(config.data_dir, data_dir);
  EXPECT_EQ(config.store.uri, "file://" + data_dir + "/store");
  EXPECT_EQ(config.warehouse.uri, "duckdb://" + data_dir + "/warehouse.duckdb");
  EXPECT_EQ(config.log.file, data_dir + "/logs/retailpipe.log");
  EXPECT_EQ(config.sales.work_dir, data_dir + "/work");
  EXPECT_EQ(config.engine.temp_dir, data_dir + "/tmp");
  EXPECT_EQ(config.engine.memory_limit_bytes, 4ull << 30);
  EXPECT_EQ(config.sales.mandatory_columns.size(), 8u);
  EXPECT_EQ(loaded.file, "");
  ASSERT_EQ(loaded.origins.size(), Keys().size());
  for (const auto& [key, origin] : loaded.origins) EXPECT_EQ(origin, Origin::kDefault) << key;
}

TEST_F(LoadConfigTest, AppliesAllFiveLayersInOrder) {
  LoadRequest request;
  request.config_path = Write("layers.yaml", kLayeredYaml);
  request.env = "prod";
  request.environment = {{"RP_ENGINE_THREADS", "3"}, {"RP_LOG_LEVEL", "error"}, {"HOME", "/h"}};
  request.flags = {{"engine.threads", "4"}, {"engine.threads", "5"}};
  LoadedConfig loaded = Load(request);
  const Config& config = loaded.config;

  EXPECT_EQ(config.engine.threads, 5);                      // flags, last one wins
  EXPECT_EQ(config.log.level, "error");                     // environment
  EXPECT_EQ(config.engine.memory_limit_bytes, 2ull << 30);  // overlay
  EXPECT_EQ(config.engine.temp_dir, "/file/tmp");           // file
  EXPECT_EQ(config.sales.sql_dir, "/file/sql");             // file
  EXPECT_EQ(config.sales.total_tolerance, 0.01);            // default
  EXPECT_EQ(config.env, "prod");
  EXPECT_EQ(loaded.file, request.config_path);

  EXPECT_EQ(loaded.origins.at("engine.threads"), Origin::kFlag);
  EXPECT_EQ(loaded.origins.at("log.level"), Origin::kEnvironment);
  EXPECT_EQ(loaded.origins.at("engine.memory_limit"), Origin::kEnvOverlay);
  EXPECT_EQ(loaded.origins.at("engine.temp_dir"), Origin::kFile);
  EXPECT_EQ(loaded.origins.at("sales.total_tolerance"), Origin::kDefault);
  EXPECT_EQ(loaded.origins.at("store.uri"), Origin::kDefault);
}

TEST_F(LoadConfigTest, SelectsTheRequestedOverlay) {
  LoadRequest request;
  request.config_path = Write("layers.yaml", kLayeredYaml);
  EXPECT_EQ(Load(request).config.engine.threads, 1);
  request.env = "dev";
  EXPECT_EQ(Load(request).config.engine.threads, 9);
  EXPECT_EQ(Load(request).config.log.level, "debug");
  request.env = "prod";
  EXPECT_EQ(Load(request).config.engine.threads, 2);
}

TEST_F(LoadConfigTest, ListsAvailableEnvironmentsForAnUnknownOne) {
  LoadRequest request;
  request.config_path = Write("layers.yaml", kLayeredYaml);
  request.env = "qa";
  std::string error = LoadError(request);
  EXPECT_THAT(error, HasSubstr("unknown environment 'qa'"));
  EXPECT_THAT(error, HasSubstr("defines dev, prod"));

  request.config_path = Write("plain.yaml", "log: {level: info}\n");
  EXPECT_THAT(LoadError(request), HasSubstr("defines no environments"));
  EXPECT_THAT(LoadError(EnvRequest("qa")), HasSubstr("no config file was read"));
}

TEST_F(LoadConfigTest, SuggestsTheClosestKnownKey) {
  LoadRequest request;
  request.config_path = Write("typo.yaml", "store:\n  url: s3://b\n");
  EXPECT_EQ(LoadError(request),
            "unknown key 'store.url' in " + *request.config_path + "; did you mean 'store.uri'?");

  request.config_path = Write("overlay.yaml", "environments:\n  qa: {engine: {thread: 2}}\n");
  EXPECT_THAT(LoadError(request),
              HasSubstr("unknown key 'engine.thread' in " + *request.config_path +
                        " (environments.qa); did you mean 'engine.threads'?"));

  request = {};
  request.flags = {{"sales.sqldir", "/x"}};
  EXPECT_THAT(LoadError(request), HasSubstr("did you mean 'sales.sql_dir'?"));
  request.flags = {{"kafka.brokers", "x"}};
  EXPECT_THAT(LoadError(request), Not(HasSubstr("did you mean")));
}

TEST_F(LoadConfigTest, RejectsASizeWithoutAKnownUnit) {
  LoadRequest request;
  request.config_path = Write("size.yaml", "engine:\n  memory_limit: 4096\n");
  std::string error = LoadError(request);
  EXPECT_THAT(error, HasSubstr("engine.memory_limit"));
  EXPECT_THAT(error, HasSubstr("'4096' has no unit"));

  request.config_path.reset();
  request.environment = {{"RP_ENGINE_MEMORY_LIMIT", "4gb"}};
  error = LoadError(request);
  EXPECT_THAT(error, HasSubstr("RP_ENGINE_MEMORY_LIMIT (engine.memory_limit)"));
  EXPECT_THAT(error, HasSubstr("unknown unit 'gb'"));
}

TEST_F(LoadConfigTest, RejectsWrongTypesNamingKeyAndValue) {
  LoadRequest request;
  request.config_path = Write("types.yaml", "engine: {threads: many}\n");
  EXPECT_THAT(LoadError(request), HasSubstr("engine.threads: 'many' is not a whole number"));
  request.config_path = Write("types.yaml", "store: {uri: [a, b]}\n");
  EXPECT_THAT(LoadError(request), HasSubstr("store.uri: expected a single value"));
  request.config_path = Write("types.yaml", "store: s3://b\n");
  EXPECT_THAT(LoadError(request), HasSubstr("unknown key 'store'"));
}

TEST_F(LoadConfigTest, InterpolatesFileAndOverlayValues) {
  LoadRequest request;
  request.config_path = Write("interp.yaml", R"(
store: {uri: "s3://${BUCKET}/in"}
log: {file: "${LOG_DIR:-/var/log}/rp.log"}
sales:
  sql_dir: "/cost$$/${UNSET_OK:-}x"
  mandatory_columns: ["${FIRST_COL}", b]
environments:
  prod: {warehouse: {uri: "mysql://etl:${DB_PASSWORD}@db/sales"}}
)");
  request.env = "prod";
  request.environment = {{"BUCKET", "sales"},
                         {"FIRST_COL", "id"},
                         {"DB_PASSWORD", "pw"},
                         {"RP_SALES_WORK_DIR", "/w/${BUCKET}"}};
  const Config config = Load(request).config;
  EXPECT_EQ(config.store.uri, "s3://sales/in");
  EXPECT_EQ(config.log.file, "/var/log/rp.log");
  EXPECT_EQ(config.sales.sql_dir, "/cost$/x");
  EXPECT_EQ(config.sales.mandatory_columns, (std::vector<std::string>{"id", "b"}));
  EXPECT_EQ(config.warehouse.uri, "mysql://etl:pw@db/sales");
  EXPECT_EQ(config.sales.work_dir, "/w/${BUCKET}");  // environment values are taken as-is
}

TEST_F(LoadConfigTest, NamesKeyAndVariableWhenInterpolationFails) {
  LoadRequest request;
  request.config_path = Write("interp.yaml", "store: {uri: \"s3://${BUCKET}/in\"}\n");
  std::string error = LoadError(request);
  EXPECT_THAT(error, HasSubstr("store.uri"));
  EXPECT_THAT(error, HasSubstr("BUCKET is not set"));
}

TEST_F(LoadConfigTest, DerivesDefaultsFromTheFinalDataDir) {
  LoadRequest request;
  request.config_path = Write("dd.yaml", "data_dir: from-file/\n");
  request.environment = {{"RP_STORE_URI", "mem://explicit"}};
  LoadedConfig loaded = Load(request);
  EXPECT_EQ(loaded.config.data_dir, Dir() + "/from-file");
  EXPECT_EQ(loaded.config.sales.work_dir, Dir() + "/from-file/work");
  EXPECT_EQ(loaded.config.store.uri, "mem://explicit");

  request.flags = {{"data_dir", "/srv/rp/./data"}};
  loaded = Load(request);
  EXPECT_EQ(loaded.config.data_dir, "/srv/rp/data");
  EXPECT_EQ(loaded.config.warehouse.uri, "duckdb:///srv/rp/data/warehouse.duckdb");
  EXPECT_EQ(loaded.config.engine.temp_dir, "/srv/rp/data/tmp");
  EXPECT_EQ(loaded.config.log.file, "/srv/rp/data/logs/retailpipe.log");
  EXPECT_EQ(loaded.origins.at("data_dir"), Origin::kFlag);
  EXPECT_EQ(loaded.origins.at("warehouse.uri"), Origin::kDefault);
}

TEST_F(LoadConfigTest, ReadsTheDefaultFileOnlyWhenPresent) {
  EXPECT_EQ(Load({}).file, "");
  Write("retailpipe.yaml", "engine: {threads: 7}\n");
  LoadedConfig loaded = Load({});
  EXPECT_EQ(loaded.config.engine.threads, 7);
  EXPECT_EQ(loaded.file, "retailpipe.yaml");
}

TEST_F(LoadConfigTest, NamesAMissingExplicitFile) {
  EXPECT_THAT(LoadError(FileRequest("missing.yaml")), HasSubstr("missing.yaml does not exist"));
}

TEST_F(LoadConfigTest, ValidatesTheResult) {
  EXPECT_THAT(LoadError(FlagRequest("sales.inbox_prefix", "in")),
              HasSubstr("sales.inbox_prefix: 'in' must be a store prefix"));
  EXPECT_THAT(LoadError(VariableRequest("RP_ENGINE_THREADS", "-2")),
              HasSubstr("engine.threads: -2 must be >= 0"));
  EXPECT_THAT(LoadError(FlagRequest("sales.mandatory_columns", "a,b,a")),
              HasSubstr("lists 'a' twice"));
}

TEST_F(LoadConfigTest, ShowConfigRoundTrips) {
  LoadRequest request;
  request.config_path = Write("layers.yaml", kLayeredYaml);
  request.env = "prod";
  request.environment = {{"RP_STORE_URI", "s3://bucket/pre fix"}, {"RP_SALES_SQL_DIR", "/a$b"}};
  request.flags = {{"sales.mandatory_columns", "id, total_cost"},
                   {"sales.total_tolerance", "0.125"},
                   {"engine.memory_limit", "3000MB"},
                   {"log.file", ""}};
  LoadedConfig first = Load(request);
  std::string shown = ShowConfig(first);
  LoadedConfig second = Load(FileRequest(Write("shown.yaml", shown)));
  ExpectSameValues(first.config, second.config);
  for (const auto& [key, origin] : second.origins) EXPECT_EQ(origin, Origin::kFile) << key;
}

TEST_F(LoadConfigTest, ShowConfigNamesEachOrigin) {
  LoadRequest request;
  request.config_path = Write("layers.yaml", kLayeredYaml);
  request.env = "prod";
  request.environment = {{"RP_STORE_URI", "s3://bucket/p"}};
  request.flags = {{"engine.threads", "4"}};
  std::string shown = ShowConfig(Load(request));
  EXPECT_THAT(shown, HasSubstr("\nlog:\n  level: warn  # env overlay 'prod'\n"));
  EXPECT_THAT(shown, HasSubstr("\nstore:\n  uri: s3://bucket/p  # RP_STORE_URI\n"));
  EXPECT_THAT(shown, HasSubstr("  threads: 4  # flag\n"));
  EXPECT_THAT(shown, HasSubstr("  temp_dir: /file/tmp  # file\n"));
  EXPECT_THAT(shown, HasSubstr("  total_tolerance: 0.01  # default\n"));
  EXPECT_THAT(shown, HasSubstr("  memory_limit: 2GiB  # env overlay 'prod'\n"));
  EXPECT_THAT(shown, HasSubstr("  mandatory_columns: [customer_id, store_id,"));
}

TEST_F(LoadConfigTest, ShowConfigRedactsPasswords) {
  LoadRequest request;
  request.environment = {{"RP_WAREHOUSE_URI", "mysql://etl:hunter2@db:3306/sales"}};
  std::string shown = ShowConfig(Load(request));
  EXPECT_THAT(shown, HasSubstr("uri: mysql://etl:***@db:3306/sales  # RP_WAREHOUSE_URI"));
  EXPECT_THAT(shown, Not(HasSubstr("hunter2")));
}

TEST(ProcessEnvironment, ReadsTheProcessEnvironment) {
  ASSERT_EQ(::setenv("RP_CONFIG_TEST_VAR", "a=b", 1), 0);
  std::map<std::string, std::string> environment = ProcessEnvironment();
  ::unsetenv("RP_CONFIG_TEST_VAR");
  ASSERT_TRUE(environment.count("RP_CONFIG_TEST_VAR"));
  EXPECT_EQ(environment.at("RP_CONFIG_TEST_VAR"), "a=b");
}

}  // namespace
}  // namespace retailpipe::config
