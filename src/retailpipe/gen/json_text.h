// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "retailpipe/base/json_writer.h"

// JSON numbers as the seeds' Python writes them, for the generated payloads; strings go through
// AppendJsonString() of base/json_writer.h.

namespace retailpipe::gen {

/// Append `value` to `out` in shortest round-trip form, with ".0" after an integral value as
/// Python writes it ("34.9900016784668", "64288.0", "1e+21").
/// REQUIRES: finite.
void AppendJsonDouble(std::string& out, double value);

/// Append `value` to `out` as a JSON integer.
void AppendJsonInt(std::string& out, int64_t value);

}  // namespace retailpipe::gen
