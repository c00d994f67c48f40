// SPDX-License-Identifier: Apache-2.0
// The DynamoDB client, the DynamoDB target and the country sales loader against the emulator
// (scripts/aws_emulator.sh start). Each test makes its own table and deletes it.
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "retailpipe/aws/aws_client_options.h"
#include "retailpipe/db/warehouse.h"
#include "retailpipe/dynamodb/dynamodb_client.h"
#include "retailpipe/load/country_sales_loader.h"
#include "retailpipe/load/dynamodb_sales_target.h"
#include "retailpipe/load/quarantine_log.h"
#include "retailpipe/storage/object_store.h"

namespace retailpipe::load {
namespace {

using dynamodb::AttributeType;
using dynamodb::AttributeValue;
using dynamodb::Item;

constexpr const char* kStartCommand =
    "scripts/aws_emulator.sh start && eval \"$(scripts/aws_emulator.sh env)\"";

std::string Unique(const std::string& prefix) {
  static std::random_device device;
  return prefix + "." + std::to_string(::getpid()) + "." + std::to_string(device() % 1000000);
}

std::vector<CountrySale> Sales(int first, int n, const char* price = "10.57") {
  std::vector<CountrySale> sales;
  for (int i = first; i < first + n; ++i) {
    sales.push_back({"US-" + std::to_string(i), "p" + std::to_string(i % 10 + 1), "US",
                     "2025-07-10 02:57:08.123456", price, "USD", i + 2});
  }
  return sales;
}

class DynamoDbEmulator : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* endpoint = std::getenv("RP_TEST_DYNAMODB_ENDPOINT");
    if (endpoint == nullptr || *endpoint == '\0') {
      const char* required = std::getenv("RP_REQUIRE_SERVERS");
      if (required != nullptr && *required != '\0') {
        FAIL() << "RP_REQUIRE_SERVERS is set but RP_TEST_DYNAMODB_ENDPOINT is not";
      }
      GTEST_SKIP() << "RP_TEST_DYNAMODB_ENDPOINT is not set; run: " << kStartCommand;
    }
    aws::AwsClientOptions options;
    options.endpoint = endpoint;
    options.credentials = {"rptest", "rptest", ""};
    auto client = dynamodb::DynamoDbClient::Make(options);
    ASSERT_TRUE(client.ok()) << client.status().ToString();
    client_ = std::move(*client);
    table_ = Unique("stage.sales");
  }

  void TearDown() override {
    if (client_ && created_) {
      EXPECT_TRUE(client_->DeleteTable(table_).ok());
    }
  }

  void Create() {
    ASSERT_TRUE(client_->CreateTable(table_, "sale_id", AttributeType::kString).ok());
    created_ = true;
  }

  std::unique_ptr<DynamoDbSalesTarget> Target() {
    DynamoDbTargetOptions options;
    options.table = table_;
    return std::make_unique<DynamoDbSalesTarget>(*client_, options);
  }

  std::unique_ptr<dynamodb::DynamoDbClient> client_;
  std::string table_;
  bool created_ = false;
};

TEST_F(DynamoDbEmulator, ClientCreatesWritesReadsScansAndCounts) {
  Create();
  auto description = client_->DescribeTable(table_);
  ASSERT_TRUE(description.ok() && description->has_value()) << description.status().ToString();
  EXPECT_EQ((*description)->status, "ACTIVE");
  EXPECT_EQ((*description)->hash_key, "sale_id");
  std::vector<Item> puts;
  for (int i = 0; i < 25; ++i) {
    puts.push_back({{"sale_id", AttributeValue::S("k" + std::to_string(i))},
                    {"selling_price", AttributeValue::N(std::to_string(i) + ".25")}});
  }
  auto left = client_->BatchWriteItem(table_, puts);
  ASSERT_TRUE(left.ok()) << left.status().ToString();
  EXPECT_TRUE(left->empty());
  auto item = client_->GetItem(table_, {{"sale_id", AttributeValue::S("k7")}});
  ASSERT_TRUE(item.ok() && item->has_value()) << item.status().ToString();
  EXPECT_EQ((*item)->at("selling_price"), AttributeValue::N("7.25")) << "a number stays a number";
  size_t seen = 0;
  Item start;
  int pages = 0;
  do {
    auto page = client_->Scan(table_, start, 10);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    seen += page->items.size();
    start = page->last_evaluated_key;
    ++pages;
  } while (!start.empty() && pages < 10);
  EXPECT_EQ(seen, 25u);
  EXPECT_GE(pages, 3);
  auto count = client_->CountItems(table_);
  ASSERT_TRUE(count.ok()) << count.status().ToString();
  EXPECT_EQ(*count, 25);
  auto missing = client_->DescribeTable(Unique("absent"));
  ASSERT_TRUE(missing.ok()) << missing.status().ToString();
  EXPECT_FALSE(missing->has_value());
}

TEST_F(DynamoDbEmulator, TargetWritesTypedItemsInBatchesOf25AndRerunsIdempotently) {
  auto target = Target();
  Status missing = target->Prepare();
  EXPECT_EQ(missing.code(), StatusCode::kFailedPrecondition) << missing.ToString();
  Create();
  ASSERT_TRUE(target->Prepare().ok());
  auto stats = target->Write(Sales(0, 60), "Inbound/US/a.csv", {});
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->rows, 60);
  EXPECT_EQ(stats->requests, 3);
  auto again = target->Write(Sales(0, 60, "11.25"), "Inbound/US/a.csv", {});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  auto count = client_->CountItems(table_);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 60) << "the key replaces items";
  auto item = client_->GetItem(table_, {{"sale_id", AttributeValue::S("US-42")}});
  ASSERT_TRUE(item.ok() && item->has_value());
  EXPECT_EQ((*item)->at("selling_price"), AttributeValue::N("11.25"));
  EXPECT_EQ((*item)->at("source_line"), AttributeValue::N("44"));
  EXPECT_EQ((*item)->at("datetime"), AttributeValue::S("2025-07-10 02:57:08.123456"));
  EXPECT_EQ((*item)->at("country_of_sale"), AttributeValue::S("US"));
}

TEST_F(DynamoDbEmulator, TheLoaderMovesFilesOnlyAfterTheirItemsLanded) {
  Create();
  auto store = storage::OpenObjectStore("mem://dynamo");
  ASSERT_TRUE(store.ok());
  auto wh = db::OpenWarehouse("duckdb::memory:");
  ASSERT_TRUE(wh.ok());
  std::string text = "sale_id,product_code,country_of_sale,datetime,selling_price,currency\n";
  for (const CountrySale& s : Sales(0, 130)) {
    text +=
        s.sale_id + "," + s.product_code + ",US," + s.datetime + "," + s.selling_price + ",USD\n";
  }
  text += "US-bad,p1,US,2025-07-10 02:57:08,free,USD\n";
  ASSERT_TRUE((*store)->Put("Inbound/US/US_topic-p0-o00000000000000000000.csv", text).ok());
  auto target = Target();
  QuarantineLog quarantine(**wh);
  ASSERT_TRUE(quarantine.EnsureSchema().ok());
  CountrySalesLoader loader(**store, *target, quarantine, LoaderOptions{});
  auto summary = loader.LoadCountry("US");
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->rows_loaded, 130);
  EXPECT_EQ(summary->rows_quarantined, 1);
  EXPECT_EQ(summary->requests, 6);  // 130 rows in batches of 25
  auto count = client_->CountItems(table_);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 130);
  auto moved = (*store)->Head("Inbound/US/Processed/US_topic-p0-o00000000000000000000.csv");
  ASSERT_TRUE(moved.ok());
  EXPECT_TRUE(moved->has_value());
}

}  // namespace
}  // namespace retailpipe::load
