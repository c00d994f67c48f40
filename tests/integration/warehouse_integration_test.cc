// SPDX-License-Identifier: Apache-2.0
// The PostgreSQL and MySQL/MariaDB warehouses against real servers (scripts/services.sh).
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "retailpipe/db/sql_script.h"
#include "retailpipe/db/warehouse.h"
#include "retailpipe/db/warehouse_uri.h"

namespace retailpipe::db {
namespace {

using model::Value;

constexpr const char* kInjection = "x'); DROP TABLE customer; --";

std::string Text(std::string_view s) { return std::string(s); }

/// Each test runs once per server; the parameter names the environment variable with its URI.
class ServerWarehouse : public testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    const char* uri = std::getenv(GetParam());
    if (uri == nullptr || *uri == '\0') {
      GTEST_SKIP() << GetParam() << " is not set; run: scripts/services.sh start && eval "
                   << "\"$(scripts/services.sh env)\"";
    }
    uri_ = uri;
    auto wh = OpenWarehouse(uri_);
    ASSERT_TRUE(wh.ok()) << wh.status().ToString();
    wh_ = std::move(*wh);
  }

  /// Return the URI with its port or password replaced.
  std::string UriWith(int port, const std::string& password) const {
    const WarehouseUri parsed = WarehouseUri::Parse(uri_).value();
    return parsed.scheme + "://" + parsed.user + ":" + password + "@" + parsed.host + ":" +
           std::to_string(port) + "/" + parsed.database;
  }

  void Recreate(std::string_view table, std::string_view columns) {
    ASSERT_TRUE(wh_->Execute("DROP TABLE IF EXISTS " + Text(table)).ok());
    const Status created = wh_->Execute("CREATE TABLE " + Text(table) + " (" + Text(columns) + ")");
    ASSERT_TRUE(created.ok()) << created.ToString();
  }

  int64_t Count(std::string_view table) {
    auto rows = wh_->Query("SELECT count(*) FROM " + Text(table));
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() ? std::get<int64_t>(rows->rows.at(0).at(0)) : -1;
  }

  std::string uri_;
  std::unique_ptr<Warehouse> wh_;
};

TEST_P(ServerWarehouse, AppliesTheSalesSchemaTwice) {
  std::ifstream file(RP_SALES_SCHEMA_SQL);
  ASSERT_TRUE(file.good()) << RP_SALES_SCHEMA_SQL;
  std::stringstream schema;
  schema << file.rdbuf();
  for (int i = 0; i < 2; ++i) {
    const Status applied = ExecuteScript(*wh_, schema.str());
    ASSERT_TRUE(applied.ok()) << applied.ToString();
  }
  for (const char* table : {"customer", "store", "product", "sales_team", "product_staging_table",
                            "sales_quarantine", "customers_data_mart", "sales_team_data_mart"}) {
    EXPECT_GE(Count(table), 0) << table;
  }
}

TEST_P(ServerWarehouse, RoundTripsEveryValueType) {
  Recreate("it_types",
           "i INTEGER, b BIGINT, d DOUBLE PRECISION, n DECIMAL(10,2), dt DATE, ts TIMESTAMP, "
           "s VARCHAR(100), t TEXT");
  const std::vector<Value> row = {int64_t{-7},
                                  int64_t{9'000'000'000'000'000'001},
                                  0.1,
                                  std::string("12.50"),
                                  std::string("2024-02-29"),
                                  std::string("2024-02-29 13:45:07"),
                                  std::string("héllo ✓ 😀"),
                                  Value{}};
  ASSERT_TRUE(wh_->Execute("INSERT INTO it_types VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row).ok());
  const std::vector<Value> key = {int64_t{-7}, std::string("héllo ✓ 😀")};
  auto got = wh_->Query("SELECT i, b, d, n, dt, ts, s, t FROM it_types WHERE i = ? AND s = ?", key);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->columns, (std::vector<std::string>{"i", "b", "d", "n", "dt", "ts", "s", "t"}));
  ASSERT_EQ(got->num_rows(), 1u);
  EXPECT_EQ(got->rows[0], row);
  auto sums = wh_->Query("SELECT count(*), sum(n), min(dt) FROM it_types");
  ASSERT_TRUE(sums.ok()) << sums.status().ToString();
  EXPECT_EQ(sums->rows.at(0),
            (std::vector<Value>{int64_t{1}, std::string("12.50"), std::string("2024-02-29")}));
}

model::RowSet AwkwardRows(size_t n) {
  const std::vector<std::string> texts = {
      "tab\there",   "new\nline", "cr\r\nlf", "back\\slash",   "\\N", "quote ' and \" and `",
      "ünïcödé ✓ 😀", "",          kInjection, "comma, semi; ?"};
  model::RowSet rows;
  rows.columns = {"id", "s", "n", "d"};
  for (size_t i = 0; i < n; ++i) {
    Value s = i % 7 == 3 ? Value{} : Value{texts[i % texts.size()] + std::to_string(i)};
    rows.rows.push_back({static_cast<int64_t>(i), std::move(s), std::string("1.25"),
                         i % 11 == 0 ? Value{} : Value{std::string("2023-12-31")}});
  }
  return rows;
}

TEST_P(ServerWarehouse, BulkInsertsTenThousandAwkwardRows) {
  Recreate("it_bulk", "id BIGINT PRIMARY KEY, s TEXT, n DECIMAL(18,2), d DATE");
  const model::RowSet rows = AwkwardRows(10'000);
  const Status inserted = wh_->BulkInsert("it_bulk", rows);
  ASSERT_TRUE(inserted.ok()) << inserted.ToString();
  auto got = wh_->Query("SELECT id, s, n, d FROM it_bulk ORDER BY id");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_EQ(got->num_rows(), rows.num_rows());
  for (size_t i = 0; i < rows.num_rows(); ++i) {
    ASSERT_EQ(got->rows[i][0], rows.rows[i][0]) << i;
    ASSERT_EQ(got->rows[i][1], rows.rows[i][1]) << i;
    ASSERT_EQ(got->rows[i][3], rows.rows[i][3]) << i;
  }
  auto sum = wh_->Query("SELECT sum(n) FROM it_bulk");
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->rows.at(0).at(0), Value{std::string("12500.00")});
}

TEST_P(ServerWarehouse, BulkInsertRefusesUnsafeNames) {
  model::RowSet rows;
  rows.columns = {"id"};
  rows.rows = {{int64_t{1}}};
  EXPECT_EQ(wh_->BulkInsert("customer; DROP TABLE customer", rows).code(),
            StatusCode::kInvalidArgument);
  rows.columns = {"id) VALUES (1); --"};
  EXPECT_EQ(wh_->BulkInsert("it_bulk", rows).code(), StatusCode::kInvalidArgument);
}

TEST_P(ServerWarehouse, RollbackDiscardsAndCommitKeeps) {
  Recreate("it_tx", "a INTEGER");
  const std::vector<Value> one = {int64_t{1}};
  {
    auto tx = Transaction::Begin(*wh_);
    ASSERT_TRUE(tx.ok()) << tx.status().ToString();
    EXPECT_EQ(Transaction::Begin(*wh_).status().code(), StatusCode::kFailedPrecondition);
    ASSERT_TRUE(wh_->Execute("INSERT INTO it_tx VALUES (?)", one).ok());
    model::RowSet rows;
    rows.columns = {"a"};
    rows.rows = {{int64_t{2}}, {int64_t{3}}};
    ASSERT_TRUE(wh_->BulkInsert("it_tx", rows).ok());
    EXPECT_EQ(Count("it_tx"), 3);
  }
  EXPECT_EQ(Count("it_tx"), 0);
  auto tx = Transaction::Begin(*wh_);
  ASSERT_TRUE(tx.ok()) << tx.status().ToString();
  ASSERT_TRUE(wh_->Execute("INSERT INTO it_tx VALUES (?)", one).ok());
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(Count("it_tx"), 1);
  EXPECT_EQ(wh_->Commit().code(), StatusCode::kFailedPrecondition);
}

TEST_P(ServerWarehouse, StoresInjectionShapedValuesVerbatim) {
  std::ifstream file(RP_SALES_SCHEMA_SQL);
  std::stringstream schema;
  schema << file.rdbuf();
  ASSERT_TRUE(ExecuteScript(*wh_, schema.str()).ok());
  Recreate("it_inject", "id INTEGER, s VARCHAR(100)");
  const std::vector<Value> bound = {int64_t{1}, std::string(kInjection)};
  ASSERT_TRUE(wh_->Execute("INSERT INTO it_inject (id, s) VALUES (?, ?)", bound).ok());
  model::RowSet rows;
  rows.columns = {"id", "s"};
  rows.rows = {{int64_t{2}, std::string(kInjection)}};
  ASSERT_TRUE(wh_->BulkInsert("it_inject", rows).ok());
  const std::vector<Value> key = {std::string(kInjection)};
  auto got = wh_->Query("SELECT id, s FROM it_inject WHERE s = ? ORDER BY id", key);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->rows, (std::vector<std::vector<Value>>{{int64_t{1}, std::string(kInjection)},
                                                        {int64_t{2}, std::string(kInjection)}}));
  EXPECT_GE(Count("customer"), 0);  // the table is still there
}

TEST_P(ServerWarehouse, ReportsSqlErrorsAndPlaceholderMismatch) {
  auto missing = wh_->Query("SELECT * FROM it_no_such_table");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), StatusCode::kInvalidArgument) << missing.error().ToString();
  const std::vector<Value> two = {int64_t{1}, int64_t{2}};
  EXPECT_EQ(wh_->Query("SELECT ?", two).status().code(), StatusCode::kInvalidArgument);
}

TEST_P(ServerWarehouse, ClosedPortIsUnavailableAndNamesTheEndpoint) {
  const WarehouseUri parsed = WarehouseUri::Parse(uri_).value();
  auto wh = OpenWarehouse(UriWith(1, parsed.password));
  ASSERT_FALSE(wh.ok());
  EXPECT_EQ(wh.error().code(), StatusCode::kUnavailable) << wh.error().ToString();
  EXPECT_NE(wh.error().message().find(parsed.host + ":1"), std::string::npos)
      << wh.error().message();
  EXPECT_NE(wh.error().message().find("scripts/services.sh start"), std::string::npos);
  EXPECT_EQ(wh.error().message().find(parsed.password), std::string::npos);
}

TEST_P(ServerWarehouse, WrongPasswordFailsWithoutShowingIt) {
  const WarehouseUri parsed = WarehouseUri::Parse(uri_).value();
  const std::string wrong = "Wr0ng-pa55word-" + std::to_string(std::rand());
  auto wh = OpenWarehouse(UriWith(parsed.port, wrong));
  ASSERT_FALSE(wh.ok());
  EXPECT_EQ(wh.error().code(), StatusCode::kInvalidArgument) << wh.error().ToString();
  EXPECT_NE(wh.error().message().find("authentication failed for user " + parsed.user),
            std::string::npos)
      << wh.error().message();
  EXPECT_EQ(wh.error().message().find(wrong), std::string::npos) << wh.error().message();
  EXPECT_EQ(wh.error().message().find(parsed.password), std::string::npos);
}

TEST_P(ServerWarehouse, LostConnectionIsUnavailable) {
  const bool postgres = wh_->dialect() == Dialect::kPostgres;
  // Ending its own session fails (the session is gone) on either server; ignore how.
  (void)wh_->Execute(postgres ? "SELECT pg_terminate_backend(pg_backend_pid())"
                              : "KILL CONNECTION CONNECTION_ID()");
  auto after = wh_->Query("SELECT 1");
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().code(), StatusCode::kUnavailable) << after.error().ToString();
}

std::string ServerName(const testing::TestParamInfo<const char*>& param) {
  return std::string(param.param).find("POSTGRES") != std::string::npos ? "Postgres" : "MySql";
}

INSTANTIATE_TEST_SUITE_P(Servers, ServerWarehouse,
                         testing::Values("RP_TEST_POSTGRES_URI", "RP_TEST_MYSQL_URI"), ServerName);

}  // namespace
}  // namespace retailpipe::db
