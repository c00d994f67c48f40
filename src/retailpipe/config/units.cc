// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/config/units.h"

#include <array>
#include <charconv>
#include <limits>
#include <optional>

namespace retailpipe::config {
namespace {

struct Unit {
  std::string_view name;
  uint64_t factor;
};

constexpr uint64_t kKiB = 1024;
constexpr uint64_t kKB = 1000;

// Binary units first so that FormatSize() prefers them on a tie.
constexpr std::array<Unit, 9> kSizeUnits = {{
    {"B", 1},
    {"KiB", kKiB},
    {"MiB", kKiB* kKiB},
    {"GiB", kKiB* kKiB* kKiB},
    {"TiB", kKiB* kKiB* kKiB* kKiB},
    {"KB", kKB},
    {"MB", kKB* kKB},
    {"GB", kKB* kKB* kKB},
    {"TB", kKB* kKB* kKB* kKB},
}};
constexpr std::string_view kSizeUnitList = "B, KiB, MiB, GiB, TiB, KB, MB, GB, TB";

constexpr uint64_t kMsPerSecond = 1000;
// Largest unit first, for FormatDuration().
constexpr std::array<Unit, 5> kDurationUnits = {{
    {"d", 24 * 60 * 60 * kMsPerSecond},
    {"h", 60 * 60 * kMsPerSecond},
    {"m", 60 * kMsPerSecond},
    {"s", kMsPerSecond},
    {"ms", 1},
}};
constexpr std::string_view kDurationUnitList = "ms, s, m, h, d";

template <size_t N>
std::optional<uint64_t> FindFactor(const std::array<Unit, N>& units, std::string_view name) {
  for (const Unit& unit : units) {
    if (unit.name == name) return unit.factor;
  }
  return std::nullopt;
}

std::string Quote(std::string_view text) { return "'" + std::string(text) + "'"; }

// Split "128 MiB" into its number and unit and return number * unit factor.
template <size_t N>
Result<uint64_t> ParseWithUnit(std::string_view text, const std::array<Unit, N>& units,
                               std::string_view what, std::string_view unit_list,
                               std::string_view example) {
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  std::string_view unit = text.substr(digits);
  if (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  if (digits == 0) {
    return Status::InvalidArgument(Quote(text) + " is not a " + std::string(what) +
                                   "; write a whole number and a unit (" + std::string(unit_list) +
                                   "), e.g. " + std::string(example));
  }
  if (unit.empty()) {
    return Status::InvalidArgument(Quote(text) + " has no unit; write it with one of " +
                                   std::string(unit_list) + ", e.g. " + std::string(example));
  }
  std::optional<uint64_t> factor = FindFactor(units, unit);
  if (!factor) {
    return Status::InvalidArgument(Quote(text) + " has an unknown unit " + Quote(unit) +
                                   "; use one of " + std::string(unit_list));
  }
  uint64_t number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + digits, number);
  if (ec != std::errc() || number > std::numeric_limits<uint64_t>::max() / *factor) {
    return Status::InvalidArgument(Quote(text) + " is too large");
  }
  return number * *factor;
}

// Return "<n><unit>" for the unit among `units` that divides `value` into the smallest n.
template <size_t N>
std::string FormatWithUnit(uint64_t value, const std::array<Unit, N>& units) {
  const Unit* best = nullptr;
  for (const Unit& unit : units) {
    if (value % unit.factor != 0) continue;
    if (best == nullptr || value / unit.factor < value / best->factor) best = &unit;
  }
  return std::to_string(value / best->factor) + std::string(best->name);
}

}  // namespace

Result<uint64_t> ParseSize(std::string_view text) {
  return ParseWithUnit(text, kSizeUnits, "size", kSizeUnitList, "'512MiB' or '4GiB'");
}

std::string FormatSize(uint64_t bytes) { return FormatWithUnit(bytes, kSizeUnits); }

Result<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  RP_ASSIGN_OR_RETURN(uint64_t ms, ParseWithUnit(text, kDurationUnits, "duration",
                                                 kDurationUnitList, "'45s' or '250ms'"));
  using Rep = std::chrono::milliseconds::rep;
  if (ms > static_cast<uint64_t>(std::numeric_limits<Rep>::max())) {
    return Status::InvalidArgument(Quote(text) + " is too large");
  }
  return std::chrono::milliseconds(static_cast<Rep>(ms));
}

std::string FormatDuration(std::chrono::milliseconds duration) {
  if (duration.count() == 0) return "0s";
  // Negate in unsigned arithmetic so that milliseconds::min() cannot overflow.
  auto count = static_cast<uint64_t>(duration.count());
  if (duration.count() < 0) return "-" + FormatWithUnit(0 - count, kDurationUnits);
  return FormatWithUnit(count, kDurationUnits);
}

Result<DurationRange> ParseDurationRange(std::string_view text) {
  const size_t dash = text.find('-');
  DurationRange range;
  RP_ASSIGN_OR_RETURN(range.min, ParseDuration(text.substr(0, dash)));
  range.max = range.min;
  if (dash != std::string_view::npos) {
    RP_ASSIGN_OR_RETURN(range.max, ParseDuration(text.substr(dash + 1)));
  }
  if (range.max < range.min) {
    return Status::InvalidArgument(Quote(text) + " is not a range MIN-MAX with MIN <= MAX");
  }
  return range;
}

}  // namespace retailpipe::config
