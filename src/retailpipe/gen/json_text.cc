// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/gen/json_text.h"

#include <array>
#include <charconv>
#include <cmath>

#include "retailpipe/base/check.h"

namespace retailpipe::gen {

void AppendJsonDouble(std::string& out, double value) {
  RP_DCHECK(std::isfinite(value));
  std::array<char, 32> buf;
  const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  const std::string_view text(buf.data(), static_cast<size_t>(res.ptr - buf.data()));
  out += text;
  // Python writes a float that happens to be integral as "64288.0"; keep that, so readers
  // that infer types from the JSON see a double, as the payload schema says.
  if (text.find_first_of(".e") == std::string_view::npos) out += ".0";
}

void AppendJsonInt(std::string& out, int64_t value) {
  std::array<char, 24> buf;
  const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  out.append(buf.data(), res.ptr);
}

}  // namespace retailpipe::gen
