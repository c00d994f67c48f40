// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/db/sql_script.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "retailpipe/config/options.h"
#include "retailpipe/db/duckdb_warehouse.h"

namespace retailpipe::db {
namespace {

using ::testing::ElementsAre;

TEST(SplitSqlScript, SplitsAtTopLevelSemicolonsOnly) {
  const std::string script =
      "-- header comment; not a statement\n"
      "CREATE TABLE t(a VARCHAR, \"odd;name\" INTEGER);\n"
      "INSERT INTO t VALUES ('it''s; fine', 1); /* block; comment */\n"
      "  INSERT INTO t VALUES ('x', 2) -- trailing; comment\n"
      ";\n"
      "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$;\n"
      ";;  -- only a comment;\n";
  EXPECT_THAT(SplitSqlScript(script),
              ElementsAre("-- header comment; not a statement\n"
                          "CREATE TABLE t(a VARCHAR, \"odd;name\" INTEGER)",
                          "INSERT INTO t VALUES ('it''s; fine', 1)",
                          "/* block; comment */\n  INSERT INTO t VALUES ('x', 2) -- trailing; "
                          "comment",
                          "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$"));
}

TEST(SplitSqlScript, KeepsLastStatementWithoutSemicolonAndDropsBlanks) {
  EXPECT_THAT(SplitSqlScript("SELECT 1;\n\n  SELECT 2  "), ElementsAre("SELECT 1", "SELECT 2"));
  EXPECT_TRUE(SplitSqlScript("  \n-- nothing\n/* here */ ; ").empty());
  EXPECT_THAT(SplitSqlScript("SELECT '$1;' , $1"), ElementsAre("SELECT '$1;' , $1"));
}

TEST(ExecuteScript, RunsEveryStatementOnTheWarehouse) {
  auto wh = DuckDbWarehouse::Open(":memory:", config::EngineOptions{});
  ASSERT_TRUE(wh.ok()) << wh.status().ToString();
  const std::string script =
      "CREATE TABLE t(a VARCHAR, n INTEGER); -- make it\n"
      "INSERT INTO t VALUES ('semi;colon', 1), ('it''s', 2);\n"
      "/* a comment; with a semicolon */ INSERT INTO t VALUES ('--not a comment', 3)";
  Status status = ExecuteScript(**wh, script);
  ASSERT_TRUE(status.ok()) << status.ToString();
  auto rows = (*wh)->Query("SELECT a FROM t ORDER BY n");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->rows, (std::vector<std::vector<model::Value>>{{std::string("semi;colon")},
                                                                {std::string("it's")},
                                                                {std::string("--not a comment")}}));
}

TEST(ExecuteScript, StopsAtTheFirstErrorAndNamesTheStatement) {
  auto wh = DuckDbWarehouse::Open(":memory:", config::EngineOptions{});
  ASSERT_TRUE(wh.ok());
  Status status = ExecuteScript(**wh,
                                "CREATE TABLE t(a INTEGER);\nINSERT INTO nope VALUES (1);\n"
                                "CREATE TABLE never(a INTEGER)");
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("statement 2"), std::string::npos) << status.ToString();
  EXPECT_NE(status.message().find("INSERT INTO nope"), std::string::npos) << status.ToString();
  auto never = (*wh)->Query("SELECT * FROM never");
  EXPECT_FALSE(never.ok());
}

}  // namespace
}  // namespace retailpipe::db
