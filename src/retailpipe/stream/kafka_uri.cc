// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/kafka_uri.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "retailpipe/base/percent_decode.h"
#include "retailpipe/config/redact.h"

namespace retailpipe::stream {
namespace {

constexpr std::string_view kScheme = "kafka://";
constexpr int kDefaultPort = 9092;
constexpr int kMaxPort = 65535;

// Settings retailpipe owns; letting a URI change them would void the documented guarantees.
constexpr std::array<std::string_view, 8> kFixedOptions = {"bootstrap.servers",
                                                           "metadata.broker.list",
                                                           "group.id",
                                                           "enable.idempotence",
                                                           "acks",
                                                           "request.required.acks",
                                                           "enable.auto.commit",
                                                           "enable.auto.offset.store"};

Status Bad(std::string_view uri, std::string_view why) {
  return Status::InvalidArgument("stream URI '" + config::RedactUri(uri) + "' " + std::string(why) +
                                 "; expected kafka://host:port[,host:port...][?option=value&...]");
}

Status ParseUserInfo(std::string_view uri, std::string_view info, KafkaUri& out) {
  const size_t colon = info.find(':');
  const bool user_ok = PercentDecode(info.substr(0, colon), out.user);
  const bool password_ok =
      colon == std::string_view::npos || PercentDecode(info.substr(colon + 1), out.password);
  if (!user_ok || !password_ok) return Bad(uri, "has bad percent-encoding in its user info");
  if (out.user.empty()) return Bad(uri, "has an '@' but names no user");
  return Status::OK();
}

/// Parse "host", "host:port", "[v6]" or "[v6]:port" and append "host:port" to out.brokers.
Status ParseBroker(std::string_view uri, std::string_view broker, KafkaUri& out) {
  const size_t bracket = broker.rfind(']');
  const size_t colon = broker.rfind(':');
  const bool has_port =
      colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket);
  const std::string_view host = has_port ? broker.substr(0, colon) : broker;
  if (host.empty() || host == "[]") return Bad(uri, "has an empty broker host");
  if (host.find_first_of(" /@") != std::string_view::npos) {
    return Bad(uri, "has a bad broker host '" + std::string(host) + "'");
  }
  int port = kDefaultPort;
  if (has_port) {
    const std::string_view digits = broker.substr(colon + 1);
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec != std::errc() || ptr != digits.data() + digits.size() || port <= 0 || port > kMaxPort) {
      return Bad(uri, "has a bad port '" + std::string(digits) + "'");
    }
  }
  out.brokers.push_back(std::string(host) + ":" + std::to_string(port));
  return Status::OK();
}

Status ParseOptions(std::string_view uri, std::string_view query, KafkaUri& out) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view param = query.substr(0, amp);
    const size_t eq = param.find('=');
    std::string key, value;
    if (eq == std::string_view::npos || !PercentDecode(param.substr(0, eq), key) ||
        !PercentDecode(param.substr(eq + 1), value) || key.empty()) {
      return Bad(uri, "has a bad query parameter (want option=value)");
    }
    if (std::find(kFixedOptions.begin(), kFixedOptions.end(), key) != kFixedOptions.end()) {
      return Bad(uri, "sets '" + key +
                          "', which retailpipe fixes (brokers come from the host list, the "
                          "group from the consumer, idempotence, acks=all and manual commits "
                          "are always on)");
    }
    out.options.emplace_back(std::move(key), std::move(value));
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
  }
  return Status::OK();
}

/// Return true for a librdkafka setting that holds a secret (sasl.password,
/// ssl.key.password, sasl.oauthbearer.client.secret, ...).
bool IsSecretOption(std::string_view key) {
  return key.find("password") != std::string_view::npos ||
         key.find("secret") != std::string_view::npos;
}

}  // namespace

Result<KafkaUri> KafkaUri::Parse(std::string_view uri) {
  if (!uri.starts_with(kScheme)) return Bad(uri, "is not a kafka:// URI");
  KafkaUri out;
  out.redacted = config::RedactUri(uri);
  std::string_view rest = uri.substr(kScheme.size());
  const size_t query_begin = rest.find('?');
  const std::string_view query =
      query_begin == std::string_view::npos ? std::string_view() : rest.substr(query_begin + 1);
  rest = rest.substr(0, query_begin);
  if (rest.ends_with('/')) rest.remove_suffix(1);
  if (rest.find('/') != std::string_view::npos) return Bad(uri, "has a path");
  const size_t at = rest.rfind('@');
  if (at != std::string_view::npos) {
    RP_RETURN_IF_ERROR(ParseUserInfo(uri, rest.substr(0, at), out));
    rest = rest.substr(at + 1);
  }
  if (rest.empty()) return Bad(uri, "names no broker");
  while (true) {
    const size_t comma = rest.find(',');
    RP_RETURN_IF_ERROR(ParseBroker(uri, rest.substr(0, comma), out));
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  RP_RETURN_IF_ERROR(ParseOptions(uri, query, out));
  return out;
}

std::string KafkaUri::bootstrap_servers() const {
  std::string out;
  for (const std::string& broker : brokers) {
    if (!out.empty()) out += ',';
    out += broker;
  }
  return out;
}

std::string KafkaUri::Scrub(std::string message) const {
  std::vector<std::string_view> secrets;
  if (!password.empty()) secrets.push_back(password);
  for (const auto& [key, value] : options) {
    if (!value.empty() && IsSecretOption(key)) secrets.push_back(value);
  }
  for (const std::string_view secret : secrets) {
    for (size_t at = message.find(secret); at != std::string::npos;
         at = message.find(secret, at + config::kRedacted.size())) {
      message.replace(at, secret.size(), config::kRedacted);
    }
  }
  return message;
}

}  // namespace retailpipe::stream
