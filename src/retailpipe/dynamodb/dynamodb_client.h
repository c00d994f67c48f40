// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "retailpipe/aws/fwd.h"
#include "retailpipe/base/result.h"
#include "retailpipe/dynamodb/item.h"

namespace retailpipe::dynamodb {

/// What DescribeTable says of a table.
struct TableDescription {
  std::string name;
  std::string status;  ///< "CREATING", "ACTIVE", ...
  std::string hash_key;
  AttributeType hash_key_type = AttributeType::kString;
  bool has_range_key = false;
  int64_t item_count = 0;  ///< Refreshed by DynamoDB about every six hours.
};

/// One page of a Scan.
struct ScanPage {
  std::vector<Item> items;
  Item last_evaluated_key;  ///< Empty on the last page.
};

/// The DynamoDB operations retailpipe uses, over the AWS JSON protocol (aws::AwsJsonClient:
/// SigV4, retries on 5xx and throttling with capped jittered backoff). The endpoint is
/// configurable, so the same code talks to AWS and to the emulator of scripts/aws_emulator.sh.
///
/// Owns its AwsJsonClient. Every call is one request (plus the client's own retries), so
/// calls() counts the requests made. Safe for use from one thread at a time.
class DynamoDbClient {
 public:
  /// BatchWriteItem's limit on requests per call.
  static constexpr size_t kMaxBatchWriteItems = 25;

  /// Return a client over libcurl for `options` (endpoint, region, credentials, retry).
  /// Errors: those of aws::AwsJsonClient::Make().
  static Result<std::unique_ptr<DynamoDbClient>> Make(const aws::AwsClientOptions& options);

  /// Take a JSON client; for tests with a fake transport, and for Make().
  explicit DynamoDbClient(std::unique_ptr<aws::AwsJsonClient> client);
  ~DynamoDbClient();
  DynamoDbClient(const DynamoDbClient&) = delete;
  DynamoDbClient& operator=(const DynamoDbClient&) = delete;

  /// Create an on-demand (PAY_PER_REQUEST) table keyed by `hash_key` of `key_type` and wait
  /// until it is ACTIVE (up to `wait`). Errors: kFailedPrecondition if it exists
  /// (ResourceInUseException); kUnavailable if it is not ACTIVE in time; those of the call.
  Status CreateTable(const std::string& table, const std::string& hash_key, AttributeType key_type,
                     std::chrono::milliseconds wait = std::chrono::seconds(60));

  /// Delete the table. Errors: kNotFound if there is none; those of the call.
  Status DeleteTable(const std::string& table);

  /// Return the table's description, or nullopt if it does not exist.
  Result<std::optional<TableDescription>> DescribeTable(const std::string& table);

  /// Send up to kMaxBatchWriteItems puts to `table` in one BatchWriteItem and return the
  /// puts DynamoDB did not process (UnprocessedItems): the caller sends them again later.
  /// Errors: kInvalidArgument for more than 25 items (real DynamoDB refuses them; the
  /// emulator does not, so this is checked here), two puts with the same key attributes
  /// cannot be detected here and are refused by DynamoDB; those of the call.
  Result<std::vector<Item>> BatchWriteItem(const std::string& table, std::span<const Item> puts);

  /// Write one item (the seed's put_item).
  Status PutItem(const std::string& table, const Item& item);

  /// Return the item with `key`, read consistently, or nullopt.
  Result<std::optional<Item>> GetItem(const std::string& table, const Item& key);

  /// Return one page of the table, up to `limit` items, after `exclusive_start_key` (empty
  /// for the first page); read consistently.
  Result<ScanPage> Scan(const std::string& table, const Item& exclusive_start_key, int limit);

  /// Return the number of items, counted by a paged consistent Scan (Select COUNT).
  Result<int64_t> CountItems(const std::string& table);

  /// Return the number of requests made so far (without the JSON client's own retries).
  int64_t calls() const { return calls_; }

  /// Return the URL requests go to, for messages.
  const std::string& endpoint() const;

 private:
  Result<std::string> Call(const char* operation, const std::string& body);

  std::unique_ptr<aws::AwsJsonClient> client_;
  int64_t calls_ = 0;
};

}  // namespace retailpipe::dynamodb
