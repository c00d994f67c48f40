// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/load/country_sales_csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace retailpipe::load {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kHeader =
    "sale_id,product_code,country_of_sale,datetime,selling_price,currency\n";

std::vector<std::string> Codes(const ParsedSalesFile& parsed) {
  std::vector<std::string> codes;
  for (const QuarantinedRow& row : parsed.rejects) codes.push_back(row.reason_code);
  return codes;
}

TEST(ParseCountrySalesCsv, ReadsAFileWithAHeader) {
  ParsedSalesFile parsed =
      ParseCountrySalesCsv(std::string("\xEF\xBB\xBF") + kHeader +
                               "US-1,p1,US,2025-07-10 02:57:08.123456,10.57,USD\r\n"
                               "\r\n"
                               "\"US-2\",\"p,2\",US,2024-02-29 23:59:59,20,USD\n",
                           "US");
  EXPECT_FALSE(parsed.file_rejected());
  EXPECT_TRUE(parsed.has_header);
  ASSERT_EQ(parsed.rows.size(), 2u);
  EXPECT_TRUE(parsed.rejects.empty());
  const CountrySale& first = parsed.rows[0];
  EXPECT_EQ(first.sale_id, "US-1");
  EXPECT_EQ(first.product_code, "p1");
  EXPECT_EQ(first.datetime, "2025-07-10 02:57:08.123456");
  EXPECT_EQ(first.selling_price, "10.57");
  EXPECT_EQ(first.currency, "USD");
  EXPECT_EQ(first.line_number, 2);
  EXPECT_EQ(parsed.rows[1].product_code, "p,2");
  EXPECT_EQ(parsed.rows[1].line_number, 4) << "line numbers are physical: the blank line counts";
}

TEST(ParseCountrySalesCsv, ReadsColumnsInAnyOrderAndTheSeedsHeaderlessFiles) {
  ParsedSalesFile permuted = ParseCountrySalesCsv(
      "currency,selling_price,datetime,country_of_sale,product_code,sale_id\n"
      "GBP,30.25,2025-01-01 00:00:00,UK,p3,7\n",
      "UK");
  ASSERT_EQ(permuted.rows.size(), 1u);
  EXPECT_EQ(permuted.rows[0].sale_id, "7");
  EXPECT_EQ(permuted.rows[0].currency, "GBP");
  ParsedSalesFile seed = ParseCountrySalesCsv(
      "-8446744073709551616,p4,DE,2023-10-01 12:00:00.000001,40.5,EUR\n", "DE");
  EXPECT_FALSE(seed.has_header);
  ASSERT_EQ(seed.rows.size(), 1u);
  EXPECT_EQ(seed.rows[0].sale_id, "-8446744073709551616");
  EXPECT_EQ(seed.rows[0].line_number, 1);
}

TEST(ParseCountrySalesCsv, RefusesWholeFilesWithABadHeaderOrNoRecord) {
  EXPECT_EQ(ParseCountrySalesCsv("", "US").file_reason_code, "EMPTY_FILE");
  EXPECT_EQ(ParseCountrySalesCsv("\n\r\n", "US").file_reason_code, "EMPTY_FILE");
  ParsedSalesFile missing = ParseCountrySalesCsv("sale_id,product_code\n1,p1\n", "US");
  EXPECT_EQ(missing.file_reason_code, "BAD_HEADER");
  EXPECT_THAT(missing.file_reason, HasSubstr("no column 'country_of_sale'"));
  EXPECT_TRUE(missing.rows.empty());
  ParsedSalesFile extra = ParseCountrySalesCsv(
      "sale_id,product_code,country_of_sale,datetime,selling_price,currency,note\n", "US");
  EXPECT_THAT(extra.file_reason, HasSubstr("has 7 columns"));
  ParsedSalesFile twice = ParseCountrySalesCsv(
      "sale_id,sale_id,product_code,country_of_sale,datetime,selling_price,currency\n", "US");
  EXPECT_THAT(twice.file_reason, HasSubstr("names 'sale_id' twice"));
  ParsedSalesFile header_only = ParseCountrySalesCsv(kHeader, "US");
  EXPECT_FALSE(header_only.file_rejected());
  EXPECT_TRUE(header_only.rows.empty());
}

TEST(ParseCountrySalesCsv, QuarantinesEachKindOfBadRowWithItsLine) {
  ParsedSalesFile parsed = ParseCountrySalesCsv(
      std::string(kHeader) +
          "a,p1,US,2025-01-01 00:00:00,1.00,USD\n"          // 2 good
          "b,p1,US,2025-01-01 00:00:00,1.00\n"              // 3 FIELD_COUNT
          ",p1,US,2025-01-01 00:00:00,1.00,USD\n"           // 4 BAD_SALE_ID
          "c,,US,2025-01-01 00:00:00,1.00,USD\n"            // 5 BAD_PRODUCT
          "d,p1,UK,2025-01-01 00:00:00,1.00,USD\n"          // 6 WRONG_COUNTRY
          "e,p1,US,2023-02-29 00:00:00,1.00,USD\n"          // 7 BAD_DATETIME
          "f,p1,US,2025-01-01 00:00:00,1.005,USD\n"         // 8 BAD_PRICE
          "g,p1,US,2025-01-01 00:00:00,-1,USD\n"            // 9 BAD_PRICE
          "h,p1,US,2025-01-01 00:00:00,1e3,USD\n"           // 10 BAD_PRICE
          "i,p1,US,2025-01-01 00:00:00,1.00,usd\n"          // 11 BAD_CURRENCY
          "j,p\"1,US,2025-01-01 00:00:00,1.00,USD\n"        // 12 BAD_QUOTING
          "k,p1,US,2025-01-01 00:00:00,2.00,USD\n"          // 13 good
          "a,p1,US,2025-01-01 00:00:00,1.00,USD\n"          // 14 duplicate, same values
          "a,p2,US,2025-01-01 00:00:00,1.00,USD\n"          // 15 DUPLICATE_SALE_ID
          "l,p1,US,2025-01-01 00:00:00,1.00,US\xff\n"       // 16 INVALID_ENCODING
          "m,p1,US,2025-13-01 00:00:00,1.00,USD\n"          // 17 BAD_DATETIME
          "n,p1,US,2025-01-01 00:00:00.1234567,1.00,USD\n"  // 18 BAD_DATETIME
          "o,\"p1\"x,US,2025-01-01 00:00:00,1.00,USD\n"     // 19 BAD_QUOTING
          "p,\"p1,US,2025-01-01 00:00:00,1.00,USD\n",       // 20 BAD_QUOTING (never ends)
      "US");
  ASSERT_EQ(parsed.rows.size(), 2u);
  EXPECT_EQ(parsed.rows[1].sale_id, "k");
  EXPECT_EQ(parsed.duplicate_rows, 1);
  EXPECT_THAT(Codes(parsed),
              ElementsAre("FIELD_COUNT", "BAD_SALE_ID", "BAD_PRODUCT", "WRONG_COUNTRY",
                          "BAD_DATETIME", "BAD_PRICE", "BAD_PRICE", "BAD_PRICE", "BAD_CURRENCY",
                          "BAD_QUOTING", "DUPLICATE_SALE_ID", "INVALID_ENCODING", "BAD_DATETIME",
                          "BAD_DATETIME", "BAD_QUOTING", "BAD_QUOTING"));
  std::vector<int64_t> lines;
  for (const QuarantinedRow& row : parsed.rejects) lines.push_back(row.line_number);
  EXPECT_THAT(lines, ElementsAre(3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 16, 17, 18, 19, 20));
  EXPECT_EQ(parsed.rejects[0].raw_line, "b,p1,US,2025-01-01 00:00:00,1.00");
  EXPECT_THAT(parsed.rejects[3].reason, HasSubstr("'UK' in the folder of US"));
  EXPECT_THAT(parsed.rejects[10].reason, HasSubstr("also on line 2"));
  EXPECT_EQ(parsed.rejects[11].raw_line, "l,p1,US,2025-01-01 00:00:00,1.00,US\\xff");
}

}  // namespace
}  // namespace retailpipe::load
