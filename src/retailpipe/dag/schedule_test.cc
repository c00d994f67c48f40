// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/dag/schedule.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace retailpipe::dag {
namespace {

using ::testing::HasSubstr;

TEST(ValidateSchedule, AcceptsEmptyPresetsAndCron) {
  for (const char* ok :
       {"", "@daily", "@once", "@hourly", "0 3 * * *", "*/15 * * * *", "0,30 9-17 * * MON-FRI",
        "5 4 1 jan,jul 0", "0 0 1-31/2 * 7", "  0  3 * * *  "}) {
    EXPECT_TRUE(ValidateSchedule(ok).ok()) << ok << ": " << ValidateSchedule(ok).ToString();
  }
}

TEST(ValidateSchedule, NamesTheBadField) {
  EXPECT_THAT(ValidateSchedule("@fortnightly").message(), HasSubstr("unknown preset"));
  EXPECT_THAT(ValidateSchedule("0 3 * *").message(), HasSubstr("has 4 fields"));
  EXPECT_THAT(ValidateSchedule("60 * * * *").message(), HasSubstr("minute field '60'"));
  EXPECT_THAT(ValidateSchedule("0 24 * * *").message(), HasSubstr("hour field '24'"));
  EXPECT_THAT(ValidateSchedule("0 0 0 * *").message(), HasSubstr("day of month field '0'"));
  EXPECT_THAT(ValidateSchedule("0 0 * 13 *").message(), HasSubstr("month field '13'"));
  EXPECT_THAT(ValidateSchedule("0 0 * * 8").message(), HasSubstr("day of week field '8'"));
  EXPECT_THAT(ValidateSchedule("*/0 * * * *").message(), HasSubstr("minute field '*/0'"));
  EXPECT_THAT(ValidateSchedule("5-2 * * * *").message(), HasSubstr("minute field '5-2'"));
  EXPECT_THAT(ValidateSchedule("1,,2 * * * *").message(), HasSubstr("minute field ''"));
  EXPECT_FALSE(ValidateSchedule("@daily 0").ok());
}

}  // namespace
}  // namespace retailpipe::dag
