// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/gen/json_text.h"

#include <array>
#include <charconv>
#include <cmath>

#include "retailpipe/base/check.h"

namespace retailpipe::gen {

void AppendJsonString(std::string& out, std::string_view s) {
  constexpr std::string_view kHex = "0123456789abcdef";
  out += '"';
  size_t run = 0;  // start of the pending run of bytes that need no escape
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += "\\u00";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

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
