// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/load/sales_target_uri.h"

#include "retailpipe/base/percent_decode.h"

namespace retailpipe::load {
namespace {

constexpr std::string_view kWarehouse = "warehouse";
constexpr std::string_view kDynamoDb = "dynamodb://";
constexpr std::string_view kForms =
    "use 'warehouse' or 'dynamodb://TABLE[?endpoint=http://HOST:PORT&region=REGION]'";

Status Bad(std::string_view uri, const std::string& what) {
  return Status::InvalidArgument("country_sales.target '" + std::string(uri) + "': " + what + "; " +
                                 std::string(kForms));
}

}  // namespace

Result<SalesTargetUri> ParseSalesTargetUri(std::string_view uri) {
  SalesTargetUri parsed;
  if (uri == kWarehouse) return parsed;
  if (!uri.starts_with(kDynamoDb)) return Bad(uri, "unknown target");
  parsed.kind = SalesTargetUri::Kind::kDynamoDb;
  std::string_view rest = uri.substr(kDynamoDb.size());
  const size_t question = rest.find('?');
  if (!PercentDecode(rest.substr(0, question), parsed.table) || parsed.table.empty()) {
    return Bad(uri, "no table name");
  }
  std::string_view query = question == std::string_view::npos ? "" : rest.substr(question + 1);
  while (!query.empty()) {
    const size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? "" : query.substr(amp + 1);
    const size_t eq = pair.find('=');
    std::string_view name = pair.substr(0, eq);
    std::string value;
    if (eq == std::string_view::npos || !PercentDecode(pair.substr(eq + 1), value)) {
      return Bad(uri, "'" + std::string(pair) + "' is not NAME=VALUE");
    }
    if (name == "endpoint") {
      if (!value.starts_with("http://") && !value.starts_with("https://")) {
        return Bad(uri, "the endpoint must start with http:// or https://");
      }
      parsed.endpoint = std::move(value);
    } else if (name == "region") {
      parsed.region = std::move(value);
    } else {
      return Bad(uri, "unknown parameter '" + std::string(name) + "' (endpoint, region)");
    }
  }
  return parsed;
}

}  // namespace retailpipe::load
