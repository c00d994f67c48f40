// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/engine/appender.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "retailpipe/engine/connection.h"
#include "retailpipe/engine/database.h"

namespace retailpipe::engine {
namespace {

using model::Value;

class AppenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::Open(":memory:", config::EngineOptions{});
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    auto conn = Connection::Open(*db_);
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    conn_ = std::move(conn).value();
    ASSERT_TRUE(conn_
                    ->Execute("CREATE TABLE sales(d DATE, amount DECIMAL(10,2), n INTEGER, "
                              "s VARCHAR)")
                    .ok());
  }

  std::vector<std::vector<Value>> Rows(std::string_view sql) {
    auto rows = conn_->Query(sql);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() ? rows->rows : std::vector<std::vector<Value>>{};
  }

  std::unique_ptr<Appender> MustOpen(std::string_view table,
                                     std::span<const std::string> columns = {}) {
    auto appender = Appender::Open(*conn_, table, columns);
    EXPECT_TRUE(appender.ok()) << appender.status().ToString();
    return appender.ok() ? std::move(appender).value() : nullptr;
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(AppenderTest, CastsTextIntoDateDecimalAndInteger) {
  auto appender = MustOpen("sales");
  ASSERT_NE(appender, nullptr);
  EXPECT_EQ(appender->column_count(), 4u);
  const std::vector<Value> text_row = {std::string("2023-05-01"), std::string("12.5"),
                                       std::string("7"), std::string("hi")};
  const std::vector<Value> typed_row = {Value{}, 3.25, int64_t{8}, int64_t{9}};
  ASSERT_TRUE(appender->AppendRow(text_row).ok());
  ASSERT_TRUE(appender->AppendRow(typed_row).ok());
  ASSERT_TRUE(appender->Close().ok());
  EXPECT_EQ(Rows("SELECT d, amount, n, s FROM sales ORDER BY n"),
            (std::vector<std::vector<Value>>{
                {std::string("2023-05-01"), std::string("12.50"), int64_t{7}, std::string("hi")},
                {Value{}, std::string("3.25"), int64_t{8}, std::string("9")}}));
  EXPECT_EQ(appender->Flush().code(), StatusCode::kFailedPrecondition);
}

TEST_F(AppenderTest, BadTextIsDataErrorAndInvalidatesTheAppender) {
  auto appender = MustOpen("sales");
  ASSERT_NE(appender, nullptr);
  const std::vector<Value> bad = {std::string("not a date"), 1.0, int64_t{1}, std::string("x")};
  Status status = appender->AppendRow(bad);
  EXPECT_EQ(status.code(), StatusCode::kDataError) << status.ToString();
  EXPECT_NE(status.message().find("not a date"), std::string::npos) << status.ToString();
  const std::vector<Value> good = {std::string("2023-05-01"), 1.0, int64_t{1}, std::string("x")};
  EXPECT_EQ(appender->AppendRow(good).code(), StatusCode::kFailedPrecondition);
}

TEST_F(AppenderTest, RejectsWrongArityAndMissingTable) {
  auto appender = MustOpen("sales");
  ASSERT_NE(appender, nullptr);
  const std::vector<Value> short_row = {int64_t{1}};
  EXPECT_EQ(appender->AppendRow(short_row).code(), StatusCode::kInvalidArgument);
  auto missing = Appender::Open(*conn_, "no_such_table");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), StatusCode::kInvalidArgument) << missing.error().ToString();
  EXPECT_NE(missing.error().message().find("no_such_table"), std::string::npos);
}

TEST_F(AppenderTest, DestructorWritesBufferedRows) {
  {
    auto appender = MustOpen("main.sales");
    ASSERT_NE(appender, nullptr);
    const std::vector<Value> row = {std::string("2024-02-29"), int64_t{5}, int64_t{1}, Value{}};
    ASSERT_TRUE(appender->AppendRow(row).ok());
  }
  EXPECT_EQ(Rows("SELECT d, amount FROM sales"),
            (std::vector<std::vector<Value>>{{std::string("2024-02-29"), std::string("5.00")}}));
}

TEST_F(AppenderTest, ConstraintViolationSurfacesOnClose) {
  ASSERT_TRUE(conn_->Execute("CREATE TABLE keyed(id INTEGER PRIMARY KEY)").ok());
  auto appender = MustOpen("keyed");
  ASSERT_NE(appender, nullptr);
  const std::vector<Value> row = {int64_t{1}};
  ASSERT_TRUE(appender->AppendRow(row).ok());
  ASSERT_TRUE(appender->AppendRow(row).ok());
  Status status = appender->Close();
  EXPECT_EQ(status.code(), StatusCode::kDataError) << status.ToString();
}

TEST_F(AppenderTest, LoadRowSetMatchesColumnsByNameAndFillsDefaults) {
  ASSERT_TRUE(conn_
                  ->Execute("CREATE TABLE people(id INTEGER, name VARCHAR, "
                            "created DATE DEFAULT DATE '2020-01-01', note VARCHAR)")
                  .ok());
  model::RowSet rows;
  rows.columns = {"name", "id"};
  rows.rows = {{std::string("ann"), int64_t{1}}, {std::string("bob"), std::string("2")}};
  Status status = LoadRowSet(*conn_, "people", rows);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(Rows("SELECT id, name, created, note FROM people ORDER BY id"),
            (std::vector<std::vector<Value>>{
                {int64_t{1}, std::string("ann"), std::string("2020-01-01"), Value{}},
                {int64_t{2}, std::string("bob"), std::string("2020-01-01"), Value{}}}));
}

TEST_F(AppenderTest, LoadRowSetRejectsUnknownColumn) {
  model::RowSet rows;
  rows.columns = {"d", "nope"};
  rows.rows = {{std::string("2023-05-01"), int64_t{1}}};
  Status status = LoadRowSet(*conn_, "sales", rows);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << status.ToString();
  EXPECT_NE(status.message().find("nope"), std::string::npos) << status.ToString();
  EXPECT_EQ(Rows("SELECT count(*) FROM sales"), (std::vector<std::vector<Value>>{{int64_t{0}}}));
}

}  // namespace
}  // namespace retailpipe::engine
