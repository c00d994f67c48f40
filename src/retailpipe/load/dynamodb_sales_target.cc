// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/load/dynamodb_sales_target.h"

#include <algorithm>
#include <thread>
#include <vector>

#include "retailpipe/aws/retry_policy.h"
#include "retailpipe/base/log.h"
#include "retailpipe/dynamodb/dynamodb_client.h"

namespace retailpipe::load {
namespace {

using dynamodb::AttributeValue;
using dynamodb::Item;

constexpr std::string_view kKey = "sale_id";

Item ToItem(const CountrySale& sale, std::string_view source_key) {
  return {{"sale_id", AttributeValue::S(sale.sale_id)},
          {"product_code", AttributeValue::S(sale.product_code)},
          {"country_of_sale", AttributeValue::S(sale.country_of_sale)},
          {"datetime", AttributeValue::S(sale.datetime)},
          {"selling_price", AttributeValue::N(sale.selling_price)},
          {"currency", AttributeValue::S(sale.currency)},
          {"source_key", AttributeValue::S(std::string(source_key))},
          {"source_line", AttributeValue::N(std::to_string(sale.line_number))}};
}

}  // namespace

DynamoDbSalesTarget::DynamoDbSalesTarget(dynamodb::DynamoDbClient& client,
                                         DynamoDbTargetOptions options)
    : client_(client), options_(std::move(options)) {
  if (!options_.sleep) {
    options_.sleep = [](std::chrono::milliseconds wait) { std::this_thread::sleep_for(wait); };
  }
}

std::string DynamoDbSalesTarget::Describe() const {
  return "DynamoDB table " + options_.table + " at " + client_.endpoint();
}

Status DynamoDbSalesTarget::CreateTable() {
  return client_.CreateTable(options_.table, std::string(kKey), dynamodb::AttributeType::kString);
}

Status DynamoDbSalesTarget::Prepare() {
  RP_ASSIGN_OR_RETURN(auto description, client_.DescribeTable(options_.table));
  if (!description) {
    return Status::FailedPrecondition(
        Describe() +
        " does not exist; create it (key sale_id, type S, on demand) with "
        "`retailpipe load country-sales --create-table`, or `aws dynamodb "
        "create-table --table-name " +
        options_.table +
        " --attribute-definitions AttributeName=sale_id,AttributeType=S --key-schema "
        "AttributeName=sale_id,KeyType=HASH --billing-mode PAY_PER_REQUEST`");
  }
  if (description->hash_key != kKey || description->has_range_key ||
      description->hash_key_type != dynamodb::AttributeType::kString) {
    return Status::FailedPrecondition(
        Describe() + " is keyed by '" + description->hash_key +
        (description->has_range_key ? "' and a sort key" : "'") +
        "; the loader needs the key sale_id of type S alone, so that a re-run replaces items");
  }
  return Status::OK();
}

Result<WriteStats> DynamoDbSalesTarget::Write(std::span<const CountrySale> rows,
                                              std::string_view source_key, std::stop_token stop) {
  WriteStats stats;
  const size_t batch = dynamodb::DynamoDbClient::kMaxBatchWriteItems;
  for (size_t first = 0; first < rows.size(); first += batch) {
    std::vector<Item> pending;
    for (size_t i = first; i < std::min(rows.size(), first + batch); ++i) {
      pending.push_back(ToItem(rows[i], source_key));
    }
    for (int attempt = 1; !pending.empty(); ++attempt) {
      if (stop.stop_requested()) return Status::Cancelled("the load was asked to stop");
      const size_t sent = pending.size();
      RP_ASSIGN_OR_RETURN(pending, client_.BatchWriteItem(options_.table, pending));
      ++stats.requests;
      stats.rows += static_cast<int64_t>(sent - pending.size());
      if (pending.empty()) break;
      stats.retried_rows += static_cast<int64_t>(pending.size());
      if (attempt >= options_.max_attempts) {
        return Status::Unavailable(std::to_string(pending.size()) +
                                   " items are still unprocessed by " + Describe() + " after " +
                                   std::to_string(attempt) +
                                   " BatchWriteItem calls; the table is throttling: raise its "
                                   "capacity or retry later");
      }
      const auto wait = aws::BackoffDelay(attempt, options_.backoff_base, options_.backoff_cap,
                                          aws::RandomFraction());
      log::Get("load").debug("{}: {} of {} items unprocessed; again in {} ms", Describe(),
                             pending.size(), sent, wait.count());
      options_.sleep(wait);
    }
  }
  return stats;
}

}  // namespace retailpipe::load
