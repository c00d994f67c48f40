// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "retailpipe/base/result.h"

namespace retailpipe::load {

/// Where the country sales loader writes (setting country_sales.target), parsed.
struct SalesTargetUri {
  enum class Kind {
    kWarehouse,  ///< "warehouse": table stage_sales in warehouse.uri (the embedded default).
    kDynamoDb,   ///< "dynamodb://TABLE[?endpoint=URL&region=NAME]".
  };
  Kind kind = Kind::kWarehouse;
  std::string table;     ///< DynamoDB table, e.g. "stage.sales".
  std::string endpoint;  ///< Overrides AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL; "" if not.
  std::string region;    ///< Overrides AWS_REGION; "" if not.
};

/// Parse `uri`: "warehouse", or "dynamodb://TABLE" with optional query parameters endpoint
/// (http:// or https:// URL of an emulator or a VPC endpoint) and region; values may be
/// percent-encoded. Errors: kInvalidArgument naming the problem and the accepted forms.
Result<SalesTargetUri> ParseSalesTargetUri(std::string_view uri);

}  // namespace retailpipe::load
