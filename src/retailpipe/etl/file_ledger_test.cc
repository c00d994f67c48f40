// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/etl/file_ledger.h"

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "retailpipe/db/sql_script.h"
#include "retailpipe/etl/sales_sql.h"

namespace retailpipe::etl {
namespace {

class FileLedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto wh = db::OpenWarehouse("duckdb::memory:");
    ASSERT_TRUE(wh.ok()) << wh.status().ToString();
    wh_ = std::move(wh).value();
    Status schema = db::ExecuteScript(*wh_, std::string(BuiltinSalesSql("schema.sql")));
    ASSERT_TRUE(schema.ok()) << schema.ToString();
    ledger_ = std::make_unique<FileLedger>(*wh_);
  }

  int64_t RowCount() {
    auto rs = wh_->Query("SELECT count(*) FROM product_staging_table");
    EXPECT_TRUE(rs.ok()) << rs.status().ToString();
    return rs.ok() ? std::get<int64_t>(rs->rows.at(0).at(0)) : -1;
  }

  std::optional<LedgerEntry> Find(const std::string& name, const std::string& checksum) {
    auto found = ledger_->Find(name, checksum);
    EXPECT_TRUE(found.ok()) << found.status().ToString();
    return found.ok() ? *found : std::nullopt;
  }

  static LedgerEntry Entry(std::string name, std::string checksum, std::string batch) {
    LedgerEntry e;
    e.file_name = std::move(name);
    e.checksum = std::move(checksum);
    e.location = "file:///store/sales_data/" + e.file_name;
    e.size_bytes = 1234;
    e.batch_id = std::move(batch);
    return e;
  }

  std::unique_ptr<db::Warehouse> wh_;
  std::unique_ptr<FileLedger> ledger_;
};

TEST_F(FileLedgerTest, ClaimedEntriesAreActiveInBatchAndNameOrder) {
  ASSERT_TRUE(ledger_
                  ->Claim({Entry("b.csv", "c2", "batch-2"), Entry("z.csv", "c3", "batch-1"),
                           Entry("a.csv", "c1", "batch-2")})
                  .ok());
  auto active = ledger_->ActiveEntries();
  ASSERT_TRUE(active.ok()) << active.status().ToString();
  ASSERT_EQ(active->size(), 3u);
  EXPECT_EQ((*active)[0].file_name, "z.csv");
  EXPECT_EQ((*active)[1].file_name, "a.csv");
  EXPECT_EQ((*active)[2].file_name, "b.csv");
  const LedgerEntry& a = (*active)[1];
  EXPECT_EQ(a.checksum, "c1");
  EXPECT_EQ(a.location, "file:///store/sales_data/a.csv");
  EXPECT_EQ(a.size_bytes, 1234);
  EXPECT_EQ(a.batch_id, "batch-2");
  EXPECT_EQ(a.status, FileStatus::kActive);
  EXPECT_EQ(a.reason_code, "");
}

TEST_F(FileLedgerTest, ClaimingAgainDoesNotDuplicate) {
  ASSERT_TRUE(ledger_->Claim({Entry("a.csv", "c1", "batch-1")}).ok());
  ASSERT_TRUE(ledger_->Claim({Entry("a.csv", "c1", "batch-2")}).ok());
  EXPECT_EQ(RowCount(), 1);
  auto found = Find("a.csv", "c1");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->batch_id, "batch-2");
}

TEST_F(FileLedgerTest, FindMatchesNameAndChecksum) {
  ASSERT_TRUE(ledger_->Claim({Entry("a.csv", "c1", "batch-1")}).ok());
  EXPECT_TRUE(Find("a.csv", "c1").has_value());
  EXPECT_FALSE(Find("a.csv", "c2").has_value());
  EXPECT_FALSE(Find("b.csv", "c1").has_value());
}

TEST_F(FileLedgerTest, RecordQuarantineReplacesTheClaim) {
  ASSERT_TRUE(ledger_->Claim({Entry("a.csv", "c1", "batch-1")}).ok());
  LedgerEntry q = Entry("a.csv", "c1", "batch-1");
  q.status = FileStatus::kQuarantined;
  q.reason_code = "MISSING_COLUMNS";
  q.reason = "mandatory column(s) missing: price";
  ASSERT_TRUE(ledger_->RecordQuarantine(q).ok());
  EXPECT_EQ(RowCount(), 1);
  auto found = Find("a.csv", "c1");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->status, FileStatus::kQuarantined);
  EXPECT_EQ(found->reason_code, "MISSING_COLUMNS");
  EXPECT_EQ(found->reason, "mandatory column(s) missing: price");
  auto active = ledger_->ActiveEntries();
  ASSERT_TRUE(active.ok());
  EXPECT_TRUE(active->empty());
}

TEST_F(FileLedgerTest, MarkDoneInsideCommittedTransaction) {
  ASSERT_TRUE(ledger_->Claim({Entry("a.csv", "c1", "b1"), Entry("b.csv", "c2", "b1")}).ok());
  LedgerEntry done = Entry("a.csv", "c1", "b1");
  done.rows_in = 10;
  done.rows_out = 7;
  done.rows_quarantined = 3;
  {
    auto tx = db::Transaction::Begin(*wh_);
    ASSERT_TRUE(tx.ok()) << tx.status().ToString();
    ASSERT_TRUE(ledger_->MarkDone(done).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto found = Find("a.csv", "c1");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->status, FileStatus::kDone);
  EXPECT_EQ(found->rows_in, 10);
  EXPECT_EQ(found->rows_out, 7);
  EXPECT_EQ(found->rows_quarantined, 3);
  auto active = ledger_->ActiveEntries();
  ASSERT_TRUE(active.ok());
  ASSERT_EQ(active->size(), 1u);
  EXPECT_EQ((*active)[0].file_name, "b.csv");
}

TEST_F(FileLedgerTest, MarkDoneIsUndoneWhenTransactionRollsBack) {
  ASSERT_TRUE(ledger_->Claim({Entry("a.csv", "c1", "b1")}).ok());
  {
    auto tx = db::Transaction::Begin(*wh_);
    ASSERT_TRUE(tx.ok()) << tx.status().ToString();
    ASSERT_TRUE(ledger_->MarkDone(Entry("a.csv", "c1", "b1")).ok());
  }
  auto found = Find("a.csv", "c1");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->status, FileStatus::kActive);
}

TEST_F(FileLedgerTest, NameDoneWithOtherContent) {
  ASSERT_TRUE(ledger_->Claim({Entry("a.csv", "old", "b1"), Entry("b.csv", "c2", "b1")}).ok());
  auto before = ledger_->NameDoneWithOtherContent("a.csv", "new");
  ASSERT_TRUE(before.ok());
  EXPECT_FALSE(*before) << "an active entry is not done";
  ASSERT_TRUE(ledger_->MarkDone(Entry("a.csv", "old", "b1")).ok());

  auto other = ledger_->NameDoneWithOtherContent("a.csv", "new");
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  EXPECT_TRUE(*other);
  auto same = ledger_->NameDoneWithOtherContent("a.csv", "old");
  ASSERT_TRUE(same.ok());
  EXPECT_FALSE(*same);
  auto other_name = ledger_->NameDoneWithOtherContent("c.csv", "new");
  ASSERT_TRUE(other_name.ok());
  EXPECT_FALSE(*other_name);
}

}  // namespace
}  // namespace retailpipe::etl
