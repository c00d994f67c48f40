// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/etl/content_hash.h"

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <stdlib.h>

#include "retailpipe/testing/temp_dir.h"

namespace retailpipe::etl {
namespace {

namespace fs = std::filesystem;

using ::retailpipe::testing::TempDir;

bool IsLowerHex(const std::string& s) {
  return s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// Return the hash of `path`, or "" after failing the test.
std::string Hash(const std::string& path) {
  auto h = HashFile(path);
  EXPECT_TRUE(h.ok()) << h.status().ToString();
  return h.ok() ? *h : "";
}

TEST(HashFile, Is32LowerHexDigitsAndMatchesXxh128OfEmptyInput) {
  TempDir dir;
  std::string h = Hash(dir.Write("empty.csv", ""));
  EXPECT_EQ(h.size(), 32u);
  EXPECT_TRUE(IsLowerHex(h)) << h;
  // The published XXH3-128 digest of no bytes, in xxhsum's canonical (big-endian) order.
  EXPECT_EQ(h, "99aa06d3014798d86001c324468d497f");
}

TEST(HashFile, EqualForEqualContentWhateverTheName) {
  TempDir dir;
  std::string content = "customer_id,store_id\n1,121\n";
  EXPECT_EQ(Hash(dir.Write("a.csv", content)), Hash(dir.Write("other_name.txt", content)));
}

TEST(HashFile, DiffersForDifferentContent) {
  TempDir dir;
  EXPECT_NE(Hash(dir.Write("a.csv", "a\n1\n")), Hash(dir.Write("b.csv", "a\n2\n")));
  EXPECT_NE(Hash(dir.Write("c.csv", "")), Hash(dir.Write("d.csv", "\n")));
}

TEST(HashFile, CoversBytesBeyondTheReadBuffer) {
  TempDir dir;
  std::string big(3 * (1 << 20) + 17, 'x');
  std::string a = Hash(dir.Write("a.bin", big));
  std::string b = Hash(dir.Write("b.bin", big));
  big.back() = 'y';
  std::string c = Hash(dir.Write("c.bin", big));
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(HashFile, MissingFileIsNotFound) {
  auto h = HashFile("/nonexistent/rp/file.csv");
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.error().code(), StatusCode::kNotFound);
}

TEST(HashText, Is16LowerHexDigitsAndDeterministic) {
  std::string h = HashText("1,121,apple,2023-05-01");
  EXPECT_EQ(h.size(), 16u);
  EXPECT_TRUE(IsLowerHex(h)) << h;
  EXPECT_EQ(h, HashText(std::string("1,121,apple,2023-05-01")));
  EXPECT_NE(h, HashText("1,121,apple,2023-05-02"));
  // The published XXH3-64 digest of no bytes; also shows leading zeros would be kept.
  EXPECT_EQ(HashText(""), "2d06800538d394c2");
}

}  // namespace
}  // namespace retailpipe::etl
