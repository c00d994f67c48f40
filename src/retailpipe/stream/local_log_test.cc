// SPDX-License-Identifier: Apache-2.0
// The local log through the Stream interface: round trips, partitioning, commits, recovery
// from torn writes, corruption reports and segment rolling.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include "retailpipe/stream/local_log_layout.h"
#include "retailpipe/stream/local_log_stream.h"
#include "retailpipe/stream/local_log_testing.h"

namespace retailpipe::stream {
namespace {

using namespace std::chrono_literals;
using testing::ProduceValues;
using testing::ReadUntil;
using testing::TempLog;

constexpr auto kLimit = 10s;

/// Return the records grouped by partition, checking that offsets are dense from 0.
std::map<int32_t, std::vector<StreamRecord>> ByPartition(const std::vector<StreamRecord>& records) {
  std::map<int32_t, std::vector<StreamRecord>> out;
  for (const StreamRecord& record : records) out[record.partition].push_back(record);
  for (const auto& [partition, list] : out) {
    for (size_t i = 0; i < list.size(); ++i) {
      EXPECT_EQ(list[i].offset, static_cast<int64_t>(i)) << "partition " << partition;
    }
  }
  return out;
}

std::vector<std::string> Values(const std::vector<StreamRecord>& records) {
  std::vector<std::string> values;
  for (const StreamRecord& record : records) values.push_back(record.value);
  return values;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST(LocalLog, RoundTripKeepsKeysValuesHeadersAndTimestamps) {
  TempLog log;
  auto producer = log.Producer();
  const std::vector<RecordHeader> headers = {{"source", "test"}, {"source", "again"}, {"bin", ""}};
  const int64_t before = NowMs();
  for (int i = 0; i < 30; ++i) {
    const Status produced =
        producer->Produce("orders", "k" + std::to_string(i % 5), "v" + std::to_string(i), headers);
    ASSERT_TRUE(produced.ok()) << produced.ToString();
  }
  ASSERT_TRUE(producer->Produce("orders", "", std::string("no\0key", 6)).ok());
  ASSERT_TRUE(producer->Produce("orders", "k0", "").ok());
  const Status flushed = producer->Flush(kLimit);
  ASSERT_TRUE(flushed.ok()) << flushed.ToString();
  const int64_t after = NowMs();

  auto consumer = log.Consumer("readers", "orders");
  const std::vector<StreamRecord> records = ReadUntil(*consumer, 32, kLimit);
  ASSERT_EQ(records.size(), 32u);
  std::map<std::string, std::vector<std::string>> by_key;
  for (const StreamRecord& record : records) {
    EXPECT_EQ(record.topic, "orders");
    EXPECT_GE(record.timestamp_ms, before);
    EXPECT_LE(record.timestamp_ms, after);
    if (record.value.starts_with("v")) {
      EXPECT_EQ(record.headers, headers);
    }
    by_key[record.key].push_back(record.value);
  }
  EXPECT_EQ(by_key[""], std::vector<std::string>{std::string("no\0key", 6)});
  EXPECT_EQ(by_key["k1"], (std::vector<std::string>{"v1", "v6", "v11", "v16", "v21", "v26"}));
  EXPECT_EQ(by_key["k0"].back(), "") << "an empty value is kept, in order";
  ByPartition(records);
  auto extra = consumer->Poll(50ms, 10);
  ASSERT_TRUE(extra.ok());
  EXPECT_TRUE(extra->empty());
}

TEST(LocalLog, AKeyAlwaysLandsOnItsHashPartition) {
  TempLog log;
  for (int round = 0; round < 2; ++round) {  // two producers, as two processes would be
    auto producer = log.Producer();
    ProduceValues(*producer, "events", "r" + std::to_string(round) + "-", 50, 25);
  }
  auto consumer = log.Consumer("g", "events");
  const std::vector<StreamRecord> records = ReadUntil(*consumer, 100, kLimit);
  ASSERT_EQ(records.size(), 100u);
  for (const StreamRecord& record : records) {
    EXPECT_EQ(record.partition, local_log::KeyPartition(record.key, 4)) << record.key;
  }
}

TEST(LocalLog, RecordsWithoutKeyGoRoundRobin) {
  TempLog log;
  auto producer = log.Producer("?partitions=3");
  for (int i = 0; i < 9; ++i) ASSERT_TRUE(producer->Produce("t", "", std::to_string(i)).ok());
  ASSERT_TRUE(producer->Flush(kLimit).ok());
  auto consumer = log.Consumer("g", "t");
  const auto partitions = ByPartition(ReadUntil(*consumer, 9, kLimit));
  ASSERT_EQ(partitions.size(), 3u);
  for (const auto& [partition, records] : partitions) EXPECT_EQ(records.size(), 3u);
}

TEST(LocalLog, CreateTopicFixesThePartitionCount) {
  TempLog log;
  auto stream = log.Open("?partitions=2");
  ASSERT_TRUE(stream->CreateTopic("wide", 7).ok());
  ASSERT_TRUE(stream->CreateTopic("wide", 7).ok()) << "same count: nothing to do";
  const Status other = stream->CreateTopic("wide", 3);
  EXPECT_EQ(other.code(), StatusCode::kAlreadyExists) << other.ToString();
  EXPECT_EQ(stream->CreateTopic("bad/name", 1).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(stream->CreateTopic("zero", 0).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(stream->PartitionCount("missing").status().code(), StatusCode::kNotFound);

  auto producer = log.Producer("?partitions=2");
  ProduceValues(*producer, "wide", "w", 70, 70);
  ProduceValues(*producer, "narrow", "n", 10);
  EXPECT_EQ(stream->PartitionCount("wide").value(), 7);
  EXPECT_EQ(stream->PartitionCount("narrow").value(), 2) << "created with the default";
  auto consumer = log.Consumer("g", "wide");
  EXPECT_EQ(ByPartition(ReadUntil(*consumer, 70, kLimit)).size(), 7u);
}

TEST(LocalLog, ProduceRefusesBadTopicsAndHugeRecords) {
  TempLog log;
  auto producer = log.Producer();
  EXPECT_EQ(producer->Produce("", "k", "v").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(producer->Produce("a/b", "k", "v").code(), StatusCode::kInvalidArgument);
  const Status huge = producer->Produce("t", "k", std::string(16 << 20, 'x'));
  EXPECT_EQ(huge.code(), StatusCode::kInvalidArgument) << huge.ToString();
  EXPECT_TRUE(producer->Produce("t", "k", "fine").ok()) << "refusals are not sticky";
  EXPECT_TRUE(producer->Flush(kLimit).ok());
}

TEST(LocalLog, NewConsumerResumesRightAfterTheCommittedOffsets) {
  TempLog log;
  ProduceValues(*log.Producer(), "orders", "v", 40);
  auto first = log.Consumer("resume", "orders");
  const std::vector<StreamRecord> read = ReadUntil(*first, 40, kLimit);
  ASSERT_EQ(read.size(), 40u);
  // The first 25 read are a prefix of each partition, since Poll() keeps partition order.
  const std::vector<StreamRecord> done(read.begin(), read.begin() + 25);
  ASSERT_TRUE(first->Commit(NextOffsets(done), 1s).ok());
  ASSERT_TRUE(first->Close().ok());
  EXPECT_EQ(first->Poll(0ms, 1).status().code(), StatusCode::kFailedPrecondition);

  auto second = log.Consumer("resume", "orders");
  const std::vector<StreamRecord> rest = ReadUntil(*second, 15, kLimit);
  std::set<std::string> expected;
  for (size_t i = 25; i < read.size(); ++i) expected.insert(read[i].value);
  const std::vector<std::string> values = Values(rest);
  EXPECT_EQ(std::set<std::string>(values.begin(), values.end()), expected);
  auto extra = second->Poll(100ms, 100);
  ASSERT_TRUE(extra.ok());
  EXPECT_TRUE(extra->empty()) << "read past the uncommitted records";

  auto other_group = log.Consumer("fresh", "orders");
  EXPECT_EQ(ReadUntil(*other_group, 40, kLimit).size(), 40u) << "a new group starts at 0";
}

TEST(LocalLog, PollSharesMaxRecordsFairlyOverPartitions) {
  TempLog log;
  ProduceValues(*log.Producer(), "t", "v", 400, 400);
  auto consumer = log.Consumer("g", "t");
  auto first = consumer->Poll(kLimit, 8);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 8u);
  std::map<int32_t, int> per_partition;
  for (const StreamRecord& record : *first) ++per_partition[record.partition];
  EXPECT_EQ(per_partition.size(), 4u);
  for (const auto& [partition, count] : per_partition) EXPECT_EQ(count, 2) << partition;
}

TEST(LocalLog, ConsumerWaitsForATopicCreatedLater) {
  TempLog log;
  auto consumer = log.Consumer("early", "later");
  auto nothing = consumer->Poll(50ms, 10);
  ASSERT_TRUE(nothing.ok()) << nothing.status().ToString();
  EXPECT_TRUE(nothing->empty());
  ProduceValues(*log.Producer(), "later", "v", 5);
  EXPECT_EQ(ReadUntil(*consumer, 5, kLimit).size(), 5u);
}

TEST(LocalLog, TornTailIsCutOffAndTheProducerContinuesAtTheRightOffset) {
  TempLog log;
  ProduceValues(*log.Producer("?partitions=1"), "t", "old", 10);
  const std::string segment = log.Segments("t", 0).front();
  const auto full = std::filesystem::file_size(segment);
  // A crash mid-write: the last frame lost its final 5 bytes.
  std::filesystem::resize_file(segment, full - 5);

  auto early = log.Consumer("before-repair", "t");
  const std::vector<StreamRecord> intact = ReadUntil(*early, 9, kLimit);
  EXPECT_EQ(Values(intact).back(), "old8") << "a reader stops before the torn frame";
  auto none = early->Poll(50ms, 10);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_TRUE(none->empty());

  ProduceValues(*log.Producer("?partitions=1"), "t", "new", 3);
  auto consumer = log.Consumer("after-repair", "t");
  const std::vector<StreamRecord> records = ReadUntil(*consumer, 12, kLimit);
  EXPECT_EQ(Values(records),
            (std::vector<std::string>{"old0", "old1", "old2", "old3", "old4", "old5", "old6",
                                      "old7", "old8", "new0", "new1", "new2"}));
  ByPartition(records);
  EXPECT_EQ(Values(ReadUntil(*early, 3, kLimit)),
            (std::vector<std::string>{"new0", "new1", "new2"}))
      << "the early reader goes on where the repaired log goes on";
}

TEST(LocalLog, ZeroFilledTailIsTreatedAsTorn) {
  TempLog log;
  ProduceValues(*log.Producer("?partitions=1"), "t", "v", 4);
  const std::string segment = log.Segments("t", 0).front();
  // After a power loss the file may have grown without its data: zeros.
  WriteFile(segment, ReadFile(segment) + std::string(300, '\0'));
  ProduceValues(*log.Producer("?partitions=1"), "t", "w", 1);
  auto consumer = log.Consumer("g", "t");
  EXPECT_EQ(Values(ReadUntil(*consumer, 5, kLimit)),
            (std::vector<std::string>{"v0", "v1", "v2", "v3", "w0"}));
}

TEST(LocalLog, CorruptionInTheMiddleIsReportedNotSkipped) {
  TempLog log;
  ProduceValues(*log.Producer("?partitions=1"), "t", "value-", 10);
  const std::string segment = log.Segments("t", 0).front();
  std::string bytes = ReadFile(segment);
  const size_t at = bytes.find("value-3");
  ASSERT_NE(at, std::string::npos);
  bytes[at + 6] = 'X';  // one flipped byte in the fourth record's value
  WriteFile(segment, bytes);

  auto consumer = log.Consumer("g", "t");
  std::vector<StreamRecord> before;
  Status error;
  for (int i = 0; i < 10 && error.ok(); ++i) {
    auto polled = consumer->Poll(50ms, 100);
    if (!polled.ok()) error = polled.status();
    if (polled.ok()) before.insert(before.end(), polled->begin(), polled->end());
  }
  EXPECT_EQ(Values(before), (std::vector<std::string>{"value-0", "value-1", "value-2"}));
  EXPECT_EQ(error.code(), StatusCode::kDataError) << error.ToString();
  EXPECT_NE(error.message().find(segment), std::string::npos) << error.message();
  EXPECT_NE(error.message().find("truncate -s"), std::string::npos) << error.message();

  auto producer = log.Producer("?partitions=1");
  ASSERT_TRUE(producer->Produce("t", "k", "more").ok());
  const Status flushed = producer->Flush(kLimit);
  EXPECT_EQ(flushed.code(), StatusCode::kDataError) << "no append after corruption";
  EXPECT_EQ(producer->Produce("t", "k", "again").code(), StatusCode::kDataError) << "sticky";
  EXPECT_EQ(ReadFile(segment), bytes) << "the damaged segment is left as it was";
}

TEST(LocalLog, DamageIsJudgedOnlyWhileNoWriterIsAppending) {
  TempLog log;
  ProduceValues(*log.Producer("?partitions=1"), "t", "value-", 5);
  const std::string segment = log.Segments("t", 0).front();
  std::string bytes = ReadFile(segment);
  bytes[bytes.find("value-2") + 6] = 'X';
  WriteFile(segment, bytes);
  // A writer mid-append holds the lock: what follows its end may be its unfinished frame.
  const int fd = ::open((log.dir() + "/topics/t/0/append.lock").c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  auto consumer = log.Consumer("g", "t");
  EXPECT_EQ(Values(ReadUntil(*consumer, 2, kLimit)),
            (std::vector<std::string>{"value-0", "value-1"}));
  auto waiting = consumer->Poll(30ms, 10);
  ASSERT_TRUE(waiting.ok()) << "no verdict while a writer is at work: "
                            << waiting.status().ToString();
  EXPECT_TRUE(waiting->empty());
  ::close(fd);
  auto judged = consumer->Poll(30ms, 10);
  ASSERT_FALSE(judged.ok());
  EXPECT_EQ(judged.status().code(), StatusCode::kDataError) << judged.status().ToString();
}

TEST(LocalLog, SegmentsRollAtTheSizeLimitAndReadsCrossThem) {
  TempLog log;
  const std::string query = "?partitions=1&segment_bytes=1KiB";
  ProduceValues(*log.Producer(query), "t", std::string(100, 'x'), 60);
  const std::vector<std::string> segments = log.Segments("t", 0);
  ASSERT_GE(segments.size(), 6u);
  for (const std::string& segment : segments) EXPECT_LE(std::filesystem::file_size(segment), 1024u);
  EXPECT_EQ(std::filesystem::path(segments[0]).filename(), "00000000000000000000.log");

  ProduceValues(*log.Producer(query), "t", "tail", 5);  // a new producer finds the last segment
  auto consumer = log.Consumer("g", "t");
  const std::vector<StreamRecord> records = ReadUntil(*consumer, 65, kLimit);
  ASSERT_EQ(records.size(), 65u);
  ByPartition(records);
  EXPECT_EQ(records.back().value, "tail4");

  // Commit in the middle of a later segment; a new member starts right there.
  ASSERT_TRUE(consumer->Commit(std::vector<PartitionOffset>{{"t", 0, 37}}, 1s).ok());
  ASSERT_TRUE(consumer->Close().ok());
  auto resumed = log.Consumer("g", "t");
  const std::vector<StreamRecord> rest = ReadUntil(*resumed, 28, kLimit);
  ASSERT_EQ(rest.size(), 28u);
  EXPECT_EQ(rest.front().offset, 37);
}

TEST(LocalLog, ProducersTakeTurnsOnOnePartition) {
  TempLog log;
  auto a = log.Producer("?partitions=1&segment_bytes=2KiB");
  auto b = log.Producer("?partitions=1&segment_bytes=2KiB");
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(a->Produce("t", "k", "a" + std::to_string(i)).ok());
    ASSERT_TRUE(b->Produce("t", "k", "b" + std::to_string(i)).ok());
    if (i % 7 == 0) {
      ASSERT_TRUE(a->Flush(kLimit).ok());
    }
    if (i % 5 == 0) {
      ASSERT_TRUE(b->Flush(kLimit).ok());
    }
  }
  ASSERT_TRUE(a->Flush(kLimit).ok());
  ASSERT_TRUE(b->Flush(kLimit).ok());
  auto consumer = log.Consumer("g", "t");
  const std::vector<StreamRecord> records = ReadUntil(*consumer, 100, kLimit);
  ASSERT_EQ(records.size(), 100u);
  ByPartition(records);
  int next_a = 0;
  int next_b = 0;
  for (const std::string& value : Values(records)) {
    int& next = value[0] == 'a' ? next_a : next_b;
    EXPECT_EQ(value.substr(1), std::to_string(next++)) << "each producer's order is kept";
  }
}

TEST(LocalLog, FlushTimesOutWhileAnotherWriterHoldsThePartition) {
  TempLog log;
  auto producer = log.Producer("?partitions=1");
  ProduceValues(*producer, "t", "first", 1);
  const std::string lock_path = log.dir() + "/topics/t/0/append.lock";
  const int fd = ::open(lock_path.c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  ASSERT_TRUE(producer->Produce("t", "k", "second").ok());
  const Status busy = producer->Flush(30ms);
  EXPECT_EQ(busy.code(), StatusCode::kUnavailable) << busy.ToString();
  ::close(fd);
  const Status flushed = producer->Flush(kLimit);
  ASSERT_TRUE(flushed.ok()) << "the record stayed queued: " << flushed.ToString();
  auto consumer = log.Consumer("g", "t");
  EXPECT_EQ(Values(ReadUntil(*consumer, 2, kLimit)),
            (std::vector<std::string>{"first0", "second"}));
}

TEST(LocalLog, CommittedOffsetPastTheEndIsReported) {
  TempLog log;
  ProduceValues(*log.Producer("?partitions=1"), "t", "v", 3);
  auto consumer = log.Consumer("g", "t");
  ASSERT_EQ(ReadUntil(*consumer, 3, kLimit).size(), 3u);
  ASSERT_TRUE(consumer->Commit(std::vector<PartitionOffset>{{"t", 0, 10}}, 1s).ok());
  ASSERT_TRUE(consumer->Close().ok());
  auto resumed = log.Consumer("g", "t");
  auto polled = resumed->Poll(100ms, 10);
  ASSERT_FALSE(polled.ok());
  EXPECT_EQ(polled.status().code(), StatusCode::kDataError);
  EXPECT_NE(polled.status().message().find("past its end"), std::string::npos)
      << polled.status().message();
}

TEST(LocalLog, CommitChecksItsArguments) {
  TempLog log;
  auto consumer = log.Consumer("g", "t");
  EXPECT_TRUE(consumer->Commit({}, 1s).ok());
  EXPECT_EQ(consumer->Commit(std::vector<PartitionOffset>{{"t", 0, -1}}, 1s).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(consumer->Commit(std::vector<PartitionOffset>{{"", 0, 1}}, 1s).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(consumer->Poll(0ms, 0).status().code(), StatusCode::kInvalidArgument);
  auto stream = log.Open();
  EXPECT_EQ(stream->NewConsumer("").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(stream->NewConsumer("a/b").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace retailpipe::stream
