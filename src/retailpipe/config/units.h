// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"

namespace retailpipe::config {

/// Parse a byte size with a unit: "128MiB", "4GiB", "512B", "10MB" (an optional space may
/// separate number and unit). Binary units: B, KiB, MiB, GiB, TiB; decimal: KB, MB, GB, TB.
/// Units are case-sensitive and the number is a non-negative integer.
/// Errors: kInvalidArgument for a bare number (with a hint to add a unit), an unknown unit,
/// a malformed number, or a value that does not fit in 64 bits.
Result<uint64_t> ParseSize(std::string_view text);

/// Return `bytes` in the unit that gives the smallest whole number, e.g. "4GiB", "10MB",
/// "1000B"; ParseSize() of the result gives back `bytes` exactly.
std::string FormatSize(uint64_t bytes);

/// Parse a duration with a unit: "250ms", "45s", "10m", "1h", "2d".
/// Errors: kInvalidArgument for a bare number (with a hint), an unknown unit, a malformed
/// number, or a value that overflows.
Result<std::chrono::milliseconds> ParseDuration(std::string_view text);

/// Return `duration` in the largest unit that gives a whole number, e.g. "10m", "250ms".
std::string FormatDuration(std::chrono::milliseconds duration);

/// A closed range of durations, written "MIN-MAX" ("10s-15s").
struct DurationRange {
  std::chrono::milliseconds min{0};
  std::chrono::milliseconds max{0};
};

/// Parse "MIN-MAX" ("10s-15s", "500ms-2s") or one duration ("0s": MIN = MAX).
/// Errors: kInvalidArgument for a malformed duration or MIN > MAX.
Result<DurationRange> ParseDurationRange(std::string_view text);

}  // namespace retailpipe::config
