// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/gen/civil_date.h"

#include <string>

#include "retailpipe/base/check.h"

namespace retailpipe::gen {
namespace {

constexpr int64_t kDaysPerEra = 146097;  // 400 Gregorian years

// Write `value` as exactly `width` decimal digits, most significant first.
char* WriteDigits(char* out, int value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}

// Return the value of `width` digits at `text[pos]`, or -1 if any is not a digit.
int ReadDigits(std::string_view text, size_t pos, size_t width) {
  int value = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

CivilDate CivilDate::FromDays(int64_t days) {
  const int64_t z = days + 719468;  // shift the epoch to 0000-03-01
  const int64_t era = (z >= 0 ? z : z - kDaysPerEra + 1) / kDaysPerEra;
  const int64_t doe = z - era * kDaysPerEra;                                  // [0, 146096]
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11], March=0
  CivilDate date;
  date.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  date.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  date.year = static_cast<int>(yoe + era * 400 + (date.month <= 2 ? 1 : 0));
  return date;
}

int64_t CivilDate::ToDays() const {
  const int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;                          // [0, 399]
  const int64_t mp = month > 2 ? month - 3 : month + 9;       // March=0
  const int64_t doy = (153 * mp + 2) / 5 + day - 1;           // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  // [0, 146096]
  return era * kDaysPerEra + doe - 719468;
}

int CivilDate::DaysInMonth(int year, int month) {
  RP_DCHECK(month >= 1 && month <= 12);
  constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  return month == 2 && leap ? 29 : kDays[month - 1];
}

Result<CivilDate> CivilDate::Parse(std::string_view text) {
  auto invalid = [&] {
    return Status::InvalidArgument("not a YYYY-MM-DD date: '" + std::string(text) + "'");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return invalid();
  CivilDate date{ReadDigits(text, 0, 4), ReadDigits(text, 5, 2), ReadDigits(text, 8, 2)};
  if (date.year < 0 || date.month < 1 || date.month > 12 || date.day < 1 ||
      date.day > DaysInMonth(date.year, date.month)) {
    return invalid();
  }
  return date;
}

char* CivilDate::Format(char* out) const {
  RP_DCHECK(year >= 0 && year <= 9999);
  out = WriteDigits(out, year, 4);
  *out++ = '-';
  out = WriteDigits(out, month, 2);
  *out++ = '-';
  return WriteDigits(out, day, 2);
}

std::string CivilDate::ToString() const {
  char buf[10];
  return std::string(buf, Format(buf));
}

}  // namespace retailpipe::gen
