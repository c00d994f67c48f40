// SPDX-License-Identifier: Apache-2.0
// Crash tests of the local log: producer processes killed with SIGKILL at random points, and
// several producer processes appending to the same partitions at once.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "retailpipe/stream/local_log_testing.h"

namespace retailpipe::stream {
namespace {

using namespace std::chrono_literals;
using testing::TempLog;

constexpr size_t kValueBytes = 200;

/// Return the value of record `i` of `writer`: "<writer>-<i>|" padded to kValueBytes.
std::string Value(const std::string& writer, int64_t i) {
  std::string value = writer + "-" + std::to_string(i) + "|";
  value.resize(kValueBytes, 'x');
  return value;
}

/// Split a Value() into its writer and index.
std::pair<std::string, int64_t> Parse(const std::string& value) {
  const size_t dash = value.rfind('-', value.find('|'));
  return {value.substr(0, dash), std::stoll(value.substr(dash + 1, value.find('|') - dash - 1))};
}

/// Read every record now in the log with a fresh group; fail the test on an error.
std::vector<StreamRecord> ReadEverything(const TempLog& log, const std::string& group) {
  auto consumer = log.Consumer(group, "t");
  std::vector<StreamRecord> records;
  while (true) {
    auto polled = consumer->Poll(100ms, 5000);
    EXPECT_TRUE(polled.ok()) << polled.status().ToString();
    if (!polled.ok() || polled->empty()) return records;
    records.insert(records.end(), polled->begin(), polled->end());
  }
}

/// Check offsets are dense from 0 in each partition, each value appears once, and each writer's
/// records keep their order within a partition.
void CheckLog(const std::vector<StreamRecord>& records) {
  std::map<int32_t, int64_t> next_offset;
  std::map<std::pair<int32_t, std::string>, int64_t> last_index;
  std::set<std::string> seen;
  for (const StreamRecord& record : records) {
    EXPECT_EQ(record.offset, next_offset[record.partition]++) << "partition " << record.partition;
    EXPECT_TRUE(seen.insert(record.value).second) << "duplicate " << record.value.substr(0, 20);
    const auto [writer, index] = Parse(record.value);
    auto [it, first] = last_index.try_emplace({record.partition, writer}, index);
    if (!first) {
      EXPECT_GT(index, it->second) << writer << " out of order";
      it->second = index;
    }
  }
}

/// In a forked child: produce Value(writer, i) for i = 0, 1, ... in batches of random size,
/// flushing each; after each successful Flush() write the count of flushed records to `fd`.
/// Runs until killed, or `limit` records. Never returns.
[[noreturn]] void ProduceInChild(const TempLog& log, std::string_view query,
                                 const std::string& writer, int64_t limit, uint64_t seed, int fd) {
  std::mt19937_64 random(seed);
  auto producer = log.Open(query)->NewProducer();
  if (!producer.ok()) ::_exit(2);
  int64_t i = 0;
  while (i < limit) {
    const int64_t batch = std::min<int64_t>(limit - i, 1 + static_cast<int64_t>(random() % 800));
    for (int64_t end = i + batch; i < end; ++i) {
      if (!(*producer)->Produce("t", "k" + std::to_string(i % 13), Value(writer, i)).ok()) {
        ::_exit(3);
      }
    }
    if (!(*producer)->Flush(10s).ok()) ::_exit(4);
    if (fd >= 0 && ::write(fd, &i, sizeof(i)) != static_cast<ssize_t>(sizeof(i))) ::_exit(5);
  }
  ::_exit(0);
}

TEST(LocalLogCrash, ProducerKilledAtRandomPointsLosesNoFlushedRecord) {
  constexpr int kRounds = 20;
  // Odd rounds skip fsync: writes then dominate, so more kills land mid-write. A process
  // crash loses nothing flushed under either policy.
  const std::string queries[] = {"?partitions=2&segment_bytes=64KiB",
                                 "?partitions=2&segment_bytes=64KiB&fsync=never"};
  TempLog log;
  std::mt19937_64 random(20260514);
  std::vector<std::pair<std::string, int64_t>> flushed;  // writer, records acknowledged
  int torn_rounds = 0;
  for (int round = 0; round < kRounds; ++round) {
    const std::string writer = "w" + std::to_string(round);
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(fds[0]);
      ProduceInChild(log, queries[round % 2], writer, INT64_MAX, random(), fds[1]);
    }
    ::close(fds[1]);
    std::this_thread::sleep_for(std::chrono::microseconds(2000 + random() % 60000));
    ::kill(child, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status))
        << "the producer failed with exit code " << WEXITSTATUS(status);
    int64_t acknowledged = 0;
    for (int64_t count = 0; ::read(fds[0], &count, sizeof(count)) == sizeof(count);) {
      acknowledged = count;
    }
    ::close(fds[0]);
    flushed.emplace_back(writer, acknowledged);

    // Read the log as the crash left it (before any producer repairs it), then check it.
    const std::vector<StreamRecord> records = ReadEverything(log, "check" + std::to_string(round));
    CheckLog(records);
    std::map<std::string, int64_t> present;
    for (const StreamRecord& record : records) ++present[Parse(record.value).first];
    for (const auto& [name, count] : flushed) {
      EXPECT_GE(present[name], count) << name << ": flushed records are missing";
    }
    if (present[writer] > acknowledged) ++torn_rounds;
  }
  // A last producer repairs any torn tail and goes on from the right offsets.
  auto producer = log.Producer(queries[0]);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(producer->Produce("t", "", Value("final", i)).ok());
  ASSERT_TRUE(producer->Flush(10s).ok());
  const std::vector<StreamRecord> records = ReadEverything(log, "final-check");
  CheckLog(records);
  EXPECT_EQ(Parse(records.back().value).first, "final");
  std::cout << "[          ] " << kRounds << " kills; " << torn_rounds
            << " left records written but not yet acknowledged; " << records.size()
            << " records in the log\n";
}

TEST(LocalLogCrash, ConcurrentProducerProcessesNeverInterleaveFrames) {
  constexpr int kWriters = 3;
  constexpr int64_t kPerWriter = 3000;
  const std::string query = "?partitions=2&segment_bytes=32KiB";
  TempLog log;
  std::vector<pid_t> children;
  for (int w = 0; w < kWriters; ++w) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) ProduceInChild(log, query, "p" + std::to_string(w), kPerWriter, w + 1, -1);
    children.push_back(child);
  }
  for (const pid_t child : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
  }
  const std::vector<StreamRecord> records = ReadEverything(log, "check");
  ASSERT_EQ(records.size(), static_cast<size_t>(kWriters * kPerWriter));
  CheckLog(records);
}

TEST(LocalLogCrash, ReaderKeepsUpWithAWriterInAnotherProcess) {
  constexpr int64_t kTotal = 30000;
  const std::string query = "?partitions=2&segment_bytes=16KiB&fsync=never";
  TempLog log;
  auto consumer = log.Consumer("live", "t", query);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) ProduceInChild(log, query, "live", kTotal, 7, -1);
  // Read while the child appends: partial frames and fresh segments must never look corrupt.
  std::vector<StreamRecord> records;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (records.size() < static_cast<size_t>(kTotal) &&
         std::chrono::steady_clock::now() < deadline) {
    auto polled = consumer->Poll(10ms, 700);
    ASSERT_TRUE(polled.ok()) << polled.status().ToString();
    records.insert(records.end(), polled->begin(), polled->end());
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
  EXPECT_EQ(records.size(), static_cast<size_t>(kTotal));
  CheckLog(records);
}

}  // namespace
}  // namespace retailpipe::stream
