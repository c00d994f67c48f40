// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// Minimal JSON text output for the order payload. gen must not depend on delta, whose
// JsonWriter (base/json_writer.h) does the same escaping with a builder API; these two
// functions duplicate its escaping rules on purpose (RFC 8259: quote, backslash, control
// bytes; other bytes, including UTF-8, verbatim).

namespace retailpipe::gen {

/// Append `s` to `out` as a quoted, escaped JSON string. REQUIRES: `s` is valid UTF-8.
void AppendJsonString(std::string& out, std::string_view s);

/// Append `value` to `out` in shortest round-trip form, with ".0" after an integral value as
/// Python writes it ("34.9900016784668", "64288.0", "1e+21").
/// REQUIRES: finite.
void AppendJsonDouble(std::string& out, double value);

/// Append `value` to `out` as a JSON integer.
void AppendJsonInt(std::string& out, int64_t value);

}  // namespace retailpipe::gen
