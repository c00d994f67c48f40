// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/dynamodb/dynamodb_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "retailpipe/aws/aws_client_options.h"
#include "retailpipe/aws/aws_json_client.h"
#include "retailpipe/aws/fake_http_transport.h"

namespace retailpipe::dynamodb {
namespace {

using ::testing::HasSubstr;

struct Sent {
  std::string target;
  std::string body;
};

class DynamoDbClientTest : public ::testing::Test {
 protected:
  // A client whose every request gets `answers` in turn (the last one repeats).
  std::unique_ptr<DynamoDbClient> Client(std::vector<aws::HttpResponse> answers) {
    aws::AwsClientOptions options;
    options.endpoint = "http://127.0.0.1:1";
    options.credentials = {"AKID", "SECRET", ""};
    options.retry.max_attempts = 1;
    auto transport = std::make_unique<aws::FakeHttpTransport>(
        [this, answers = std::move(answers)](const aws::HttpRequest& request) mutable {
          sent_.push_back({aws::HeaderValue(request, "x-amz-target"), std::string(request.body)});
          aws::HttpResponse response = answers.front();
          if (answers.size() > 1) answers.erase(answers.begin());
          return Result<aws::HttpResponse>(response);
        });
    return std::make_unique<DynamoDbClient>(std::make_unique<aws::AwsJsonClient>(
        aws::AwsJsonService::DynamoDb(), options, std::move(transport)));
  }

  static aws::HttpResponse Ok(std::string body) { return {200, {}, std::move(body)}; }

  std::vector<Sent> sent_;
};

TEST_F(DynamoDbClientTest, BatchWriteItemSendsTypedPutsAndReturnsTheUnprocessedOnes) {
  auto client = Client({Ok(R"({"UnprocessedItems":{"stage.sales":[{"PutRequest":{"Item":)"
                           R"({"sale_id":{"S":"b"},"selling_price":{"N":"2.5"}}}}]}})")});
  std::vector<Item> puts = {
      {{"sale_id", AttributeValue::S("a")}, {"selling_price", AttributeValue::N("1.25")}},
      {{"sale_id", AttributeValue::S("b")}, {"selling_price", AttributeValue::N("2.5")}}};
  auto left = client->BatchWriteItem("stage.sales", puts);
  ASSERT_TRUE(left.ok()) << left.status().ToString();
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ((*left)[0], puts[1]);
  ASSERT_EQ(sent_.size(), 1u);
  EXPECT_EQ(sent_[0].target, "DynamoDB_20120810.BatchWriteItem");
  EXPECT_EQ(sent_[0].body,
            R"({"RequestItems":{"stage.sales":[{"PutRequest":{"Item":{"sale_id":{"S":"a"},)"
            R"("selling_price":{"N":"1.25"}}}},{"PutRequest":{"Item":{"sale_id":{"S":"b"},)"
            R"("selling_price":{"N":"2.5"}}}}]}})");
  EXPECT_EQ(client->calls(), 1);
}

TEST_F(DynamoDbClientTest, RefusesMoreThan25PutsItself) {
  auto client = Client({Ok("{}")});
  std::vector<Item> puts(26, Item{{"sale_id", AttributeValue::S("x")}});
  auto left = client->BatchWriteItem("t", puts);
  ASSERT_FALSE(left.ok());
  EXPECT_EQ(left.error().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(sent_.empty()) << "the emulator would accept 26; real DynamoDB would not";
  puts.resize(25);
  EXPECT_TRUE(client->BatchWriteItem("t", puts).ok());
}

TEST_F(DynamoDbClientTest, DescribeTableReadsTheKeyOrSaysThereIsNone) {
  auto client =
      Client({Ok(R"({"Table":{"TableName":"t","TableStatus":"ACTIVE","ItemCount":3,)"
                 R"("KeySchema":[{"AttributeName":"sale_id","KeyType":"HASH"}],)"
                 R"("AttributeDefinitions":[{"AttributeName":"sale_id","AttributeType":"S"}]}})"),
              {400,
               {},
               R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",)"
               R"("message":"Requested resource not found"})"}});
  auto found = client->DescribeTable("t");
  ASSERT_TRUE(found.ok() && found->has_value()) << found.status().ToString();
  EXPECT_EQ((*found)->status, "ACTIVE");
  EXPECT_EQ((*found)->hash_key, "sale_id");
  EXPECT_EQ((*found)->hash_key_type, AttributeType::kString);
  EXPECT_FALSE((*found)->has_range_key);
  EXPECT_EQ((*found)->item_count, 3);
  auto missing = client->DescribeTable("nope");
  ASSERT_TRUE(missing.ok()) << missing.status().ToString();
  EXPECT_FALSE(missing->has_value());
}

TEST_F(DynamoDbClientTest, GetItemScanAndCount) {
  auto client = Client(
      {Ok(R"({"Item":{"sale_id":{"S":"a"},"ok":{"BOOL":true},"gone":{"NULL":true}}})"), Ok("{}"),
       Ok(R"({"Items":[{"sale_id":{"S":"a"}}],"LastEvaluatedKey":{"sale_id":{"S":"a"}}})"),
       Ok(R"({"Count":2,"LastEvaluatedKey":{"sale_id":{"S":"b"}}})"), Ok(R"({"Count":1})")});
  auto item = client->GetItem("t", {{"sale_id", AttributeValue::S("a")}});
  ASSERT_TRUE(item.ok() && item->has_value()) << item.status().ToString();
  EXPECT_EQ((*item)->at("ok").value, "true");
  EXPECT_EQ((*item)->at("gone").type, AttributeType::kNull);
  EXPECT_THAT(sent_.back().body, HasSubstr(R"("ConsistentRead":true)"));
  auto none = client->GetItem("t", {{"sale_id", AttributeValue::S("z")}});
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  auto page = client->Scan("t", {}, 1);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->last_evaluated_key.at("sale_id").value, "a");
  auto count = client->CountItems("t");
  ASSERT_TRUE(count.ok()) << count.status().ToString();
  EXPECT_EQ(*count, 3);
  EXPECT_THAT(sent_.back().body, HasSubstr(R"("ExclusiveStartKey":{"sale_id":{"S":"b"}})"));
}

TEST_F(DynamoDbClientTest, ErrorsNameTheOperationAndTheEndpoint) {
  auto client = Client({{400,
                         {},
                         R"({"__type":"com.amazon.coral.validate#ValidationException",)"
                         R"("message":"bad"})"}});
  Status status = client->PutItem("t", {{"sale_id", AttributeValue::S("a")}});
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("PutItem at http://127.0.0.1:1"));
  EXPECT_THAT(status.message(), HasSubstr("ValidationException"));
}

}  // namespace
}  // namespace retailpipe::dynamodb
