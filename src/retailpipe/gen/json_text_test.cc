// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/gen/json_text.h"

#include <string>

#include <gtest/gtest.h>

namespace retailpipe::gen {
namespace {

std::string Quoted(std::string_view s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

std::string Number(double v) {
  std::string out;
  AppendJsonDouble(out, v);
  return out;
}

TEST(JsonText, EscapesQuoteBackslashAndControlBytesOnly) {
  EXPECT_EQ(Quoted(""), R"("")");
  EXPECT_EQ(Quoted("BESTÅ"), "\"BESTÅ\"");
  EXPECT_EQ(Quoted("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(Quoted("\n\r\t"), R"("\n\r\t")");
  EXPECT_EQ(Quoted(std::string_view("x\x01y\x1f", 4)), R"("x\u0001y\u001f")");
  EXPECT_EQ(Quoted(std::string_view("\0", 1)), R"("\u0000")");
}

TEST(JsonText, DoublesRoundTripAndStayDoubles) {
  EXPECT_EQ(Number(double{34.99F}), "34.9900016784668");
  EXPECT_EQ(Number(64288.0), "64288.0");
  EXPECT_EQ(Number(-3.0), "-3.0");
  EXPECT_EQ(Number(0.0), "0.0");
  EXPECT_EQ(Number(109.99), "109.99");
  EXPECT_EQ(Number(1e21), "1e+21");
  std::string out;
  AppendJsonInt(out, -42);
  EXPECT_EQ(out, "-42");
}

}  // namespace
}  // namespace retailpipe::gen
