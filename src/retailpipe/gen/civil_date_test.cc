// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/gen/civil_date.h"

#include <gtest/gtest.h>

namespace retailpipe::gen {
namespace {

// Day numbers from Python: (datetime.date(y, m, d) - datetime.date(1970, 1, 1)).days.
TEST(CivilDate, KnownDayNumbers) {
  EXPECT_EQ((CivilDate{1970, 1, 1}.ToDays()), 0);
  EXPECT_EQ((CivilDate{2023, 8, 20}.ToDays()), 19589);
  EXPECT_EQ((CivilDate{2020, 1, 1}.ToDays()), 18262);
  EXPECT_EQ((CivilDate{2000, 2, 29}.ToDays()), 11016);
  EXPECT_EQ((CivilDate{1, 1, 1}.ToDays()), -719162);
  EXPECT_EQ((CivilDate{9999, 12, 31}.ToDays()), 2932896);
  EXPECT_EQ(CivilDate::FromDays(11016), (CivilDate{2000, 2, 29}));
  EXPECT_EQ(CivilDate::FromDays(-1), (CivilDate{1969, 12, 31}));
}

TEST(CivilDate, RoundTripsEveryDayOverCenturies) {
  CivilDate expected{1899, 12, 31};
  for (int64_t day = CivilDate{1900, 1, 1}.ToDays(); day < CivilDate{2101, 1, 1}.ToDays(); ++day) {
    const CivilDate date = CivilDate::FromDays(day);
    ASSERT_EQ(date.ToDays(), day);
    // Each day follows the previous one in the calendar.
    if (expected.day == CivilDate::DaysInMonth(expected.year, expected.month)) {
      expected.day = 1;
      expected.month = expected.month == 12 ? 1 : expected.month + 1;
      expected.year += expected.month == 1 ? 1 : 0;
    } else {
      ++expected.day;
    }
    ASSERT_EQ(date, expected) << day;
  }
}

TEST(CivilDate, ParsesAndFormats) {
  auto date = CivilDate::Parse("2024-02-29");
  ASSERT_TRUE(date.ok()) << date.status().ToString();
  EXPECT_EQ(*date, (CivilDate{2024, 2, 29}));
  EXPECT_EQ(date->ToString(), "2024-02-29");
  EXPECT_EQ((CivilDate{7, 3, 4}.ToString()), "0007-03-04");
}

TEST(CivilDate, RejectsInvalidDates) {
  for (const char* text : {"2023-13-45", "2023-02-29", "1900-02-29", "2023-00-10", "2023-04-31",
                           "2023-4-01", "2023/04/01", "", "20230401xx", "2023-04-0a"}) {
    auto date = CivilDate::Parse(text);
    ASSERT_FALSE(date.ok()) << text;
    EXPECT_EQ(date.error().code(), StatusCode::kInvalidArgument);
  }
}

TEST(CivilDate, DaysInMonthHandlesLeapYears) {
  EXPECT_EQ(CivilDate::DaysInMonth(2023, 2), 28);
  EXPECT_EQ(CivilDate::DaysInMonth(2024, 2), 29);
  EXPECT_EQ(CivilDate::DaysInMonth(1900, 2), 28);
  EXPECT_EQ(CivilDate::DaysInMonth(2000, 2), 29);
  EXPECT_EQ(CivilDate::DaysInMonth(2023, 4), 30);
}

}  // namespace
}  // namespace retailpipe::gen
