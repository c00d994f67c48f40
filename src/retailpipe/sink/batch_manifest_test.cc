// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/sink/batch_manifest.h"

#include <gtest/gtest.h>

namespace retailpipe::sink {
namespace {

TEST(BatchManifest, RoundTrips) {
  BatchManifest m{"US_topic", 3, 10000, 19999, 9998, 812345};
  const std::string text = m.Format();
  EXPECT_EQ(text,
            "retailpipe-csv-batch v1\ntopic=US_topic\npartition=3\nstart_offset=10000\n"
            "end_offset=19999\nrows=9998\nbytes=812345\n");
  auto parsed = BatchManifest::Parse(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, m);
}

TEST(BatchManifest, IgnoresUnknownLinesAndRejectsBadOnes) {
  auto parsed = BatchManifest::Parse(
      "retailpipe-csv-batch v1\ntopic=t\nfuture=1\npartition=0\nstart_offset=0\n"
      "end_offset=0\nrows=1\nbytes=10\n\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->topic, "t");
  const std::string good = "retailpipe-csv-batch v1\ntopic=t\npartition=0\n";
  for (const std::string& bad :
       {std::string(""), std::string("something else\n"),
        good + "start_offset=0\nend_offset=0\nrows=1\n",           // no bytes
        good + "start_offset=x\nend_offset=0\nrows=1\nbytes=1\n",  // not a number
        good + "start_offset=5\nend_offset=4\nrows=1\nbytes=1\n",  // end before start
        std::string("retailpipe-csv-batch v1\npartition=0\nstart_offset=0\nend_offset=0\n"
                    "rows=1\nbytes=1\n")}) {  // no topic
    auto result = BatchManifest::Parse(bad);
    EXPECT_FALSE(result.ok()) << bad;
    if (!result.ok()) {
      EXPECT_EQ(result.status().code(), StatusCode::kDataError);
    }
  }
}

TEST(BatchName, PadsTheOffsetToTwentyDigits) {
  EXPECT_EQ(BatchName("US_topic", 0, 0, ".csv"), "US_topic-p0-o00000000000000000000.csv");
  EXPECT_EQ(BatchName("t", 12, 9223372036854775807, ".manifest"),
            "t-p12-o09223372036854775807.manifest");
  EXPECT_LT(BatchName("t", 1, 999, ".csv"), BatchName("t", 1, 1000, ".csv"));
}

}  // namespace
}  // namespace retailpipe::sink
