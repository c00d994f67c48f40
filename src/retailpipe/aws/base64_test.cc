// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/aws/base64.h"

#include <string>

#include <gtest/gtest.h>

namespace retailpipe::aws {
namespace {

TEST(Base64, EncodesRfc4648Vectors) {
  EXPECT_EQ(EncodeBase64(""), "");
  EXPECT_EQ(EncodeBase64("f"), "Zg==");
  EXPECT_EQ(EncodeBase64("fo"), "Zm8=");
  EXPECT_EQ(EncodeBase64("foo"), "Zm9v");
  EXPECT_EQ(EncodeBase64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(EncodeBase64(std::string("\xff\xfe\x00", 3)), "//4A");
}

TEST(Base64, DecodesWhatItEncodes) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  for (size_t length : {0, 1, 2, 3, 4, 255, 256}) {
    std::string part = bytes.substr(0, length);
    auto decoded = DecodeBase64(EncodeBase64(part));
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_EQ(*decoded, part) << length;
  }
}

TEST(Base64, RejectsMalformedText) {
  for (const char* bad : {"Zm9", "Zm9v!", "Zg=", "Z===", "Zm9v\n"}) {
    auto decoded = DecodeBase64(bad);
    ASSERT_FALSE(decoded.ok()) << bad;
    EXPECT_EQ(decoded.status().code(), StatusCode::kDataError);
  }
}

}  // namespace
}  // namespace retailpipe::aws
