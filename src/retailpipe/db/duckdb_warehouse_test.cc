// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/db/duckdb_warehouse.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "retailpipe/config/options.h"

namespace retailpipe::db {
namespace {

using model::Value;

class DuckDbWarehouseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto wh = DuckDbWarehouse::Open(":memory:", config::EngineOptions{});
    ASSERT_TRUE(wh.ok()) << wh.status().ToString();
    wh_ = std::move(wh).value();
    ASSERT_TRUE(wh_->Execute("CREATE TABLE sales(id INTEGER PRIMARY KEY, sales_date DATE, "
                             "price DECIMAL(10,2), note VARCHAR)")
                    .ok());
  }

  std::unique_ptr<DuckDbWarehouse> wh_;
};

TEST_F(DuckDbWarehouseTest, BulkInsertConvertsTextAndFillsMissingColumns) {
  model::RowSet rows;
  rows.columns = {"price", "sales_date", "id"};
  rows.rows = {{std::string("12.5"), std::string("2023-05-01"), int64_t{1}},
               {3.25, std::string("2023-05-02"), std::string("2")}};
  Status status = wh_->BulkInsert("sales", rows);
  ASSERT_TRUE(status.ok()) << status.ToString();
  auto result = wh_->Query("SELECT id, sales_date, price, note FROM sales ORDER BY id");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->rows,
            (std::vector<std::vector<Value>>{
                {int64_t{1}, std::string("2023-05-01"), std::string("12.50"), Value{}},
                {int64_t{2}, std::string("2023-05-02"), std::string("3.25"), Value{}}}));
}

TEST_F(DuckDbWarehouseTest, BulkInsertReportsConstraintViolations) {
  model::RowSet rows;
  rows.columns = {"id"};
  rows.rows = {{int64_t{1}}, {int64_t{1}}};
  EXPECT_EQ(wh_->BulkInsert("sales", rows).code(), StatusCode::kDataError);
}

TEST_F(DuckDbWarehouseTest, ExecuteAndQueryBindParameters) {
  const std::vector<Value> insert = {int64_t{5}, std::string("2024-01-31"), 9.99, std::string("n")};
  ASSERT_TRUE(wh_->Execute("INSERT INTO sales VALUES (?, ?, ?, ?)", insert).ok());
  const std::vector<Value> filter = {std::string("2024-01-01")};
  auto rows = wh_->Query("SELECT id, price FROM sales WHERE sales_date > ?::DATE", filter);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->rows, (std::vector<std::vector<Value>>{{int64_t{5}, std::string("9.99")}}));
}

TEST_F(DuckDbWarehouseTest, RollbackDiscardsAndCommitKeeps) {
  ASSERT_TRUE(wh_->Begin().ok());
  ASSERT_TRUE(wh_->Execute("INSERT INTO sales(id) VALUES (1)").ok());
  ASSERT_TRUE(wh_->Rollback().ok());
  ASSERT_TRUE(wh_->Begin().ok());
  ASSERT_TRUE(wh_->Execute("INSERT INTO sales(id) VALUES (2)").ok());
  ASSERT_TRUE(wh_->Commit().ok());
  auto rows = wh_->Query("SELECT id FROM sales");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->rows, (std::vector<std::vector<Value>>{{int64_t{2}}}));
  EXPECT_FALSE(wh_->Commit().ok());
}

}  // namespace
}  // namespace retailpipe::db
