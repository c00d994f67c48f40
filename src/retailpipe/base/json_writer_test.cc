// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/base/json_writer.h"

#include <gtest/gtest.h>

namespace retailpipe {
namespace {

TEST(JsonWriter, WritesNestedValuesWithCommas) {
  JsonWriter w;
  w.BeginObject().Key("a").Int(-3).Key("b").BeginArray().Bool(true).Null().String("x").EndArray();
  w.Key("c").BeginObject().EndObject().Key("d").Double(1.5).Key("e").RawNumber("12.50");
  w.EndObject();
  EXPECT_EQ(w.str(), R"({"a":-3,"b":[true,null,"x"],"c":{},"d":1.5,"e":12.50})");
}

TEST(JsonWriter, EscapesQuotesBackslashesAndControlBytes) {
  EXPECT_EQ(JsonQuote("a\"b\\c\nd\te\x01"), R"("a\"b\\c\nd\te\u0001")");
  EXPECT_EQ(JsonQuote("Å ü 日本"), "\"Å ü 日本\"");  // UTF-8 passes through
}

TEST(JsonWriter, DoublesRoundTripInShortestForm) {
  JsonWriter w;
  w.BeginArray().Double(0.1).Double(34.9900016784668).Double(1e20).Double(-0.0).EndArray();
  EXPECT_EQ(w.str(), "[0.1,34.9900016784668,1e+20,-0]");
}

TEST(JsonWriter, RecognisesJsonNumbers) {
  for (const char* ok : {"0", "-0", "12", "12.50", "-0.05", "1e5", "1.5E-3", "1e+20"}) {
    EXPECT_TRUE(IsJsonNumber(ok)) << ok;
  }
  for (const char* bad : {"", "-", "01", "1.", ".5", "1e", "NaN", "inf", "1 ", "+1", "0x10"}) {
    EXPECT_FALSE(IsJsonNumber(bad)) << bad;
  }
}

TEST(JsonWriter, ValidatesUtf8) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("Å"));
  EXPECT_FALSE(IsValidUtf8("\xC3"));
  EXPECT_FALSE(IsValidUtf8("\xFF\xFE"));
}

}  // namespace
}  // namespace retailpipe
