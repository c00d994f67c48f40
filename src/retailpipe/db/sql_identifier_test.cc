// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/db/sql_identifier.h"

#include <gtest/gtest.h>

namespace retailpipe::db {
namespace {

using model::Value;

TEST(SqlIdentifier, AcceptsOnlyPlainIdentifiers) {
  for (const char* good : {"a", "_", "customer", "Sales_2024", "_x9"}) {
    EXPECT_TRUE(IsPlainIdentifier(good)) << good;
  }
  for (const char* bad : {"", "9lives", "a b", "a-b", "t;", "x\"y", "x`y", "naïve", "a.b",
                          "customer); DROP TABLE customer; --"}) {
    EXPECT_FALSE(IsPlainIdentifier(bad)) << bad;
  }
}

TEST(SqlIdentifier, QuotesPerDialect) {
  EXPECT_EQ(QuoteIdentifier("Sales_Team", Dialect::kMySql).value(), "`Sales_Team`");
  EXPECT_EQ(QuoteIdentifier("Sales_Team", Dialect::kPostgres).value(), "\"sales_team\"");
  EXPECT_EQ(QuoteIdentifier("Sales_Team", Dialect::kDuckDb).value(), "\"Sales_Team\"");
  auto bad = QuoteIdentifier("x`; DROP TABLE t", Dialect::kMySql);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), StatusCode::kInvalidArgument);
  const std::vector<std::string> names = {"a", "b_c"};
  EXPECT_EQ(QuoteIdentifierList(names, Dialect::kMySql).value(), "`a`, `b_c`");
  EXPECT_FALSE(QuoteIdentifierList({}, Dialect::kMySql).ok());
}

TEST(SqlIdentifier, BulkInsertTargetChecksNamesAndRowWidths) {
  model::RowSet rows;
  rows.columns = {"id", "name"};
  rows.rows = {{int64_t{1}, std::string("a")}, {int64_t{2}, Value{}}};
  EXPECT_EQ(BulkInsertTarget("t", rows, Dialect::kPostgres).value(), "\"t\" (\"id\", \"name\")");
  EXPECT_FALSE(BulkInsertTarget("t;--", rows, Dialect::kPostgres).ok());
  rows.rows.push_back({int64_t{3}});
  auto narrow = BulkInsertTarget("t", rows, Dialect::kMySql);
  ASSERT_FALSE(narrow.ok());
  EXPECT_NE(narrow.error().message().find("row 2"), std::string::npos) << narrow.error().message();
  rows.columns = {"id", "bad name"};
  EXPECT_FALSE(BulkInsertTarget("t", rows, Dialect::kMySql).ok());
}

}  // namespace
}  // namespace retailpipe::db
