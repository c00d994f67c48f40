// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/delta/delta_table.h"

#include <gtest/gtest.h>

#include "retailpipe/delta/delta_test_fixture.h"

namespace retailpipe::delta {
namespace {

using testing::DeltaFixture;
using testing::StoreKind;

/// A table with every supported type.
DeltaSchema AllTypes() {
  auto s = SchemaFromDuckDb({{"id", "INTEGER"},
                             {"big", "BIGINT"},
                             {"ratio", "DOUBLE"},
                             {"price", "DECIMAL(10,2)"},
                             {"name", "VARCHAR"},
                             {"day", "DATE"},
                             {"seen_at", "TIMESTAMP"},
                             {"ok", "BOOLEAN"}});
  RP_CHECK(s.ok());
  return *s;
}

constexpr const char* kAllTypesRows =
    "SELECT * FROM (VALUES "
    "(1, 10000000000, 0.5, 12.50, 'alpha', DATE '2024-01-31', TIMESTAMP '2024-01-31 "
    "10:11:12.345678', true), "
    "(2, -5, -1.25, -0.05, 'beta', DATE '2023-12-01', TIMESTAMP '2023-12-01 00:00:00', false), "
    "(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL)) "
    "AS t(id, big, ratio, price, name, day, seen_at, ok)";

class DeltaTableTest : public DeltaFixture {};

TEST_P(DeltaTableTest, CreatesVersionZeroWithProtocolAndSchema) {
  auto table = DeltaTable::Create(*store_, "lake/all_types", AllTypes(), {});
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ((*table)->snapshot().version(), 0);
  auto log = store_->Get("lake/all_types/_delta_log/00000000000000000000.json");
  ASSERT_TRUE(log.ok());
  EXPECT_NE(log->find(R"({"protocol":{"minReaderVersion":1,"minWriterVersion":2}})"),
            std::string::npos);
  EXPECT_NE(log->find(R"(\"name\":\"price\",\"type\":\"decimal(10,2)\")"), std::string::npos);
  EXPECT_NE(log->find(R"("partitionColumns":[])"), std::string::npos);

  auto again = DeltaTable::Create(*store_, "lake/all_types", AllTypes(), {});
  EXPECT_EQ(again.error().code(), StatusCode::kAlreadyExists);
  auto opened = DeltaTable::OpenOrCreate(*store_, "lake/all_types/", AllTypes(), {});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ((*opened)->snapshot().metadata().schema, AllTypes());
  auto other = DeltaTable::OpenOrCreate(*store_, "lake/all_types",
                                        *SchemaFromDuckDb({{"x", "INTEGER"}}), {});
  EXPECT_EQ(other.error().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(DeltaTable::Open(*store_, "lake/missing").error().code(), StatusCode::kNotFound);
}

TEST_P(DeltaTableTest, RejectsBadPartitioning) {
  CreateOptions o;
  o.partition_columns = {"nope"};
  EXPECT_EQ(DeltaTable::Create(*store_, "t", AllTypes(), o).error().code(),
            StatusCode::kInvalidArgument);
  o.partition_columns = {"x"};
  EXPECT_EQ(
      DeltaTable::Create(*store_, "t", *SchemaFromDuckDb({{"x", "INTEGER"}}), o).error().code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(DeltaTable::Create(*store_, "", AllTypes(), {}).error().code(),
            StatusCode::kInvalidArgument);
}

TEST_P(DeltaTableTest, AppendsEveryTypeAndReadsItBackThroughAView) {
  auto table = DeltaTable::Create(*store_, "lake/all_types", AllTypes(), {});
  ASSERT_TRUE(table.ok());
  auto r = (*table)->Append(*conn_, kAllTypesRows, Options());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, AppendOutcome::kCommitted);
  EXPECT_EQ(r->version, 1);
  EXPECT_EQ(r->num_rows, 3);
  EXPECT_EQ(r->num_files, 1);
  EXPECT_EQ(r->attempts, 1);
  ASSERT_TRUE((*table)->CreateView(*conn_, "all_types", View()).ok());
  auto rows = MustQuery(
      "SELECT id, big, ratio, price::VARCHAR, name, day::VARCHAR, seen_at::VARCHAR, ok, "
      "typeof(price), typeof(seen_at) FROM all_types ORDER BY id");
  ASSERT_EQ(rows.num_rows(), 3u);
  std::vector<std::string> first;
  for (const auto& v : rows.rows[0]) first.push_back(model::ToText(v));
  EXPECT_EQ(first, (std::vector<std::string>{"1", "10000000000", "0.5", "12.50", "alpha",
                                             "2024-01-31", "2024-01-31 10:11:12.345678", "1",
                                             "DECIMAL(10,2)", "TIMESTAMP"}));
  EXPECT_TRUE(model::IsNull(rows.rows[2][1]));
  EXPECT_EQ(Scalar("SELECT count(*) FROM all_types WHERE NOT ok"), "1");

  const AddFile& add = (*table)->snapshot().files().begin()->second;
  EXPECT_TRUE(add.path.starts_with("part-")) << add.path;
  EXPECT_EQ(add.num_records, 3);
  EXPECT_EQ(
      add.stats,
      R"({"numRecords":3,"minValues":{"id":1,"big":-5,"ratio":-1.25,"price":-0.05,)"
      R"("name":"alpha","day":"2023-12-01","seen_at":"2023-12-01T00:00:00.000Z"},)"
      R"("maxValues":{"id":3,"big":10000000000,"ratio":0.5,"price":12.50,"name":"beta",)"
      R"("day":"2024-01-31","seen_at":"2024-01-31T10:11:12.345Z"},)"
      R"("nullCount":{"id":0,"big":1,"ratio":1,"price":1,"name":1,"day":1,"seen_at":1,"ok":1}})");
  auto object = store_->Head("lake/all_types/" + add.path);
  ASSERT_TRUE(object.ok() && object->has_value());
  EXPECT_EQ(static_cast<int64_t>((*object)->size), add.size);
}

TEST_P(DeltaTableTest, PartitionedTableKeepsPartitionValuesInTheLog) {
  CreateOptions o;
  o.partition_columns = {"day", "name"};
  auto table = DeltaTable::Create(*store_, "lake/parted", AllTypes(), o);
  ASSERT_TRUE(table.ok());
  auto r = (*table)->Append(*conn_, kAllTypesRows, Options());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->num_files, 3);
  std::set<std::string> seen;
  for (const auto& [path, add] : (*table)->snapshot().files()) {
    auto day = add.partition_values.at("day");
    auto name = add.partition_values.at("name");
    seen.insert(day.value_or("null") + "/" + name.value_or("null"));
    EXPECT_EQ(add.stats.find("\"day\""), std::string::npos) << "partition columns have no stats";
  }
  EXPECT_EQ(seen, (std::set<std::string>{"2024-01-31/alpha", "2023-12-01/beta", "null/null"}));
  ASSERT_TRUE((*table)->CreateView(*conn_, "parted", View()).ok());
  EXPECT_EQ(Scalar("SELECT string_agg(id || ':' || coalesce(name, '-') || ':' || "
                   "coalesce(day::VARCHAR, '-'), ',' "
                   "ORDER BY id) FROM parted"),
            "1:alpha:2024-01-31,2:beta:2023-12-01,3:-:-");
  EXPECT_EQ(Scalar("SELECT typeof(day) FROM parted LIMIT 1"), "DATE");
}

TEST_P(DeltaTableTest, PartitionsOnTimestampsAndBooleansRoundTrip) {
  CreateOptions o;
  o.partition_columns = {"seen_at", "ok", "price"};
  auto table = DeltaTable::Create(*store_, "lake/odd_parts", AllTypes(), o);
  ASSERT_TRUE(table.ok());
  ASSERT_TRUE((*table)->Append(*conn_, kAllTypesRows, Options()).ok());
  bool found = false;
  for (const auto& [path, add] : (*table)->snapshot().files()) {
    if (add.partition_values.at("ok") == "true") {
      found = true;
      EXPECT_EQ(add.partition_values.at("seen_at"), "2024-01-31T10:11:12.345678Z");
      EXPECT_EQ(add.partition_values.at("price"), "12.50");
    }
  }
  EXPECT_TRUE(found);
  ASSERT_TRUE((*table)->CreateView(*conn_, "odd", View()).ok());
  EXPECT_EQ(Scalar("SELECT seen_at::VARCHAR || '|' || ok || '|' || price FROM odd WHERE id = 1"),
            "2024-01-31 10:11:12.345678|true|12.50");
}

TEST_P(DeltaTableTest, QueryColumnsAreMatchedByNameAndCast) {
  auto table =
      DeltaTable::Create(*store_, "t", *SchemaFromDuckDb({{"a", "INTEGER"}, {"b", "VARCHAR"}}), {});
  ASSERT_TRUE(table.ok());
  auto reordered = (*table)->Append(*conn_, "SELECT 'x' AS B, 7::BIGINT AS a", Options());
  ASSERT_TRUE(reordered.ok()) << reordered.status().ToString();
  auto missing = (*table)->Append(*conn_, "SELECT 1 AS a", Options());
  EXPECT_EQ(missing.error().code(), StatusCode::kInvalidArgument);
  auto extra = (*table)->Append(*conn_, "SELECT 1 AS a, 'x' AS b, 2 AS c", Options());
  EXPECT_EQ(extra.error().code(), StatusCode::kInvalidArgument);
  auto uncastable = (*table)->Append(*conn_, "SELECT 'seven' AS a, 'x' AS b", Options());
  EXPECT_EQ(uncastable.error().code(), StatusCode::kDataError);
  auto unbound = (*table)->Append(*conn_, "SELECT * FROM no_such_table", Options());
  EXPECT_EQ(unbound.error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*table)->snapshot().version(), 1);
  EXPECT_EQ(VisibleRows("t"), 1);
  EXPECT_EQ(Scalar("SELECT a || b FROM rp_visible"), "7x");
}

TEST_P(DeltaTableTest, EmptyAppendCommitsOnlyWhenThereIsATxn) {
  auto table = DeltaTable::Create(*store_, "t", *SchemaFromDuckDb({{"a", "INTEGER"}}), {});
  ASSERT_TRUE(table.ok());
  auto nothing = (*table)->Append(*conn_, "SELECT 1 AS a WHERE false", Options());
  ASSERT_TRUE(nothing.ok());
  EXPECT_EQ(nothing->outcome, AppendOutcome::kNoData);
  EXPECT_EQ((*table)->snapshot().version(), 0);
  AppendOptions o = Options();
  o.app_id = "stream-0";
  o.app_version = 17;
  auto offset_only = (*table)->Append(*conn_, "SELECT 1 AS a WHERE false", o);
  ASSERT_TRUE(offset_only.ok());
  EXPECT_EQ(offset_only->outcome, AppendOutcome::kCommitted);
  EXPECT_EQ(offset_only->num_files, 0);
  EXPECT_EQ((*table)->snapshot().TxnVersion("stream-0"), 17);
  EXPECT_EQ(VisibleRows("t"), 0);
}

TEST_P(DeltaTableTest, LargeAppendsRollOverIntoSeveralFiles) {
  auto table = DeltaTable::Create(*store_, "big",
                                  *SchemaFromDuckDb({{"i", "BIGINT"}, {"s", "VARCHAR"}}), {});
  ASSERT_TRUE(table.ok());
  AppendOptions o = Options();
  o.target_file_bytes = 200000;
  auto r =
      (*table)->Append(*conn_, "SELECT range AS i, md5(range::VARCHAR) AS s FROM range(300000)", o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_GT(r->num_files, 1);
  EXPECT_EQ((*table)->snapshot().NumRecords(), 300000);
  EXPECT_EQ(VisibleRows("big"), 300000);
  EXPECT_EQ(Scalar("SELECT sum(i) FROM rp_visible"), "44999850000");
}

TEST_P(DeltaTableTest, OverwriteRemovesTheOldFiles) {
  auto table = DeltaTable::Create(*store_, "t", *SchemaFromDuckDb({{"a", "INTEGER"}}), {});
  ASSERT_TRUE(table.ok());
  ASSERT_TRUE((*table)->Append(*conn_, "SELECT range::INTEGER AS a FROM range(5)", Options()).ok());
  ASSERT_TRUE((*table)->Append(*conn_, "SELECT 100 AS a", Options()).ok());
  AppendOptions o = Options();
  o.mode = WriteMode::kOverwrite;
  auto r = (*table)->Append(*conn_, "SELECT 7 AS a UNION ALL SELECT 8", o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*table)->snapshot().files().size(), 1u);
  EXPECT_EQ((*table)->snapshot().tombstones().size(), 2u);
  auto log = store_->Get("t/_delta_log/00000000000000000003.json");
  ASSERT_TRUE(log.ok());
  EXPECT_NE(log->find(R"({"remove":{"path":"part-)"), std::string::npos);
  EXPECT_NE(log->find(R"("mode":"Overwrite")"), std::string::npos);
  EXPECT_EQ(VisibleRows("t"), 2);
  EXPECT_EQ(Scalar("SELECT sum(a) FROM rp_visible"), "15");
}

TEST_P(DeltaTableTest, OverwriteIsRefusedOnAppendOnlyTables) {
  CreateOptions c;
  c.configuration = {{"delta.appendOnly", "true"}};
  auto table = DeltaTable::Create(*store_, "t", *SchemaFromDuckDb({{"a", "INTEGER"}}), c);
  ASSERT_TRUE(table.ok());
  AppendOptions o = Options();
  o.mode = WriteMode::kOverwrite;
  EXPECT_EQ((*table)->Append(*conn_, "SELECT 1 AS a", o).error().code(),
            StatusCode::kFailedPrecondition);
}

TEST_P(DeltaTableTest, SameRowsAppendedTwiceAreKeptTwice) {
  auto table = DeltaTable::Create(*store_, "t", *SchemaFromDuckDb({{"a", "INTEGER"}}), {});
  ASSERT_TRUE(table.ok());
  ASSERT_TRUE((*table)->Append(*conn_, "SELECT 1 AS a", Options()).ok());
  auto second = (*table)->Append(*conn_, "SELECT 1 AS a", Options());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->outcome, AppendOutcome::kCommitted);
  EXPECT_EQ((*table)->snapshot().files().size(), 2u);
  EXPECT_EQ(VisibleRows("t"), 2);
}

TEST_P(DeltaTableTest, ViewOfAnEmptyTableHasTheSchema) {
  auto table = DeltaTable::Create(*store_, "t", AllTypes(), {});
  ASSERT_TRUE(table.ok());
  ASSERT_TRUE((*table)->CreateView(*conn_, "empty", View()).ok());
  EXPECT_EQ(Scalar("SELECT count(*) FROM empty"), "0");
  EXPECT_EQ(Scalar("SELECT typeof(price) FROM (SELECT price FROM empty UNION ALL SELECT NULL)"),
            "DECIMAL(10,2)");
}

INSTANTIATE_TEST_SUITE_P(Stores, DeltaTableTest,
                         ::testing::Values(StoreKind::kMemory, StoreKind::kLocal),
                         testing::StoreKindName);

TEST(DeltaView, NeedsACacheFolderForStoresDuckDbCannotRead) {
  storage::MemoryObjectStore store("mem://v");
  auto table = DeltaTable::Create(store, "t", *SchemaFromDuckDb({{"a", "INTEGER"}}), {});
  ASSERT_TRUE(table.ok());
  auto db = testing::OpenTestDatabase();
  auto conn = testing::OpenTestConnection(*db);
  AppendOptions o;
  o.work_dir = ::testing::TempDir();
  ASSERT_TRUE((*table)->Append(*conn, "SELECT 1 AS a", o).ok());
  EXPECT_EQ((*table)->CreateView(*conn, "v", ViewOptions{}).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace retailpipe::delta
