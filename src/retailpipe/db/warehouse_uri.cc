// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/db/warehouse_uri.h"

#include <charconv>

#include "retailpipe/base/percent_decode.h"
#include "retailpipe/config/redact.h"

namespace retailpipe::db {
namespace {

constexpr int kMySqlDefaultPort = 3306;
constexpr int kPostgresDefaultPort = 5432;
constexpr int kMaxPort = 65535;

Status Bad(std::string_view uri, std::string_view why) {
  return Status::InvalidArgument("warehouse URI '" + config::RedactUri(uri) + "' " +
                                 std::string(why) +
                                 "; expected scheme://user:password@host:port/database");
}

Status ParseScheme(std::string_view uri, WarehouseUri& out, std::string_view& rest) {
  const size_t end = uri.find("://");
  if (end == std::string_view::npos) return Bad(uri, "has no scheme");
  const std::string_view scheme = uri.substr(0, end);
  if (scheme == "mysql") {
    out.scheme = "mysql";
  } else if (scheme == "postgres" || scheme == "postgresql") {
    out.scheme = "postgres";
  } else {
    return Bad(uri, "has scheme '" + std::string(scheme) + "', not mysql, postgres or postgresql");
  }
  rest = uri.substr(end + 3);
  return Status::OK();
}

Status ParseUserInfo(std::string_view uri, std::string_view info, WarehouseUri& out) {
  const size_t colon = info.find(':');
  const bool user_ok = PercentDecode(info.substr(0, colon), out.user);
  const bool password_ok =
      colon == std::string_view::npos || PercentDecode(info.substr(colon + 1), out.password);
  if (!user_ok || !password_ok) return Bad(uri, "has bad percent-encoding in its user info");
  if (out.user.empty()) return Bad(uri, "names no user");
  return Status::OK();
}

Status ParseHostPort(std::string_view uri, std::string_view host_port, WarehouseUri& out) {
  const size_t colon = host_port.rfind(':');
  out.host = std::string(host_port.substr(0, colon));
  if (out.host.empty()) return Bad(uri, "names no host");
  if (colon == std::string_view::npos) {
    out.port = out.scheme == "mysql" ? kMySqlDefaultPort : kPostgresDefaultPort;
    return Status::OK();
  }
  const std::string_view digits = host_port.substr(colon + 1);
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out.port);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || out.port <= 0 ||
      out.port > kMaxPort) {
    return Bad(uri, "has a bad port '" + std::string(digits) + "'");
  }
  return Status::OK();
}

Status ParseOptions(std::string_view uri, std::string_view query, WarehouseUri& out) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view param = query.substr(0, amp);
    const size_t eq = param.find('=');
    std::string key, value;
    if (eq == std::string_view::npos || !PercentDecode(param.substr(0, eq), key) ||
        !PercentDecode(param.substr(eq + 1), value) || key.empty()) {
      return Bad(uri, "has a bad query parameter (want key=value)");
    }
    out.options.emplace_back(std::move(key), std::move(value));
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
  }
  return Status::OK();
}

}  // namespace

Result<WarehouseUri> WarehouseUri::Parse(std::string_view uri) {
  WarehouseUri out;
  std::string_view rest;
  RP_RETURN_IF_ERROR(ParseScheme(uri, out, rest));
  const size_t query_begin = rest.find('?');
  const std::string_view query =
      query_begin == std::string_view::npos ? std::string_view() : rest.substr(query_begin + 1);
  rest = rest.substr(0, query_begin);
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return Bad(uri, "names no database");
  if (!PercentDecode(rest.substr(slash + 1), out.database) || out.database.empty()) {
    return Bad(uri, "names no database");
  }
  const std::string_view authority = rest.substr(0, slash);
  const size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return Bad(uri, "names no user");
  RP_RETURN_IF_ERROR(ParseUserInfo(uri, authority.substr(0, at), out));
  RP_RETURN_IF_ERROR(ParseHostPort(uri, authority.substr(at + 1), out));
  RP_RETURN_IF_ERROR(ParseOptions(uri, query, out));
  return out;
}

std::string WarehouseUri::Scrub(std::string message) const {
  if (password.empty()) return message;
  for (size_t at = message.find(password); at != std::string::npos;
       at = message.find(password, at + config::kRedacted.size())) {
    message.replace(at, password.size(), config::kRedacted);
  }
  return message;
}

}  // namespace retailpipe::db
