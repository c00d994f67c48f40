// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/etl/csv_scanner.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include "retailpipe/testing/temp_dir.h"

namespace retailpipe::etl {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;

using ::retailpipe::testing::TempDir;

TEST(CsvScanner, ReadHeaderStripsBomAndCarriageReturn) {
  TempDir dir;
  auto header = CsvScanner::ReadHeader(dir.Write("a.csv", "\xEF\xBB\xBFid,name\r\n1,x\r\n"));
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_THAT(*header, ElementsAre("id", "name"));
}

TEST(CsvScanner, ReadHeaderUnquotesFields) {
  TempDir dir;
  auto header = CsvScanner::ReadHeader(
      dir.Write("a.csv", "\"x,y\",\"say \"\"hi\"\"\",\"a\nb\",z\n1,2,3,4\n"));
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_THAT(*header, ElementsAre("x,y", "say \"hi\"", "a\nb", "z"));
}

TEST(CsvScanner, ReadHeaderSkipsLeadingBlankLinesAndNeedsNoFinalNewline) {
  TempDir dir;
  auto header = CsvScanner::ReadHeader(dir.Write("a.csv", "\n\r\n\na,b"));
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_THAT(*header, ElementsAre("a", "b"));
}

TEST(CsvScanner, ReadHeaderOfMissingFileIsNotFound) {
  TempDir dir;
  auto header = CsvScanner::ReadHeader(dir.Write("a.csv", "") + ".missing");
  ASSERT_FALSE(header.ok());
  EXPECT_EQ(header.error().code(), StatusCode::kNotFound);
}

TEST(CsvScanner, ReadHeaderWithUnterminatedQuoteIsDataError) {
  TempDir dir;
  auto header = CsvScanner::ReadHeader(dir.Write("a.csv", "a,\"b,c\n1,2,3\n"));
  ASSERT_FALSE(header.ok());
  EXPECT_EQ(header.error().code(), StatusCode::kDataError);
  EXPECT_NE(header.error().message().find("unterminated quote"), std::string::npos);
}

TEST(CsvScanner, ReadHeaderOfFileWithoutRecordIsDataError) {
  TempDir dir;
  for (const char* content : {"", "\n\n", "\r\n\r\n"}) {
    auto header = CsvScanner::ReadHeader(dir.Write("a.csv", content));
    ASSERT_FALSE(header.ok()) << "content size " << std::string(content).size();
    EXPECT_EQ(header.error().code(), StatusCode::kDataError);
  }
}

TEST(CsvScanner, ReadHeaderLongerThanLimitIsDataError) {
  TempDir dir;
  std::string content(CsvScanner::kMaxHeaderBytes + 10, 'a');
  auto header = CsvScanner::ReadHeader(dir.Write("a.csv", content + "\n1\n"));
  ASSERT_FALSE(header.ok());
  EXPECT_EQ(header.error().code(), StatusCode::kDataError);
}

TEST(CsvScanner, SplitFieldsHandlesEmptyQuotedAndEscapedFields) {
  EXPECT_THAT(CsvScanner::SplitFields(""), ElementsAre(""));
  EXPECT_THAT(CsvScanner::SplitFields("a,,b,"), ElementsAre("a", "", "b", ""));
  EXPECT_THAT(CsvScanner::SplitFields("\"a,b\",c"), ElementsAre("a,b", "c"));
  EXPECT_THAT(CsvScanner::SplitFields("\"x\"\"y\",\"\""), ElementsAre("x\"y", ""));
  EXPECT_THAT(CsvScanner::SplitFields("\"multi\nline\",2"), ElementsAre("multi\nline", "2"));
}

TEST(CsvScanner, LocateNumbersLinesLikeDuckDb) {
  TempDir dir;
  std::string path = dir.Write("a.csv",
                               "h1,h2\n"              // physical 1, reader line 1: header
                               "1,a\n"                // physical 2, reader line 2: row 1
                               "\n"                   // physical 3, reader line 3: blank
                               "2,\"multi\n"          // physical 4, reader line 4: row 2 ...
                               "line\"\n"             // physical 5  ... (quoted line end)
                               "3,c\n"                // physical 6, reader line 5: rejected
                               "4,\"x,\"\"q\"\"\"\n"  // physical 7, reader line 6: row 3
  );
  RecordLookup lookup;
  lookup.reader_lines = {5, 99};
  lookup.ordinals = {1, 2, 3, 7};
  auto found = CsvScanner::Locate(path, lookup);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->by_reader_line.size(), 1u);
  EXPECT_EQ(found->by_reader_line.at(5).line_number, 6);
  EXPECT_EQ(found->by_reader_line.at(5).text, "3,c");
  ASSERT_EQ(found->by_ordinal.size(), 3u);
  EXPECT_EQ(found->by_ordinal.at(1).line_number, 2);
  EXPECT_EQ(found->by_ordinal.at(1).text, "1,a");
  EXPECT_EQ(found->by_ordinal.at(2).reader_line, 4);
  EXPECT_EQ(found->by_ordinal.at(2).line_number, 4);
  EXPECT_EQ(found->by_ordinal.at(2).text, "2,\"multi\nline\"");
  EXPECT_EQ(found->by_ordinal.at(3).reader_line, 6);
  EXPECT_EQ(found->by_ordinal.at(3).line_number, 7);
  EXPECT_EQ(found->by_ordinal.at(3).text, "4,\"x,\"\"q\"\"\"");
}

TEST(CsvScanner, LocateHandlesCrlfAndBom) {
  TempDir dir;
  std::string path = dir.Write("a.csv", "\xEF\xBB\xBFh1,h2\r\n\r\n1,\"a\r\nb\"\r\n2,c");
  RecordLookup lookup;
  lookup.ordinals = {1, 2};
  auto found = CsvScanner::Locate(path, lookup);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->by_ordinal.size(), 2u);
  EXPECT_EQ(found->by_ordinal.at(1).line_number, 3);
  EXPECT_EQ(found->by_ordinal.at(1).text, "1,\"a\r\nb\"");
  EXPECT_EQ(found->by_ordinal.at(2).line_number, 5);
  EXPECT_EQ(found->by_ordinal.at(2).text, "2,c");
}

TEST(CsvScanner, LocateTruncatesLongRecords) {
  TempDir dir;
  std::string path = dir.Write("a.csv", "h\nabcdefghij\nxyz\n");
  RecordLookup lookup;
  lookup.ordinals = {1, 2};
  auto found = CsvScanner::Locate(path, lookup, 5);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->by_ordinal.at(1).text, "abcde...[truncated]");
  EXPECT_EQ(found->by_ordinal.at(2).text, "xyz");
  EXPECT_EQ(found->by_ordinal.at(2).line_number, 3);
}

TEST(CsvScanner, LocateOfNothingPastTheEndOrMissingFile) {
  TempDir dir;
  std::string path = dir.Write("a.csv", "h\n1\n");
  auto none = CsvScanner::Locate(path, {});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->by_ordinal.empty() && none->by_reader_line.empty());
  RecordLookup past;
  past.reader_lines = {3, 4};
  past.ordinals = {2};
  auto after = CsvScanner::Locate(path, past);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->by_ordinal.empty() && after->by_reader_line.empty());
  RecordLookup one;
  one.ordinals = {1};
  auto missing = CsvScanner::Locate(path + ".missing", one);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace retailpipe::etl
