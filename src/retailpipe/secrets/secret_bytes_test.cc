// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/secrets/secret_bytes.h"

#include <utility>

#include <gtest/gtest.h>

namespace retailpipe::secrets {
namespace {

TEST(SecretBytes, StartsZeroedAndCopies) {
  SecretBytes zeros(4);
  EXPECT_EQ(zeros.view(), std::string_view("\0\0\0\0", 4));
  SecretBytes copy = SecretBytes::CopyOf("secret");
  EXPECT_EQ(copy.view(), "secret");
  EXPECT_EQ(copy.size(), 6u);
}

TEST(SecretBytes, TruncateWipesTheTail) {
  SecretBytes bytes = SecretBytes::CopyOf("abcdef");
  const unsigned char* data = bytes.data();
  bytes.Truncate(2);
  EXPECT_EQ(bytes.view(), "ab");
  // The buffer is still ours; the dropped bytes must be zero.
  EXPECT_EQ(std::string_view(reinterpret_cast<const char*>(data) + 2, 4),
            std::string_view("\0\0\0\0", 4));
}

TEST(SecretBytes, MovesLeaveTheSourceEmpty) {
  SecretBytes a = SecretBytes::CopyOf("key");
  SecretBytes b = std::move(a);
  EXPECT_EQ(b.view(), "key");
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): checking the moved-from state
  SecretBytes c = SecretBytes::CopyOf("other");
  c = std::move(b);
  EXPECT_EQ(c.view(), "key");
}

}  // namespace
}  // namespace retailpipe::secrets
