// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/load/dynamodb_sales_target.h"

#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include "retailpipe/aws/aws_client_options.h"
#include "retailpipe/aws/aws_json_client.h"
#include "retailpipe/aws/fake_http_transport.h"
#include "retailpipe/dynamodb/dynamodb_client.h"

namespace retailpipe::load {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A DynamoDB stand-in: one table keyed by sale_id; BatchWriteItem may leave the last items of
// a request unprocessed, as DynamoDB does under throttling.
class FakeDynamoDb {
 public:
  bool table_exists = true;
  std::string hash_key = "sale_id";
  /// How many items of BatchWriteItem call n (0-based) to leave unprocessed.
  std::function<size_t(size_t call, size_t items)> unprocessed = [](size_t, size_t) { return 0; };
  std::vector<size_t> batch_sizes;
  std::map<std::string, std::string> items;  // sale_id -> item JSON

  Result<aws::HttpResponse> Handle(const aws::HttpRequest& request) {
    const std::string target = aws::HeaderValue(request, "x-amz-target");
    if (target.ends_with(".DescribeTable")) return Describe();
    if (target.ends_with(".CreateTable")) {
      table_exists = true;
      return aws::HttpResponse{200, {}, "{}"};
    }
    if (target.ends_with(".BatchWriteItem")) return BatchWrite(request.body);
    return aws::HttpResponse{400, {}, R"({"__type":"UnknownOperationException"})"};
  }

 private:
  Result<aws::HttpResponse> Describe() const {
    if (!table_exists) {
      return aws::HttpResponse{400, {}, R"({"__type":"x#ResourceNotFoundException"})"};
    }
    return aws::HttpResponse{
        200,
        {},
        R"({"Table":{"TableName":"stage.sales","TableStatus":"ACTIVE","KeySchema":[{"AttributeName":")" +
            hash_key + R"(","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":")" +
            hash_key + R"(","AttributeType":"S"}]}})"};
  }

  Result<aws::HttpResponse> BatchWrite(std::string_view body) {
    simdjson::dom::parser parser;
    simdjson::dom::array requests;
    if (parser.parse(body.data(), body.size())["RequestItems"]["stage.sales"].get_array().get(
            requests) != simdjson::SUCCESS) {
      return aws::HttpResponse{400, {}, R"({"__type":"x#ValidationException"})"};
    }
    const size_t n = requests.size();
    batch_sizes.push_back(n);
    if (n > 25) return aws::HttpResponse{400, {}, R"({"__type":"x#ValidationException"})"};
    const size_t keep = n - std::min(n, unprocessed(batch_sizes.size() - 1, n));
    std::string left;
    size_t i = 0;
    for (simdjson::dom::element request : requests) {
      std::string json = simdjson::to_string(request);
      if (i++ < keep) {
        std::string_view id = request["PutRequest"]["Item"]["sale_id"]["S"].get_string().value();
        items[std::string(id)] = simdjson::to_string(request["PutRequest"]["Item"]);
      } else {
        left += (left.empty() ? "" : ",") + json;
      }
    }
    return aws::HttpResponse{200, {}, R"({"UnprocessedItems":{"stage.sales":[)" + left + "]}}"};
  }
};

std::vector<CountrySale> Sales(int n) {
  std::vector<CountrySale> sales;
  for (int i = 0; i < n; ++i) {
    sales.push_back({"US-" + std::to_string(i), "p1", "US", "2025-07-10 02:57:08.123456", "10.57",
                     "USD", i + 2});
  }
  return sales;
}

class DynamoDbTargetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    aws::AwsClientOptions options;
    options.endpoint = "http://127.0.0.1:1";
    options.credentials = {"AKID", "SECRET", ""};
    options.retry.max_attempts = 1;
    client_ = std::make_unique<dynamodb::DynamoDbClient>(std::make_unique<aws::AwsJsonClient>(
        aws::AwsJsonService::DynamoDb(), options,
        std::make_unique<aws::FakeHttpTransport>(
            [this](const aws::HttpRequest& request) { return fake_.Handle(request); })));
    DynamoDbTargetOptions target_options;
    target_options.sleep = [this](std::chrono::milliseconds wait) { sleeps_.push_back(wait); };
    target_options.max_attempts = 4;
    target_ = std::make_unique<DynamoDbSalesTarget>(*client_, target_options);
  }

  FakeDynamoDb fake_;
  std::vector<std::chrono::milliseconds> sleeps_;
  std::unique_ptr<dynamodb::DynamoDbClient> client_;
  std::unique_ptr<DynamoDbSalesTarget> target_;
};

TEST_F(DynamoDbTargetTest, WritesInBatchesOf25WithTypedAttributes) {
  std::vector<CountrySale> sales = Sales(60);
  auto stats = target_->Write(sales, "Inbound/US/a.csv", {});
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_THAT(fake_.batch_sizes, ElementsAre(25, 25, 10));
  EXPECT_EQ(stats->rows, 60);
  EXPECT_EQ(stats->requests, 3);
  EXPECT_EQ(stats->retried_rows, 0);
  ASSERT_EQ(fake_.items.size(), 60u);
  const std::string& item = fake_.items.at("US-7");
  EXPECT_THAT(item, HasSubstr(R"("selling_price":{"N":"10.57"})"));
  EXPECT_THAT(item, HasSubstr(R"("source_line":{"N":"9"})"));
  EXPECT_THAT(item, HasSubstr(R"("datetime":{"S":"2025-07-10 02:57:08.123456"})"));
  EXPECT_THAT(item, HasSubstr(R"("source_key":{"S":"Inbound/US/a.csv"})"));
  EXPECT_TRUE(sleeps_.empty());
}

TEST_F(DynamoDbTargetTest, SendsUnprocessedItemsAgainAfterABackoff) {
  // The first two calls leave 10 and then 3 items unprocessed.
  fake_.unprocessed = [](size_t call, size_t) -> size_t {
    return call == 0 ? 10 : call == 1 ? 3 : 0;
  };
  auto stats = target_->Write(Sales(25), "k", {});
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_THAT(fake_.batch_sizes, ElementsAre(25, 10, 3));
  EXPECT_EQ(stats->rows, 25);
  EXPECT_EQ(stats->requests, 3);
  EXPECT_EQ(stats->retried_rows, 13);
  EXPECT_EQ(fake_.items.size(), 25u);
  ASSERT_EQ(sleeps_.size(), 2u);
  EXPECT_LE(sleeps_[0].count(), 50);
  EXPECT_LE(sleeps_[1].count(), 100);
}

TEST_F(DynamoDbTargetTest, GivesUpWhenTheTableKeepsThrottling) {
  fake_.unprocessed = [](size_t, size_t n) { return n; };
  auto stats = target_->Write(Sales(5), "k", {});
  ASSERT_FALSE(stats.ok());
  EXPECT_EQ(stats.error().code(), StatusCode::kUnavailable);
  EXPECT_THAT(stats.error().message(), HasSubstr("5 items are still unprocessed"));
  EXPECT_EQ(fake_.batch_sizes.size(), 4u);
}

TEST_F(DynamoDbTargetTest, PrepareNamesAMissingOrMiskeyedTableAndCreateTableFixesIt) {
  fake_.table_exists = false;
  Status missing = target_->Prepare();
  EXPECT_EQ(missing.code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(missing.message(),
              HasSubstr("DynamoDB table stage.sales at http://127.0.0.1:1 does not exist"));
  EXPECT_THAT(missing.message(), HasSubstr("--create-table"));
  ASSERT_TRUE(target_->CreateTable().ok());
  EXPECT_TRUE(target_->Prepare().ok());
  fake_.hash_key = "id";
  EXPECT_THAT(target_->Prepare().message(), HasSubstr("keyed by 'id'"));
}

TEST_F(DynamoDbTargetTest, StopsBetweenRequests) {
  std::stop_source stop;
  stop.request_stop();
  auto stats = target_->Write(Sales(3), "k", stop.get_token());
  ASSERT_FALSE(stats.ok());
  EXPECT_EQ(stats.error().code(), StatusCode::kCancelled);
  EXPECT_TRUE(fake_.batch_sizes.empty());
}

}  // namespace
}  // namespace retailpipe::load
