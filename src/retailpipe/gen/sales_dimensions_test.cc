// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/gen/sales_dimensions.h"

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "retailpipe/gen/civil_date.h"

namespace retailpipe::gen {
namespace {

using model::RowSet;
using model::Value;
using ::testing::ElementsAre;

// Return table name -> column names, read from the CREATE TABLE statements of schema.sql.
std::map<std::string, std::vector<std::string>> SchemaColumns() {
  std::ifstream in(RP_GEN_SCHEMA_SQL);
  std::map<std::string, std::vector<std::string>> tables;
  std::string line;
  std::string table;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string first;
    words >> first;
    if (line.starts_with("CREATE TABLE IF NOT EXISTS ")) {
      std::string ignored;
      words >> ignored >> ignored >> ignored >> ignored >> table;
      tables[table];
    } else if (line.starts_with(")")) {
      table.clear();
    } else if (!table.empty() && !first.empty() && first != "PRIMARY" && first != "--") {
      tables[table].push_back(first);
    }
  }
  return tables;
}

const std::string& Text(const Value& v) { return std::get<std::string>(v); }
int64_t Int(const Value& v) { return std::get<int64_t>(v); }

TEST(SalesDimensions, ColumnsMatchSchemaSql) {
  const auto schema = SchemaColumns();
  ASSERT_EQ(schema.count("customer"), 1u) << "cannot read " << RP_GEN_SCHEMA_SQL;
  EXPECT_EQ(CustomerRows({}).columns, schema.at("customer"));
  EXPECT_EQ(StoreRows().columns, schema.at("store"));
  EXPECT_EQ(ProductRows(Catalogue::kUpstream).columns, schema.at("product"));
  EXPECT_EQ(SalesTeamRows().columns, schema.at("sales_team"));
}

TEST(SalesDimensions, CustomersFollowTheSeedRules) {
  const RowSet rows = CustomerRows({.seed = 11, .customers = 25});
  ASSERT_EQ(rows.num_rows(), 25u);
  const int64_t first_day = CivilDate{2020, 1, 1}.ToDays();
  const int64_t last_day = CivilDate{2023, 8, 20}.ToDays();
  for (size_t i = 0; i < rows.num_rows(); ++i) {
    const auto& row = rows.rows[i];
    EXPECT_EQ(Int(row[0]), static_cast<int64_t>(i + 1));
    EXPECT_FALSE(Text(row[1]).empty());
    EXPECT_FALSE(Text(row[2]).empty());
    EXPECT_EQ(Text(row[3]), "Delhi");
    EXPECT_EQ(Text(row[4]), "122009");
    EXPECT_THAT(Text(row[5]), ::testing::MatchesRegex("91[0-9]{8}"));
    auto joined = CivilDate::Parse(Text(row[6]));
    ASSERT_TRUE(joined.ok()) << Text(row[6]);
    EXPECT_GE(joined->ToDays(), first_day);
    EXPECT_LE(joined->ToDays(), last_day);
  }
}

TEST(SalesDimensions, CustomersDependOnlyOnTheSeed) {
  EXPECT_EQ(CustomerRows({.seed = 3}).rows, CustomerRows({.seed = 3}).rows);
  EXPECT_NE(CustomerRows({.seed = 3}).rows, CustomerRows({.seed = 4}).rows);
  EXPECT_EQ(CustomerRows({.seed = 3, .customers = 0}).num_rows(), 0u);
  // A larger table starts with the smaller one: each row's draws follow the previous row's.
  const RowSet small = CustomerRows({.seed = 3, .customers = 5});
  const RowSet large = CustomerRows({.seed = 3, .customers = 50});
  EXPECT_TRUE(std::equal(small.rows.begin(), small.rows.end(), large.rows.begin()));
}

TEST(SalesDimensions, StoresAreTheSeedsFour) {
  const RowSet rows = StoreRows();
  ASSERT_EQ(rows.num_rows(), 4u);
  std::vector<std::string> managers;
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(Int(rows.rows[i][0]), static_cast<int64_t>(121 + i));
    managers.push_back(Text(rows.rows[i][3]));
    EXPECT_TRUE(CivilDate::Parse(Text(rows.rows[i][4])).ok());
  }
  EXPECT_THAT(managers, ElementsAre("Manish", "Nikita", "vikash", "Rakesh"));
}

TEST(SalesDimensions, UpstreamAndExtendedCatalogues) {
  const RowSet upstream = ProductRows(Catalogue::kUpstream);
  const RowSet extended = ProductRows(Catalogue::kExtended);
  ASSERT_EQ(upstream.num_rows(), 8u);
  ASSERT_EQ(extended.num_rows(), 15u);
  EXPECT_EQ(Text(upstream.rows[0][1]), "quaker oats");
  EXPECT_EQ(Text(upstream.rows[0][2]), "212.00");
  EXPECT_EQ(Text(upstream.rows[5][1]), "clinic plus");
  EXPECT_EQ(Text(upstream.rows[5][2]), "1.50");
  EXPECT_EQ(Text(extended.rows[14][1]), "amul cheese");
  EXPECT_EQ(Int(extended.rows[14][0]), 15);
  for (const auto& row : extended.rows) {
    EXPECT_EQ(Text(row[2]), Text(row[3]));  // old_price = current_price
    EXPECT_THAT(Text(row[4]), ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}"));
    EXPECT_EQ(Text(row[6]), "2026-12-31");
  }
  for (size_t i = 0; i < 8; ++i) EXPECT_EQ(upstream.rows[i], extended.rows[i]);
}

TEST(SalesDimensions, SalesTeamHasOneManager) {
  const RowSet rows = SalesTeamRows();
  ASSERT_EQ(rows.num_rows(), 10u);
  for (size_t i = 0; i < 9; ++i) {
    EXPECT_EQ(Int(rows.rows[i][0]), static_cast<int64_t>(i + 1));
    EXPECT_EQ(Int(rows.rows[i][3]), 10);
    EXPECT_EQ(Text(rows.rows[i][4]), "N");
  }
  const auto& manager = rows.rows[9];
  EXPECT_EQ(Int(manager[0]), 10);
  EXPECT_EQ(Text(manager[1]), "Rajesh");
  EXPECT_EQ(Text(manager[2]), "Gupta");
  EXPECT_TRUE(model::IsNull(manager[3]));
  EXPECT_EQ(Text(manager[4]), "Y");
}

TEST(SalesDimensions, SalesPersonsPerStore) {
  EXPECT_THAT(SalesPersonsOfStore(121), ElementsAre(1, 2, 3));
  EXPECT_THAT(SalesPersonsOfStore(122), ElementsAre(4, 5, 6));
  EXPECT_THAT(SalesPersonsOfStore(123), ElementsAre(7, 8, 9));
  EXPECT_TRUE(SalesPersonsOfStore(124).empty());
}

TEST(SalesDimensions, ParsesCatalogueNames) {
  EXPECT_EQ(*ParseCatalogue("extended"), Catalogue::kExtended);
  EXPECT_EQ(CatalogueName(*ParseCatalogue("upstream")), "upstream");
  EXPECT_EQ(ParseCatalogue("big").status().code(), StatusCode::kInvalidArgument);
}

TEST(SalesDimensions, FormatCentsPrintsTwoDecimals) {
  auto format = [](int64_t cents) {
    char buf[24];
    return std::string(buf, FormatCents(cents, buf));
  };
  EXPECT_EQ(format(150), "1.50");
  EXPECT_EQ(format(1500), "15.00");
  EXPECT_EQ(format(7), "0.07");
  EXPECT_EQ(format(0), "0.00");
  EXPECT_EQ(format(-505), "-5.05");
  EXPECT_EQ(format(INT64_MIN), "-92233720368547758.08");
}

}  // namespace
}  // namespace retailpipe::gen
