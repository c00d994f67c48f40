// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/row_set_printer.h"

#include <gtest/gtest.h>

namespace retailpipe::app {
namespace {

model::RowSet Sample() {
  model::RowSet rs;
  rs.columns = {"id", "name", "total"};
  rs.rows.push_back({int64_t{1}, std::string("a,\"b\""), std::string("12.50")});
  rs.rows.push_back({int64_t{22}, model::Value{}, 1.5});
  return rs;
}

TEST(RowSetPrinter, TableAlignsAndCounts) {
  EXPECT_EQ(FormatRows(Sample(), RowFormat::kTable),
            "id | name  | total\n"
            "---+-------+------\n"
            " 1 | a,\"b\" | 12.50\n"
            "22 | NULL  |   1.5\n"
            "(2 rows)\n");
}

TEST(RowSetPrinter, CsvQuotesAndLeavesNullEmpty) {
  EXPECT_EQ(FormatRows(Sample(), RowFormat::kCsv),
            "id,name,total\n1,\"a,\"\"b\"\"\",12.50\n22,,1.5\n");
}

TEST(RowSetPrinter, JsonTypesValues) {
  EXPECT_EQ(FormatRows(Sample(), RowFormat::kJson),
            "[\n {\"id\": 1, \"name\": \"a,\\\"b\\\"\", \"total\": \"12.50\"},\n"
            " {\"id\": 22, \"name\": null, \"total\": 1.5}\n]\n");
}

TEST(RowSetPrinter, UnknownFormatIsUsageError) {
  auto f = ParseRowFormat("xml");
  ASSERT_FALSE(f.has_value());
  EXPECT_EQ(f.error().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace retailpipe::app
