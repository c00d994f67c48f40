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

namespace retailpipe::etl {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "rp_csv_scanner_XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() { fs::remove_all(path_); }

  /// Write `content` to the file `name` in this folder and return its path.
  std::string Write(const std::string& name, const std::string& content) const {
    std::string path = path_ + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

 private:
  std::string path_;
};

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

TEST(CsvScanner, ExtractNumbersRecordsAndPhysicalLines) {
  TempDir dir;
  std::string path = dir.Write("a.csv",
                               "h1,h2\n"              // line 1, record 1
                               "1,a\n"                // line 2, record 2
                               "\n"                   // line 3, blank: no record
                               "2,\"multi\n"          // line 4, record 3 ...
                               "line\"\n"             // line 5, ... continued
                               "3,c\n"                // line 6, record 4
                               "4,\"x,\"\"q\"\"\"\n"  // line 7, record 5
  );
  std::vector<int64_t> wanted = {2, 3, 4, 5, 99};
  auto records = CsvScanner::Extract(path, wanted);
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->size(), 4u);
  EXPECT_EQ((*records)[0].record_number, 2);
  EXPECT_EQ((*records)[0].line_number, 2);
  EXPECT_EQ((*records)[0].text, "1,a");
  EXPECT_EQ((*records)[1].record_number, 3);
  EXPECT_EQ((*records)[1].line_number, 4);
  EXPECT_EQ((*records)[1].text, "2,\"multi\nline\"");
  EXPECT_EQ((*records)[2].record_number, 4);
  EXPECT_EQ((*records)[2].line_number, 6);
  EXPECT_EQ((*records)[2].text, "3,c");
  EXPECT_EQ((*records)[3].record_number, 5);
  EXPECT_EQ((*records)[3].line_number, 7);
  EXPECT_EQ((*records)[3].text, "4,\"x,\"\"q\"\"\"");
}

TEST(CsvScanner, ExtractHandlesCrlfAndBom) {
  TempDir dir;
  std::string path = dir.Write("a.csv", "\xEF\xBB\xBFh1,h2\r\n\r\n1,\"a\r\nb\"\r\n2,c");
  std::vector<int64_t> wanted = {1, 2, 3};
  auto records = CsvScanner::Extract(path, wanted);
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[0].text, "h1,h2");
  EXPECT_EQ((*records)[1].line_number, 3);
  EXPECT_EQ((*records)[1].text, "1,\"a\r\nb\"");
  EXPECT_EQ((*records)[2].line_number, 5);
  EXPECT_EQ((*records)[2].text, "2,c");
}

TEST(CsvScanner, ExtractTruncatesLongRecords) {
  TempDir dir;
  std::string path = dir.Write("a.csv", "h\nabcdefghij\nxyz\n");
  std::vector<int64_t> wanted = {2, 3};
  auto records = CsvScanner::Extract(path, wanted, 5);
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].text, "abcde...[truncated]");
  EXPECT_EQ((*records)[1].text, "xyz");
  EXPECT_EQ((*records)[1].line_number, 3);
}

TEST(CsvScanner, ExtractOfNothingOrMissingFile) {
  TempDir dir;
  std::string path = dir.Write("a.csv", "h\n1\n");
  auto none = CsvScanner::Extract(path, {});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  std::vector<int64_t> past_end = {3, 4};
  auto past = CsvScanner::Extract(path, past_end);
  ASSERT_TRUE(past.ok());
  EXPECT_TRUE(past->empty());
  std::vector<int64_t> wanted = {2};
  auto missing = CsvScanner::Extract(path + ".missing", wanted);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace retailpipe::etl
