// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/kinesis_api.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace retailpipe::stream::kinesis {
namespace {

TEST(KinesisApi, PutRecordsRequestEncodesDataAndKeepsKeys) {
  std::vector<PutEntry> entries = {{"order-1", "hello"},
                                   {"\x01"
                                    "7",
                                    std::string_view("\0\xff", 2)}};
  EXPECT_EQ(PutRecordsRequest("orders", entries),
            R"({"StreamName":"orders","Records":[{"Data":"aGVsbG8=","PartitionKey":"order-1"},)"
            R"({"Data":"AP8=","PartitionKey":"\u00017"}]})");
}

// The example answer of the PutRecords API reference: one stored, two failed.
constexpr std::string_view kPartialFailure = R"({
  "FailedRecordCount": 2,
  "Records": [
    {"SequenceNumber": "49543463076548007577105092703039560359975228518395012686",
     "ShardId": "shardId-000000000000"},
    {"ErrorCode": "ProvisionedThroughputExceededException",
     "ErrorMessage": "Rate exceeded for shard shardId-000000000001 in stream exampleStreamName under account 111111111111."},
    {"ErrorCode": "InternalFailure", "ErrorMessage": "Internal service failure."}
  ]
})";

TEST(KinesisApi, ParsePutRecordsReportsEachRecord) {
  auto outcomes = ParsePutRecords(kPartialFailure, 3);
  ASSERT_TRUE(outcomes.ok()) << outcomes.status().ToString();
  ASSERT_EQ(outcomes->size(), 3u);
  EXPECT_EQ((*outcomes)[0].sequence_number,
            "49543463076548007577105092703039560359975228518395012686");
  EXPECT_EQ((*outcomes)[0].shard_id, "shardId-000000000000");
  EXPECT_EQ((*outcomes)[0].error_code, "");
  EXPECT_EQ((*outcomes)[1].error_code, "ProvisionedThroughputExceededException");
  EXPECT_EQ((*outcomes)[2].error_code, "InternalFailure");
  EXPECT_EQ((*outcomes)[2].error_message, "Internal service failure.");
}

TEST(KinesisApi, ParsePutRecordsRejectsAnswersThatDoNotMatch) {
  EXPECT_EQ(ParsePutRecords(kPartialFailure, 4).status().code(), StatusCode::kIoError);
  EXPECT_EQ(ParsePutRecords("<html/>", 1).status().code(), StatusCode::kIoError);
  EXPECT_EQ(ParsePutRecords(R"({"Records":[{}]})", 1).status().code(), StatusCode::kIoError);
  EXPECT_EQ(ParsePutRecords(R"({"FailedRecordCount":0})", 0).status().code(), StatusCode::kIoError);
}

TEST(KinesisApi, ListShardsPagesWithTheTokenAlone) {
  EXPECT_EQ(ListShardsRequest("orders", ""), R"({"StreamName":"orders","MaxResults":10000})");
  EXPECT_EQ(ListShardsRequest("orders", "AAAA"), R"({"NextToken":"AAAA","MaxResults":10000})");
  auto page = ParseListShards(R"({"Shards":[
      {"ShardId":"shardId-000000000000","HashKeyRange":{"StartingHashKey":"0",
       "EndingHashKey":"1"},"SequenceNumberRange":{"StartingSequenceNumber":"1",
       "EndingSequenceNumber":"9"}},
      {"ShardId":"shardId-000000000002","ParentShardId":"shardId-000000000000",
       "AdjacentParentShardId":"shardId-000000000001"}],
    "NextToken":"next"})");
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->shards.size(), 2u);
  EXPECT_EQ(page->shards[0].shard_id, "shardId-000000000000");
  EXPECT_EQ(page->shards[0].parent_shard_id, "");
  EXPECT_EQ(page->shards[1].parent_shard_id, "shardId-000000000000");
  EXPECT_EQ(page->shards[1].adjacent_parent_shard_id, "shardId-000000000001");
  EXPECT_EQ(page->next_token, "next");
  auto last = ParseListShards(R"({"Shards":[],"NextToken":null})");
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->next_token, "");
  EXPECT_FALSE(ParseListShards(R"({"Shards":[{"ParentShardId":"x"}]})").ok());
}

TEST(KinesisApi, ShardIteratorFromTheStartOrAfterACheckpoint) {
  EXPECT_EQ(GetShardIteratorRequest("orders", "shardId-000000000001", ""),
            R"({"StreamName":"orders","ShardId":"shardId-000000000001",)"
            R"("ShardIteratorType":"TRIM_HORIZON"})");
  EXPECT_EQ(GetShardIteratorRequest("orders", "shardId-000000000001", "4954346307654800757"),
            R"({"StreamName":"orders","ShardId":"shardId-000000000001",)"
            R"("ShardIteratorType":"AFTER_SEQUENCE_NUMBER",)"
            R"("StartingSequenceNumber":"4954346307654800757"})");
  EXPECT_EQ(ParseGetShardIterator(R"({"ShardIterator":"AAAA\n"})").value(), "AAAA\n");
  EXPECT_FALSE(ParseGetShardIterator("{}").ok());
}

TEST(KinesisApi, GetRecordsDecodesDataAndSeesTheEndOfAClosedShard) {
  EXPECT_EQ(GetRecordsRequest("AAAA", 1000), R"({"ShardIterator":"AAAA","Limit":1000})");
  auto page = ParseGetRecords(R"({"Records":[
      {"SequenceNumber":"21269319989652663814458848515492872193","ApproximateArrivalTimestamp":
       1441215410.867,"Data":"XzxkYXRhPl8w","PartitionKey":"partitionKey"},
      {"SequenceNumber":"21269319989652663814458848515492872194","Data":"","PartitionKey":"k"}],
    "NextShardIterator":"BBBB","MillisBehindLatest":2100})");
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->records.size(), 2u);
  EXPECT_EQ(page->records[0].sequence_number, "21269319989652663814458848515492872193");
  EXPECT_EQ(page->records[0].data, "_<data>_0");
  EXPECT_EQ(page->records[0].partition_key, "partitionKey");
  EXPECT_EQ(page->records[0].arrival_ms, 1441215410867);
  EXPECT_EQ(page->records[1].data, "");
  EXPECT_EQ(page->records[1].arrival_ms, -1);
  EXPECT_EQ(page->next_iterator, "BBBB");
  EXPECT_EQ(page->millis_behind_latest, 2100);
  auto closed = ParseGetRecords(R"({"Records":[],"MillisBehindLatest":0})");
  ASSERT_TRUE(closed.ok());
  EXPECT_FALSE(closed->next_iterator.has_value());
  auto null_iterator = ParseGetRecords(R"({"Records":[],"NextShardIterator":null})");
  ASSERT_TRUE(null_iterator.ok());
  EXPECT_FALSE(null_iterator->next_iterator.has_value());
  EXPECT_EQ(ParseGetRecords(R"({"Records":[{"SequenceNumber":"1","PartitionKey":"k",)"
                            R"("Data":"not base64!"}]})")
                .status()
                .code(),
            StatusCode::kIoError);
}

TEST(KinesisApi, Utf8LengthCountsCharacters) {
  EXPECT_EQ(Utf8Length(""), 0u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length("\xc3\xa9t\xc3\xa9"), 3u);
  EXPECT_EQ(Utf8Length("\xe6\x97\xa5\xe6\x9c\xac"), 2u);
}

}  // namespace
}  // namespace retailpipe::stream::kinesis
