// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace retailpipe {

/// Builds one compact JSON text, value by value: the Delta log's commit lines and stats, AWS
/// JSON-protocol requests.
///
/// Our own small writer rather than a JSON library because decimal statistics must be written
/// as exact JSON numbers from DuckDB's text ("12345678901234.5678"): a DOM library would round
/// them through double, and a rounded minimum above the true one makes readers skip files
/// wrongly. Strings are escaped per RFC 8259 (quote, backslash and control bytes); callers
/// pass valid UTF-8 (see IsValidUtf8). Misuse (a value where a key is due, unbalanced ends) is
/// a bug and fails an RP_DCHECK. A plain value; not thread-safe.
class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  /// Write an object member's key; the next call writes its value.
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  /// Write `value` in shortest round-trip form. REQUIRES: finite (JSON has no NaN/Infinity).
  JsonWriter& Double(double value);
  /// Write `text` as a number verbatim. REQUIRES: IsJsonNumber(text).
  JsonWriter& RawNumber(std::string_view text);

  /// Return the text written so far. REQUIRES: every object and array is closed.
  const std::string& str() const;

 private:
  /// Write the comma that separates this value from the previous one, if any.
  void BeforeValue();

  std::string out_;
  std::vector<bool> has_member_;  // one per open object/array: has it a member yet?
  bool after_key_ = false;
};

/// Append `s` to `out` as a quoted JSON string (RFC 8259: quote, backslash and control bytes
/// escaped; other bytes, UTF-8 included, verbatim). REQUIRES: `s` is valid UTF-8.
void AppendJsonString(std::string& out, std::string_view s);

/// Return `s` as a quoted JSON string.
std::string JsonQuote(std::string_view s);

/// Return true if `text` is a JSON number (RFC 8259:
/// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?).
bool IsJsonNumber(std::string_view text);

/// Return true if `s` is valid UTF-8.
bool IsValidUtf8(std::string_view s);

}  // namespace retailpipe
