// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/etl/sales_sql_text.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include "retailpipe/config/options.h"
#include "retailpipe/engine/connection.h"
#include "retailpipe/engine/database.h"
#include "retailpipe/testing/temp_dir.h"

namespace retailpipe::etl {
namespace {

namespace fs = std::filesystem;
using model::Value;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kEvilName = "x'); DROP TABLE t; --";

using ::retailpipe::testing::TempDir;

// An in-memory engine to run the generated SQL on.
struct Engine {
  Engine() {
    auto opened = engine::Database::Open("", config::EngineOptions{});
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    db = std::move(opened).value();
    auto connected = engine::Connection::Open(*db);
    EXPECT_TRUE(connected.ok()) << connected.status().ToString();
    conn = std::move(connected).value();
  }
  std::unique_ptr<engine::Database> db;
  std::unique_ptr<engine::Connection> conn;
};

// The layout of a file whose header is `header` and whose other columns are extras.
SalesFileLayout LayoutOf(std::vector<std::string> header) {
  SalesFileLayout layout;
  layout.header = std::move(header);
  for (std::string_view core : kCoreSalesColumns) {
    for (size_t i = 0; i < layout.header.size(); ++i) {
      if (layout.header[i] == core) layout.mandatory.push_back(static_cast<int>(i));
    }
  }
  for (size_t i = 0; i < layout.header.size(); ++i) {
    bool is_core = false;
    for (std::string_view core : kCoreSalesColumns) is_core = is_core || layout.header[i] == core;
    if (!is_core) layout.extra.push_back(static_cast<int>(i));
  }
  return layout;
}

// A shuffled header with two extras, the first of them hostile.
SalesFileLayout ShuffledLayout() {
  return LayoutOf({"total_cost", kEvilName, "customer_id", "quantity", "store_id", "price", "note",
                   "sales_person_id", "sales_date", "product_name"});
}

TEST(SqlString, QuotesAndDoublesQuotes) {
  EXPECT_EQ(SqlString(""), "''");
  EXPECT_EQ(SqlString("abc"), "'abc'");
  EXPECT_EQ(SqlString("it's"), "'it''s'");
  EXPECT_EQ(SqlString("''"), "''''''");
  EXPECT_EQ(SqlString(kEvilName), "'x''); DROP TABLE t; --'");
}

TEST(SqlList, JoinsQuotedStrings) {
  EXPECT_EQ(SqlList({}), "[]");
  EXPECT_EQ(SqlList({"a"}), "['a']");
  EXPECT_EQ(SqlList({"a", "b'c"}), "['a', 'b''c']");
}

TEST(TrimStatement, DropsTrailingBlanksAndSemicolons) {
  EXPECT_EQ(TrimStatement("SELECT 1"), "SELECT 1");
  EXPECT_EQ(TrimStatement("SELECT 1;\n  ;\t\n"), "SELECT 1");
  EXPECT_EQ(TrimStatement("  SELECT ';' "), "  SELECT ';'");
  EXPECT_EQ(TrimStatement(" ;; "), "");
}

TEST(ReadCsvCall, NamesColumnsByPositionOnly) {
  SalesFileLayout layout = ShuffledLayout();
  std::string call = ReadCsvCall({"/in/a.csv", "/in/b'.csv"}, layout, "rej_e", "rej_s");
  EXPECT_THAT(call, HasSubstr("['/in/a.csv', '/in/b''.csv']"));
  EXPECT_THAT(call, HasSubstr("'c0': 'VARCHAR'"));
  EXPECT_THAT(call, HasSubstr("'c9': 'VARCHAR'"));
  EXPECT_THAT(call, Not(HasSubstr("'c10'")));
  EXPECT_THAT(call, HasSubstr("rejects_table = 'rej_e'"));
  EXPECT_THAT(call, HasSubstr("rejects_scan = 'rej_s'"));
  for (const auto& name : layout.header) EXPECT_THAT(call, Not(HasSubstr(name)));
  EXPECT_THAT(call, Not(HasSubstr("DROP")));
}

TEST(RawSalesSelect, MapsCoreColumnsByNameAndJoinsExtrasInHeaderOrder) {
  std::string sql = RawSalesSelect(ShuffledLayout(), "42", "src");
  EXPECT_THAT(sql, HasSubstr("SELECT 42 AS file_id, r.c2 AS customer_id, r.c4 AS store_id, "
                             "r.c9 AS product_name, r.c8 AS sales_date, r.c7 AS sales_person_id, "
                             "r.c5 AS price, r.c3 AS quantity, r.c0 AS total_cost"));
  EXPECT_THAT(sql, HasSubstr("concat_ws(', ', r.c1, r.c6) AS additional_column"));
  EXPECT_THAT(sql, HasSubstr("FROM src r"));
  EXPECT_THAT(sql, Not(HasSubstr("DROP")));
}

TEST(RawSalesSelect, UsesNullAdditionalColumnWithoutExtras) {
  std::vector<std::string> header(std::begin(kCoreSalesColumns), std::end(kCoreSalesColumns));
  std::string sql = RawSalesSelect(LayoutOf(header), "1", "src");
  EXPECT_THAT(sql, HasSubstr("CAST(NULL AS VARCHAR) AS additional_column"));
  EXPECT_THAT(sql, Not(HasSubstr("concat_ws")));
}

TEST(RawSalesSelect, ReadsFileWithHostileHeaderInEngine) {
  TempDir dir;
  SalesFileLayout layout = ShuffledLayout();
  std::string header;
  for (const auto& name : layout.header) header += (header.empty() ? "" : ",") + name;
  std::string path = dir.Write("a.csv", header + "\n9.00,e1,7,3,121,3.00,n1,10,2023-05-01,pen\n");
  Engine engine;
  ASSERT_TRUE(engine.conn->Execute("CREATE TABLE t (a INTEGER)").ok());
  std::string sql = RawSalesSelect(layout, "5", ReadCsvCall({path}, layout, "re", "rs"));
  auto rows = engine.conn->Query(sql);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString() << "\n" << sql;
  EXPECT_THAT(rows->columns, ElementsAre("file_id", "customer_id", "store_id", "product_name",
                                         "sales_date", "sales_person_id", "price", "quantity",
                                         "total_cost", "additional_column"));
  ASSERT_EQ(rows->num_rows(), 1u);
  EXPECT_THAT(rows->rows[0], ElementsAre(Value{int64_t{5}}, Value{"7"}, Value{"121"}, Value{"pen"},
                                         Value{"2023-05-01"}, Value{"10"}, Value{"3.00"},
                                         Value{"3"}, Value{"9.00"}, Value{"e1, n1"}));
  EXPECT_TRUE(engine.conn->Query("SELECT count(*) FROM t").ok()) << "table t was dropped";
}

TEST(EmptyRawSource, HasTheRawColumnsAndNoRows) {
  Engine engine;
  auto rows = engine.conn->Query("SELECT * FROM " + EmptyRawSource());
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->num_rows(), 0u);
  EXPECT_THAT(rows->columns, ElementsAre("file_id", "customer_id", "store_id", "product_name",
                                         "sales_date", "sales_person_id", "price", "quantity",
                                         "total_cost", "additional_column"));
}

}  // namespace
}  // namespace retailpipe::etl
