// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/config/redact.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace retailpipe::config {
namespace {

bool IsSecretParameter(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  constexpr std::array<std::string_view, 3> kWords = {"password", "secret", "token"};
  return std::any_of(kWords.begin(), kWords.end(),
                     [&](std::string_view word) { return lower.find(word) != std::string::npos; });
}

// Return the authority ("user:pass@host:port") with the password replaced.
std::string RedactAuthority(std::string_view authority) {
  size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return std::string(authority);
  size_t colon = authority.find(':');
  if (colon == std::string_view::npos || colon > at) return std::string(authority);
  return std::string(authority.substr(0, colon + 1)) + std::string(kRedacted) +
         std::string(authority.substr(at));
}

// Return the query ("a=1&password=x") with secret parameter values replaced.
std::string RedactQuery(std::string_view query) {
  std::string out;
  while (true) {
    size_t amp = query.find('&');
    std::string_view param = query.substr(0, amp);
    size_t eq = param.find('=');
    if (eq != std::string_view::npos && IsSecretParameter(param.substr(0, eq))) {
      out += std::string(param.substr(0, eq + 1)) + std::string(kRedacted);
    } else {
      out += param;
    }
    if (amp == std::string_view::npos) return out;
    out += '&';
    query.remove_prefix(amp + 1);
  }
}

}  // namespace

std::string RedactUri(std::string_view uri) {
  size_t scheme_end = uri.find("://");
  if (scheme_end == std::string_view::npos) return std::string(uri);
  size_t authority_begin = scheme_end + 3;
  size_t authority_end = uri.find_first_of("/?#", authority_begin);
  if (authority_end == std::string_view::npos) authority_end = uri.size();
  std::string out(uri.substr(0, authority_begin));
  out += RedactAuthority(uri.substr(authority_begin, authority_end - authority_begin));
  std::string_view rest = uri.substr(authority_end);
  size_t query_begin = rest.find('?');
  if (query_begin == std::string_view::npos) return out + std::string(rest);
  size_t query_end = rest.find('#', query_begin);
  if (query_end == std::string_view::npos) query_end = rest.size();
  out += rest.substr(0, query_begin + 1);
  out += RedactQuery(rest.substr(query_begin + 1, query_end - query_begin - 1));
  out += rest.substr(query_end);
  return out;
}

}  // namespace retailpipe::config
