// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/secrets/base64.h"

#include <array>
#include <string>

#include <gtest/gtest.h>

namespace retailpipe::secrets {
namespace {

std::span<const unsigned char> AsBytes(std::string_view text) {
  return {reinterpret_cast<const unsigned char*>(text.data()), text.size()};
}

TEST(Base64, EncodesRfc4648Vectors) {
  // RFC 4648 section 10.
  const std::array<std::pair<std::string_view, std::string_view>, 7> kVectors = {{
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  }};
  for (const auto& [plain, encoded] : kVectors) {
    EXPECT_EQ(EncodeBase64(AsBytes(plain)).view(), encoded);
    Result<SecretBytes> decoded = DecodeBase64(encoded);
    ASSERT_TRUE(decoded.ok()) << encoded;
    EXPECT_EQ(decoded->view(), plain);
  }
}

TEST(Base64, IgnoresWhitespaceAnywhere) {
  Result<SecretBytes> decoded = DecodeBase64(" Zm9v\nYmFy\r\n\t");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->view(), "foobar");
}

TEST(Base64, RejectsInvalidText) {
  for (std::string_view bad : {"Zm9", "Zm9vY", "Zm9v!mFy", "Zm-v", "Zm_v", "Zg", "Zg==Zg=="}) {
    Result<SecretBytes> decoded = DecodeBase64(bad);
    ASSERT_FALSE(decoded.ok()) << bad;
    EXPECT_EQ(decoded.error().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(decoded.error().message(), "is not valid base64");
  }
}

}  // namespace
}  // namespace retailpipe::secrets
