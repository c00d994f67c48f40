// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"

namespace retailpipe::gen {

/// A date of the proleptic Gregorian calendar, and its conversion to and from a day number
/// (days since 1970-01-01) using Howard Hinnant's days_from_civil / civil_from_days.
///
/// A plain value type. Generators draw day numbers uniformly and print them as "YYYY-MM-DD".
struct CivilDate {
  int year = 1970;
  int month = 1;  ///< 1..12
  int day = 1;    ///< 1..31

  /// Return the date of day number `days` (days since 1970-01-01; negative is earlier).
  static CivilDate FromDays(int64_t days);

  /// Parse "YYYY-MM-DD" (four-digit year 0000..9999). Errors: kInvalidArgument for any
  /// other shape or a day that does not exist ("2023-02-29").
  static Result<CivilDate> Parse(std::string_view text);

  /// Return the number of days in `month` of `year`. REQUIRES: 1 <= month <= 12.
  static int DaysInMonth(int year, int month);

  /// Return the day number of this date. REQUIRES: a valid date.
  int64_t ToDays() const;

  /// Write "YYYY-MM-DD" (exactly 10 characters) at `out` and return the end.
  /// REQUIRES: 0 <= year <= 9999.
  char* Format(char* out) const;

  /// Return "YYYY-MM-DD". REQUIRES: 0 <= year <= 9999.
  std::string ToString() const;

  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

}  // namespace retailpipe::gen
