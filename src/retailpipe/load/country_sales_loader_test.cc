// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/load/country_sales_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "retailpipe/db/warehouse.h"
#include "retailpipe/load/quarantine_log.h"
#include "retailpipe/load/warehouse_sales_target.h"
#include "retailpipe/storage/object_store.h"

namespace retailpipe::load {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kHeader =
    "sale_id,product_code,country_of_sale,datetime,selling_price,currency\n";

std::string Rows(const std::string& country, int first, int count, const char* price = "10.50") {
  std::string text = kHeader;
  for (int i = first; i < first + count; ++i) {
    text += country + "-" + std::to_string(i) + ",p" + std::to_string(i % 10 + 1) + "," + country +
            ",2025-07-10 02:57:08.123456," + price + ",USD\n";
  }
  return text;
}

class LoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = storage::OpenObjectStore("mem://loader");
    ASSERT_TRUE(store.ok());
    store_ = std::move(*store);
    auto wh = db::OpenWarehouse("duckdb::memory:");
    ASSERT_TRUE(wh.ok()) << wh.status().ToString();
    wh_ = std::move(*wh);
    target_ = std::make_unique<WarehouseSalesTarget>(*wh_);
    quarantine_ = std::make_unique<QuarantineLog>(*wh_);
    ASSERT_TRUE(target_->Prepare().ok());
    ASSERT_TRUE(target_->Prepare().ok()) << "twice is fine";
    ASSERT_TRUE(quarantine_->EnsureSchema().ok());
  }

  void Put(const std::string& key, const std::string& text) {
    ASSERT_TRUE(store_->Put(key, text).ok());
  }

  Result<CountryLoadSummary> Load(const std::string& country, SalesTarget* target = nullptr,
                                  std::stop_token stop = {}) {
    LoaderOptions options;
    options.list_page_size = 1;  // every object on its own page
    CountrySalesLoader loader(*store_, target != nullptr ? *target : *target_, *quarantine_,
                              options);
    return loader.LoadCountry(country, stop);
  }

  int64_t Count(const std::string& sql) {
    auto rows = wh_->Query(sql);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() ? std::get<int64_t>(rows->rows.at(0).at(0)) : -1;
  }

  std::vector<std::string> Keys(const std::string& prefix) {
    std::vector<std::string> keys;
    auto all = store_->ListAll(prefix);
    EXPECT_TRUE(all.ok());
    for (const auto& info : *all) keys.push_back(info.key);
    return keys;
  }

  std::unique_ptr<storage::ObjectStore> store_;
  std::unique_ptr<db::Warehouse> wh_;
  std::unique_ptr<WarehouseSalesTarget> target_;
  std::unique_ptr<QuarantineLog> quarantine_;
};

TEST_F(LoaderTest, LoadsTheTopLevelOnlyAndMovesEachFileWhenItsRowsLanded) {
  Put("Inbound/US/US_a.csv", Rows("US", 0, 30));
  Put("Inbound/US/US_b.csv", Rows("US", 30, 20) + "bad,p1,US,2025-07-10 02:57:08,oops,USD\n");
  Put("Inbound/US/Archived/US_old.csv", Rows("US", 100, 5));
  Put("Inbound/US/Processed/US_done.csv", Rows("US", 200, 5));
  Put("Inbound/US/notes.txt", "not a csv");
  Put("Inbound/UK/UK_a.csv", Rows("UK", 0, 7));
  auto summary = Load("US");
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->files_loaded, 2);
  EXPECT_EQ(summary->rows_loaded, 50);
  EXPECT_EQ(summary->rows_quarantined, 1);
  EXPECT_TRUE(summary->partial());
  EXPECT_THAT(summary->skipped_objects, ElementsAre("Inbound/US/notes.txt"));
  EXPECT_THAT(Keys("Inbound/US/"),
              ElementsAre("Inbound/US/Archived/US_old.csv", "Inbound/US/Processed/US_a.csv",
                          "Inbound/US/Processed/US_b.csv", "Inbound/US/Processed/US_done.csv",
                          "Inbound/US/notes.txt"));
  EXPECT_EQ(Count("SELECT count(*) FROM stage_sales"), 50);
  EXPECT_EQ(Count("SELECT count(*) FROM stage_sales WHERE country_of_sale <> 'US'"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM stage_sales WHERE selling_price = 10.5 AND "
                  "datetime = TIMESTAMP '2025-07-10 02:57:08.123456'"),
            50)
      << "typed columns: a number and a timestamp";
  EXPECT_EQ(Count("SELECT count(*) FROM stage_sales_incoming"), 0);
  auto quarantined = wh_->Query(
      "SELECT file_key, line_number, reason_code, raw_line, stored_at FROM "
      "country_sales_quarantine");
  ASSERT_TRUE(quarantined.ok());
  ASSERT_EQ(quarantined->num_rows(), 1u);
  EXPECT_EQ(model::ToText(quarantined->rows[0][0]), "Inbound/US/US_b.csv");
  EXPECT_EQ(model::ToText(quarantined->rows[0][1]), "22");
  EXPECT_EQ(model::ToText(quarantined->rows[0][2]), "BAD_PRICE");
  EXPECT_EQ(model::ToText(quarantined->rows[0][4]), "Inbound/US/Processed/US_b.csv");
}

TEST_F(LoaderTest, ARerunOfTheSameFilesChangesNothing) {
  Put("Inbound/DE/a.csv", Rows("DE", 0, 10) + "x,p1,DE,nope,1,EUR\n");
  ASSERT_TRUE(Load("DE").ok());
  // The files come back (a crash before the move, or a replayed sink) with a new price.
  Put("Inbound/DE/a.csv", Rows("DE", 0, 10, "11.25") + "x,p1,DE,nope,1,EUR\n");
  auto again = Load("DE");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->rows_loaded, 10);
  EXPECT_EQ(Count("SELECT count(*) FROM stage_sales"), 10);
  EXPECT_EQ(Count("SELECT count(*) FROM stage_sales WHERE selling_price = 11.25"), 10)
      << "the key replaces rows";
  EXPECT_EQ(Count("SELECT count(*) FROM country_sales_quarantine"), 1);
}

TEST_F(LoaderTest, MovesARefusedFileToQuarantineWithOneRow) {
  Put("Inbound/FR/bad.csv", "sale_id,price\n1,2\n");
  Put("Inbound/FR/empty.csv", "");
  auto summary = Load("FR");
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->files_quarantined, 2);
  EXPECT_EQ(summary->files_loaded, 0);
  EXPECT_THAT(Keys("Inbound/FR/"),
              ElementsAre("Inbound/FR/Quarantine/bad.csv", "Inbound/FR/Quarantine/empty.csv"));
  EXPECT_EQ(Count("SELECT count(*) FROM country_sales_quarantine WHERE line_number = 0 AND "
                  "reason_code IN ('BAD_HEADER', 'EMPTY_FILE')"),
            2);
}

// A target whose writes fail, to check that files stay put.
class BrokenTarget final : public SalesTarget {
 public:
  std::string Describe() const override { return "broken"; }
  Status Prepare() override { return Status::OK(); }
  Result<WriteStats> Write(std::span<const CountrySale>, std::string_view,
                           std::stop_token) override {
    return Status::Unavailable("throttled for good");
  }
};

TEST_F(LoaderTest, AFailedWriteLeavesTheFileInPlace) {
  Put("Inbound/IT/a.csv", Rows("IT", 0, 3));
  BrokenTarget broken;
  auto summary = Load("IT", &broken);
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.error().code(), StatusCode::kUnavailable);
  EXPECT_THAT(summary.error().message(), HasSubstr("while loading Inbound/IT/a.csv"));
  EXPECT_THAT(Keys("Inbound/IT/"), ElementsAre("Inbound/IT/a.csv"));
}

TEST_F(LoaderTest, StopsWhenAsked) {
  Put("Inbound/US/a.csv", Rows("US", 0, 3));
  std::stop_source stop;
  stop.request_stop();
  auto summary = Load("US", nullptr, stop.get_token());
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.error().code(), StatusCode::kCancelled);
  EXPECT_THAT(Keys("Inbound/US/"), ElementsAre("Inbound/US/a.csv"));
}

TEST_F(LoaderTest, AnEmptyFolderIsFine) {
  auto summary = Load("US");
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->files_loaded, 0);
  EXPECT_FALSE(summary->partial());
}

}  // namespace
}  // namespace retailpipe::load
