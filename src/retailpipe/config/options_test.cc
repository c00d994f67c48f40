// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/config/options.h"

#include <cmath>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace retailpipe::config {
namespace {

using ::testing::HasSubstr;

Config ValidConfig() {
  Config config;
  config.data_dir = "/var/lib/retailpipe";
  config.store.uri = "file:///var/lib/retailpipe/store";
  config.warehouse.uri = "duckdb:///var/lib/retailpipe/warehouse.duckdb";
  config.stream.uri = "log:///var/lib/retailpipe/stream";
  return config;
}

TEST(ConfigValidate, AcceptsDefaultsWithUris) { EXPECT_TRUE(ValidConfig().Validate().ok()); }

TEST(ConfigValidate, ChecksStoreSchemes) {
  for (const char* uri : {"file:///x", "s3://bucket/p", "mem://t"}) {
    EXPECT_TRUE(StoreOptions{uri}.Validate().ok()) << uri;
  }
  Status status = StoreOptions{"ftp://u:pw@h/x"}.Validate();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("store.uri"));
  EXPECT_THAT(status.message(), HasSubstr("file://, s3://, mem://"));
  EXPECT_THAT(status.message(), HasSubstr("'ftp://u:***@h/x'"));
  EXPECT_FALSE(StoreOptions{""}.Validate().ok());
}

TEST(ConfigValidate, ChecksStreamSchemesAndOrdersPrefixes) {
  for (const char* uri : {"log:///x", "log://rel", "kafka://h:9092", "kinesis://?region=x"}) {
    EXPECT_TRUE(StreamOptions{uri}.Validate().ok()) << uri;
  }
  Status status = StreamOptions{"amqp://h"}.Validate();
  EXPECT_THAT(status.message(), HasSubstr("stream.uri"));
  EXPECT_THAT(status.message(), HasSubstr("log://, kafka://, kinesis://"));

  OrdersOptions orders;
  EXPECT_TRUE(orders.Validate().ok());
  orders.tables_prefix = "orders/bronze";
  EXPECT_THAT(orders.Validate().message(), HasSubstr("orders.tables_prefix"));
  orders = OrdersOptions{};
  orders.topic = "";
  EXPECT_THAT(orders.Validate().message(), HasSubstr("orders.topic"));
}

TEST(ConfigValidate, ChecksCountrySales) {
  CountrySalesOptions country;
  EXPECT_TRUE(country.Validate().ok());
  country.countries = {"US", "us"};
  EXPECT_THAT(country.Validate().message(), HasSubstr("'us' is not a country code"));
  country.countries = {"US", "US"};
  EXPECT_THAT(country.Validate().message(), HasSubstr("twice"));
  country = CountrySalesOptions{};
  country.delay = "15s-10s";
  EXPECT_THAT(country.Validate().message(), HasSubstr("country_sales.delay"));
  country.delay = "0s";
  EXPECT_TRUE(country.Validate().ok());
  country.topic = "sales";
  EXPECT_THAT(country.Validate().message(), HasSubstr("must contain {country}"));
  country = CountrySalesOptions{};
  country.max_records = 0;
  EXPECT_THAT(country.Validate().message(), HasSubstr("country_sales.max_records"));
  country = CountrySalesOptions{};
  country.inbound_prefix = "Inbound";
  EXPECT_THAT(country.Validate().message(), HasSubstr("country_sales.inbound_prefix"));
  Config config = ValidConfig();
  config.country_sales.max_age = std::chrono::milliseconds(0);
  EXPECT_THAT(config.Validate().message(), HasSubstr("country_sales.max_age"));
}

TEST(ConfigValidate, ChecksTheCountrySalesTarget) {
  CountrySalesOptions country;
  country.target = "dynamodb://stage.sales?endpoint=http://127.0.0.1:19010";
  EXPECT_TRUE(country.Validate().ok());
  country.target = "dynamo";
  EXPECT_THAT(country.Validate().message(), HasSubstr("country_sales.target: 'dynamo'"));
}

TEST(ConfigValidate, ChecksWarehouseSchemes) {
  for (const char* uri :
       {"duckdb:///x.duckdb", "mysql://u:p@h:3306/db", "postgres://h/db", "postgresql://h/db"}) {
    EXPECT_TRUE(WarehouseOptions{uri}.Validate().ok()) << uri;
  }
  EXPECT_THAT(WarehouseOptions{"sqlite:///x"}.Validate().message(),
              HasSubstr("duckdb://, mysql://, postgres://, postgresql://"));
}

TEST(ConfigValidate, ChecksEngineLimits) {
  EngineOptions engine;
  engine.memory_limit_bytes = (64ull << 20) - 1;
  EXPECT_THAT(engine.Validate().message(), HasSubstr("at least 64MiB"));
  engine.memory_limit_bytes = 64ull << 20;
  EXPECT_TRUE(engine.Validate().ok());
  engine.threads = -1;
  EXPECT_THAT(engine.Validate().message(), HasSubstr("engine.threads: -1 must be >= 0"));
}

TEST(ConfigValidate, ChecksPrefixes) {
  SalesOptions sales;
  EXPECT_TRUE(sales.Validate().ok());
  sales.processed_prefix = "processed";
  EXPECT_THAT(sales.Validate().message(), HasSubstr("sales.processed_prefix: 'processed'"));
  sales.processed_prefix = "/processed/";
  EXPECT_FALSE(sales.Validate().ok());
  sales.processed_prefix = "";
  EXPECT_FALSE(sales.Validate().ok());
}

TEST(ConfigValidate, ChecksMandatoryColumns) {
  SalesOptions sales;
  sales.mandatory_columns = {};
  EXPECT_THAT(sales.Validate().message(), HasSubstr("must not be empty"));
  sales.mandatory_columns = {"a", "b", "a"};
  EXPECT_THAT(sales.Validate().message(), HasSubstr("lists 'a' twice"));
  sales.mandatory_columns = {"a", ""};
  EXPECT_FALSE(sales.Validate().ok());
}

TEST(ConfigValidate, ChecksTolerance) {
  SalesOptions sales;
  sales.total_tolerance = 0;
  EXPECT_TRUE(sales.Validate().ok());
  sales.total_tolerance = -0.5;
  EXPECT_THAT(sales.Validate().message(), HasSubstr(">= 0"));
  sales.total_tolerance = std::nan("");
  EXPECT_FALSE(sales.Validate().ok());
}

TEST(ConfigValidate, ChecksLogLevelAndDataDir) {
  Config config = ValidConfig();
  config.log.level = "verbose";
  Status status = config.Validate();
  EXPECT_THAT(status.message(), HasSubstr("'verbose'"));
  EXPECT_THAT(status.message(), HasSubstr("trace, debug, info, warn, error, off"));
  config = ValidConfig();
  config.data_dir.clear();
  EXPECT_FALSE(config.Validate().ok());
}

}  // namespace
}  // namespace retailpipe::config
