// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/gen/temp_file_writer.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace retailpipe::gen {
namespace {

namespace fs = std::filesystem;

class TempFileWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rp-gen-tfw-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST_F(TempFileWriterTest, WritesEverythingAcrossBufferBoundaries) {
  auto writer = TempFileWriter::Open(dir_.string());
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  std::string expected;
  for (int i = 0; i < 200000; ++i) {
    const std::string line = "row " + std::to_string(i) + "\n";
    (*writer)->Append(line);
    expected += line;
  }
  const std::string big(TempFileWriter::kBufferBytes + 7, 'x');  // larger than the buffer
  (*writer)->Append(big);
  expected += big;
  (*writer)->Append("end\n");
  expected += "end\n";
  ASSERT_TRUE((*writer)->Finish().ok());
  EXPECT_EQ(ReadAll((*writer)->path()), expected);
}

TEST_F(TempFileWriterTest, DeletesTheFileOnDestruction) {
  std::string path;
  {
    auto writer = TempFileWriter::Open(dir_.string());
    ASSERT_TRUE(writer.ok());
    (*writer)->Append("data");
    ASSERT_TRUE((*writer)->Finish().ok());
    path = (*writer)->path();
    EXPECT_TRUE(fs::exists(path));
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST_F(TempFileWriterTest, FailsForAMissingDirectory) {
  auto writer = TempFileWriter::Open((dir_ / "missing").string());
  EXPECT_FALSE(writer.ok());
}

}  // namespace
}  // namespace retailpipe::gen
