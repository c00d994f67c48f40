// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/load/sales_target_uri.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace retailpipe::load {
namespace {

using ::testing::HasSubstr;

TEST(ParseSalesTargetUri, ReadsBothKinds) {
  auto warehouse = ParseSalesTargetUri("warehouse");
  ASSERT_TRUE(warehouse.ok());
  EXPECT_EQ(warehouse->kind, SalesTargetUri::Kind::kWarehouse);
  auto dynamo = ParseSalesTargetUri(
      "dynamodb://stage.sales?endpoint=http%3A%2F%2F127.0.0.1%3A19010&region=eu-west-1");
  ASSERT_TRUE(dynamo.ok()) << dynamo.status().ToString();
  EXPECT_EQ(dynamo->kind, SalesTargetUri::Kind::kDynamoDb);
  EXPECT_EQ(dynamo->table, "stage.sales");
  EXPECT_EQ(dynamo->endpoint, "http://127.0.0.1:19010");
  EXPECT_EQ(dynamo->region, "eu-west-1");
  auto plain = ParseSalesTargetUri("dynamodb://t?endpoint=http://localhost:8000");
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_EQ(plain->endpoint, "http://localhost:8000");
  EXPECT_TRUE(plain->region.empty());
}

TEST(ParseSalesTargetUri, NamesTheProblem) {
  EXPECT_THAT(ParseSalesTargetUri("mysql://x").status().message(), HasSubstr("unknown target"));
  EXPECT_THAT(ParseSalesTargetUri("dynamodb://").status().message(), HasSubstr("no table"));
  EXPECT_THAT(ParseSalesTargetUri("dynamodb://t?colour=red").status().message(),
              HasSubstr("unknown parameter 'colour'"));
  EXPECT_THAT(ParseSalesTargetUri("dynamodb://t?endpoint=localhost").status().message(),
              HasSubstr("must start with http://"));
  EXPECT_THAT(ParseSalesTargetUri("dynamodb://t?region").status().message(),
              HasSubstr("not NAME=VALUE"));
}

}  // namespace
}  // namespace retailpipe::load
