// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/delta/delta_actions.h"

#include <gtest/gtest.h>

namespace retailpipe::delta {
namespace {

CommitActions SampleCommit() {
  CommitActions c;
  c.commit_info.emplace();
  c.commit_info->timestamp_ms = 1700000000000;
  c.commit_info->operation = "WRITE";
  c.protocol = Protocol{};
  Metadata m;
  m.id = "5b1a9a0e-0000-4000-8000-000000000001";
  m.schema.fields = {{"id", {DeltaTypeKind::kLong}, true}, {"day", {DeltaTypeKind::kDate}, true}};
  m.partition_columns = {"day"};
  m.configuration = {{"delta.appendOnly", "true"}};
  m.created_time_ms = 1700000000000;
  c.metadata = m;
  c.txns.push_back(Txn{"orders-0", 42, 1700000000001});
  c.removes.push_back(RemoveFile{"old file.parquet", 1700000000002, true, false, {}, {}});
  AddFile a;
  a.path = "part-abc.parquet";
  a.partition_values = {{"day", "2024-01-31"}};
  a.size = 1234;
  a.modification_time_ms = 1700000000003;
  a.stats = R"({"numRecords":7,"minValues":{"id":1},"maxValues":{"id":9},"nullCount":{"id":0}})";
  a.num_records = 7;
  c.adds.push_back(a);
  AddFile null_partition = a;
  null_partition.path = "part-def.parquet";
  null_partition.partition_values = {{"day", std::nullopt}};
  c.adds.push_back(null_partition);
  return c;
}

TEST(DeltaActions, SerializesOneActionPerLineInProtocolForm) {
  std::string text = SerializeCommit(SampleCommit());
  EXPECT_EQ(text.substr(0, text.find('\n')),
            R"({"commitInfo":{"timestamp":1700000000000,"operation":"WRITE",)"
            R"("operationParameters":{},"isolationLevel":"Serializable","isBlindAppend":true,)"
            R"("operationMetrics":{}}})");
  EXPECT_NE(text.find(R"({"protocol":{"minReaderVersion":1,"minWriterVersion":2}})"),
            std::string::npos);
  EXPECT_NE(text.find(R"({"txn":{"appId":"orders-0","version":42,"lastUpdated":1700000000001}})"),
            std::string::npos);
  EXPECT_NE(text.find(R"("path":"old%20file.parquet")"), std::string::npos);
  EXPECT_NE(text.find(R"("partitionValues":{"day":null})"), std::string::npos);
  EXPECT_NE(text.find(R"("stats":"{\"numRecords\":7,)"), std::string::npos);
  EXPECT_NE(text.find(R"("schemaString":"{\"type\":\"struct\",)"), std::string::npos);
  EXPECT_EQ(text.back(), '\n');
}

TEST(DeltaActions, ParsesWhatItSerializes) {
  auto parsed = ParseCommit(SerializeCommit(SampleCommit()));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  CommitActions want = SampleCommit();
  ASSERT_TRUE(parsed->metadata && parsed->protocol && parsed->commit_info);
  EXPECT_EQ(parsed->metadata->schema, want.metadata->schema);
  EXPECT_EQ(parsed->metadata->partition_columns, want.metadata->partition_columns);
  EXPECT_EQ(parsed->metadata->configuration, want.metadata->configuration);
  EXPECT_EQ(parsed->metadata->created_time_ms, want.metadata->created_time_ms);
  ASSERT_EQ(parsed->txns.size(), 1u);
  EXPECT_EQ(parsed->txns[0].app_id, "orders-0");
  EXPECT_EQ(parsed->txns[0].version, 42);
  ASSERT_EQ(parsed->removes.size(), 1u);
  EXPECT_EQ(parsed->removes[0].path, "old file.parquet");
  ASSERT_EQ(parsed->adds.size(), 2u);
  EXPECT_EQ(parsed->adds[0].partition_values, want.adds[0].partition_values);
  EXPECT_EQ(parsed->adds[1].partition_values, want.adds[1].partition_values);
  EXPECT_EQ(parsed->adds[0].num_records, 7);
  EXPECT_EQ(parsed->adds[0].stats, want.adds[0].stats);
}

TEST(DeltaActions, ReadsCommitsOfOtherWritersAndIgnoresUnknownActions) {
  // The shape Spark writes: commitInfo with non-string members, an add with tags, a cdc and a
  // domainMetadata action this reader does not know.
  std::string text =
      R"({"commitInfo":{"timestamp":1674611429957,"operation":"WRITE","operationParameters":)"
      R"({"mode":"Append","partitionBy":"[\"letter\"]"},"readVersion":0,"isBlindAppend":true}})"
      "\n"
      R"({"add":{"path":"letter=a%3Db/part-00000.c000.snappy.parquet","partitionValues":)"
      R"({"letter":"a=b"},"size":751,"modificationTime":1674611429929,"dataChange":true,)"
      R"("stats":"{\"numRecords\":1}","tags":{"x":"y"}}})"
      "\n\n"
      R"({"cdc":{"path":"_change_data/c.parquet","partitionValues":{},"size":1,"dataChange":false}})"
      "\n"
      R"({"remove":{"path":"gone.parquet","deletionTimestamp":1674611429930,"dataChange":true}})"
      "\n";
  auto parsed = ParseCommit(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->adds.size(), 1u);
  EXPECT_EQ(parsed->adds[0].path, "letter=a=b/part-00000.c000.snappy.parquet");
  EXPECT_EQ(parsed->adds[0].num_records, 1);
  ASSERT_EQ(parsed->removes.size(), 1u);
  EXPECT_EQ(parsed->removes[0].deletion_timestamp_ms, 1674611429930);
  EXPECT_EQ(parsed->commit_info->operation, "WRITE");
}

TEST(DeltaActions, RejectsMalformedLines) {
  EXPECT_EQ(ParseCommit("{\"add\":{\"path\":\"x\"}}\n").error().code(), StatusCode::kDataError);
  EXPECT_EQ(ParseCommit("not json\n").error().code(), StatusCode::kDataError);
  EXPECT_EQ(ParseCommit("[1,2]\n").error().code(), StatusCode::kDataError);
  EXPECT_FALSE(DecodeActionPath("a%2").ok());
  EXPECT_FALSE(DecodeActionPath("a%zz").ok());
}

TEST(DeltaActions, PercentEncodesPathsBothWays) {
  EXPECT_EQ(EncodeActionPath("day=2024-01-31/part 1%.parquet"),
            "day=2024-01-31/part%201%25.parquet");
  EXPECT_EQ(*DecodeActionPath("day=2024-01-31/part%201%25.parquet"),
            "day=2024-01-31/part 1%.parquet");
}

}  // namespace
}  // namespace retailpipe::delta
