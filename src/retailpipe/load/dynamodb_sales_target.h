// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "retailpipe/dynamodb/fwd.h"
#include "retailpipe/load/sales_target.h"

namespace retailpipe::load {

/// How DynamoDbSalesTarget writes.
struct DynamoDbTargetOptions {
  /// The table (the seed's "stage.sales"), keyed by sale_id of type S.
  std::string table = "stage.sales";
  /// BatchWriteItem calls per batch of 25 before unprocessed items are an error.
  int max_attempts = 10;
  /// Backoff before re-sending unprocessed items: full jitter below base * 2^(n-1), capped.
  std::chrono::milliseconds backoff_base{50};
  std::chrono::milliseconds backoff_cap{5'000};
  /// Waits between attempts; tests replace it.
  std::function<void(std::chrono::milliseconds)> sleep;
};

/// Writes country sales to a DynamoDB table with typed attributes: sale_id, product_code,
/// country_of_sale, datetime, currency and source_key as S; selling_price and source_line as
/// N (the seed stored every attribute as S). Rows go in BatchWriteItem calls of at most 25
/// puts; the UnprocessedItems of an answer are sent again after a capped, jittered
/// exponential backoff until none is left, or max_attempts calls made no full progress
/// (kUnavailable). A put replaces the item with the same sale_id, so a re-run is idempotent.
///
/// Holds a reference to the client, which must outlive it; use from one thread.
class DynamoDbSalesTarget final : public SalesTarget {
 public:
  DynamoDbSalesTarget(dynamodb::DynamoDbClient& client, DynamoDbTargetOptions options);

  std::string Describe() const override;
  /// Check that the table exists and is keyed by sale_id (S) alone. Errors:
  /// kFailedPrecondition naming the table, the endpoint and how to create it.
  Status Prepare() override;
  Result<WriteStats> Write(std::span<const CountrySale> rows, std::string_view source_key,
                           std::stop_token stop) override;

  /// Create the table the way Prepare() expects it (on demand, key sale_id of type S).
  /// Errors: those of DynamoDbClient::CreateTable().
  Status CreateTable();

 private:
  dynamodb::DynamoDbClient& client_;
  DynamoDbTargetOptions options_;
};

}  // namespace retailpipe::load
