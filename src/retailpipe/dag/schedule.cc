// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/dag/schedule.h"

#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <string>
#include <vector>

namespace retailpipe::dag {
namespace {

constexpr std::array<std::string_view, 8> kPresets = {
    "@once", "@hourly", "@daily", "@midnight", "@weekly", "@monthly", "@yearly", "@annually"};
constexpr std::array<std::string_view, 12> kMonths = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                      "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> kWeekdays = {"SUN", "MON", "TUE", "WED",
                                                       "THU", "FRI", "SAT"};

struct Field {
  std::string_view name;
  int min;
  int max;
  const std::string_view* names;  // Names for min, min+1, ...; null if none.
  size_t name_count;
};

constexpr std::array<Field, 5> kFields = {{
    {"minute", 0, 59, nullptr, 0},
    {"hour", 0, 23, nullptr, 0},
    {"day of month", 1, 31, nullptr, 0},
    {"month", 1, 12, kMonths.data(), kMonths.size()},
    {"day of week", 0, 7, kWeekdays.data(), kWeekdays.size()},
}};

std::vector<std::string_view> Split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == sep) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

std::optional<int> Number(std::string_view text, const Field& field) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc() && end == text.data() + text.size() && !text.empty()) return value;
  for (size_t i = 0; i < field.name_count; ++i) {
    std::string upper(text);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper == field.names[i]) return field.min + static_cast<int>(i);
  }
  return std::nullopt;
}

Status BadItem(const Field& field, std::string_view item) {
  return Status::InvalidArgument("schedule: the " + std::string(field.name) + " field '" +
                                 std::string(item) + "' is not *, N, N-M or a step (*/S, N-M/S) " +
                                 "with N, M in " + std::to_string(field.min) + ".." +
                                 std::to_string(field.max));
}

Status CheckItem(const Field& field, std::string_view item) {
  std::vector<std::string_view> step = Split(item, '/');
  if (step.size() > 2) return BadItem(field, item);
  if (step.size() == 2) {
    std::optional<int> s = Number(step[1], Field{"step", 1, 0, nullptr, 0});
    if (!s || *s < 1) return BadItem(field, item);
  }
  if (step[0] == "*") return Status::OK();
  std::vector<std::string_view> range = Split(step[0], '-');
  if (range.size() > 2) return BadItem(field, item);
  std::optional<int> low = Number(range[0], field);
  std::optional<int> high = range.size() == 2 ? Number(range[1], field) : low;
  if (!low || !high || *low < field.min || *high > field.max || *low > *high) {
    return BadItem(field, item);
  }
  return Status::OK();
}

}  // namespace

Status ValidateSchedule(std::string_view schedule) {
  if (schedule.empty()) return Status::OK();
  if (schedule.front() == '@') {
    for (std::string_view preset : kPresets) {
      if (schedule == preset) return Status::OK();
    }
    return Status::InvalidArgument("schedule: unknown preset '" + std::string(schedule) +
                                   "'; use @hourly, @daily, @weekly, @monthly, @yearly or @once");
  }
  std::vector<std::string_view> words = Words(schedule);
  if (words.size() != kFields.size()) {
    return Status::InvalidArgument("schedule: '" + std::string(schedule) + "' has " +
                                   std::to_string(words.size()) +
                                   " fields; a cron expression has 5: minute hour "
                                   "day-of-month month day-of-week, e.g. '0 3 * * *'");
  }
  for (size_t f = 0; f < kFields.size(); ++f) {
    for (std::string_view item : Split(words[f], ',')) {
      RP_RETURN_IF_ERROR(CheckItem(kFields[f], item));
    }
  }
  return Status::OK();
}

}  // namespace retailpipe::dag
