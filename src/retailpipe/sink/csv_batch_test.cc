// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/sink/csv_batch.h"

#include <gtest/gtest.h>

#include "retailpipe/sink/json_csv_row.h"

namespace retailpipe::sink {
namespace {

std::string Json(int i) { return "{\"a\":" + std::to_string(i) + ",\"b\":\"x\"}"; }

TEST(CsvBatch, AppendsSkipsAndSplits) {
  auto row = *JsonCsvRow::Make({"a", "b"});
  const auto t0 = std::chrono::steady_clock::time_point{} + std::chrono::seconds(5);
  CsvBatch batch(10, row->Header(), t0);
  EXPECT_TRUE(batch.empty());
  EXPECT_EQ(batch.last_offset(), 9);
  ASSERT_TRUE(batch.Append(10, Json(10), *row).ok());
  batch.Skip(11);
  ASSERT_TRUE(batch.Append(13, Json(13), *row).ok());  // offsets may have gaps
  EXPECT_FALSE(batch.Append(14, "bad", *row).ok());
  ASSERT_TRUE(batch.Append(15, Json(15), *row).ok());
  EXPECT_EQ(batch.rows(), 3);
  EXPECT_EQ(batch.last_offset(), 15);
  EXPECT_EQ(batch.text(), "a,b\n10,x\n13,x\n15,x\n");

  std::optional<CsvBatch> tail = batch.SplitAfter(11);
  ASSERT_TRUE(tail.has_value());
  EXPECT_EQ(batch.text(), "a,b\n10,x\n");
  EXPECT_EQ(batch.rows(), 1);
  EXPECT_EQ(batch.last_offset(), 11);
  EXPECT_EQ(tail->start_offset(), 13);
  EXPECT_EQ(tail->text(), "a,b\n13,x\n15,x\n");
  EXPECT_EQ(tail->rows(), 2);
  EXPECT_EQ(tail->opened(), t0);
  EXPECT_FALSE(tail->fixed_end().has_value());
  // Splits of the tail keep its byte positions right.
  std::optional<CsvBatch> last = tail->SplitAfter(13);
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(tail->text(), "a,b\n13,x\n");
  EXPECT_EQ(last->text(), "a,b\n15,x\n");
  EXPECT_FALSE(last->SplitAfter(15).has_value());
}

TEST(CsvBatch, RemembersWhoFixedTheEnd) {
  auto row = *JsonCsvRow::Make({"a", "b"});
  CsvBatch batch(0, row->Header(), {});
  EXPECT_FALSE(batch.fixed_end().has_value());
  batch.set_fixed_end(7, CsvBatch::FixedBy::kEarlier);
  EXPECT_EQ(batch.fixed_end(), 7);
  EXPECT_TRUE(batch.replayed());
  batch.set_fixed_end(7, CsvBatch::FixedBy::kThisCut);
  EXPECT_FALSE(batch.replayed());
}

}  // namespace
}  // namespace retailpipe::sink
