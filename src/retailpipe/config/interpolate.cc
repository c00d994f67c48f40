// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/config/interpolate.h"

#include <algorithm>
#include <cctype>

namespace retailpipe::config {
namespace {

bool IsValidName(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

// Expand the body of one "${...}" reference.
Result<std::string> Expand(std::string_view body,
                           const std::map<std::string, std::string>& environment) {
  size_t sep = body.find(":-");
  std::string_view name = body.substr(0, sep);
  if (!IsValidName(name)) {
    return Status::InvalidArgument("'${" + std::string(body) +
                                   "}' is not a valid variable reference; names use letters, "
                                   "digits and '_' (write '$$' for a literal '$')");
  }
  auto it = environment.find(std::string(name));
  bool has_value =
      it != environment.end() && !(sep != std::string_view::npos && it->second.empty());
  if (has_value) return it->second;
  if (sep != std::string_view::npos) return std::string(body.substr(sep + 2));
  return Status::InvalidArgument(
      "environment variable " + std::string(name) + " is not set and ${" + std::string(name) +
      "} has no default (write ${" + std::string(name) + ":-value} to give one)");
}

}  // namespace

Result<std::string> Interpolate(std::string_view text,
                                const std::map<std::string, std::string>& environment) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '$' || i + 1 == text.size()) {
      out += text[i++];
    } else if (text[i + 1] == '$') {
      out += '$';
      i += 2;
    } else if (text[i + 1] == '{') {
      size_t close = text.find('}', i + 2);
      if (close == std::string_view::npos) {
        return Status::InvalidArgument("unterminated '${' in '" + std::string(text) + "'");
      }
      RP_ASSIGN_OR_RETURN(std::string value,
                          Expand(text.substr(i + 2, close - i - 2), environment));
      out += value;
      i = close + 1;
    } else {
      out += text[i++];
    }
  }
  return out;
}

std::string EscapeForInterpolation(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    out += c;
    if (c == '$') out += '$';
  }
  return out;
}

}  // namespace retailpipe::config
