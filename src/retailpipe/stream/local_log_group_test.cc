// SPDX-License-Identifier: Apache-2.0
// Consumer groups of the local log: members split partitions, a survivor takes over from a
// member that leaves or is killed, and each record is handled exactly once by members that
// commit before polling again.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "retailpipe/stream/local_log_consumer.h"
#include "retailpipe/stream/local_log_testing.h"

namespace retailpipe::stream {
namespace {

using namespace std::chrono_literals;
using testing::ProduceValues;
using testing::TempLog;

constexpr int kRecords = 400;

std::unique_ptr<LocalLogConsumer> Member(const TempLog& log, const std::string& group) {
  auto consumer = LocalLogConsumer::Make(log.Open()->options(), group);
  EXPECT_TRUE(consumer.ok()) << consumer.status().ToString();
  EXPECT_TRUE((*consumer)->Subscribe(std::vector<std::string>{"t"}).ok());
  return std::move(consumer).value();
}

/// Poll once and commit what was read; return the values read.
std::vector<std::string> PollAndCommit(StreamConsumer& consumer, size_t max_records) {
  auto polled = consumer.Poll(5ms, max_records);
  EXPECT_TRUE(polled.ok()) << polled.status().ToString();
  if (!polled.ok()) return {};
  const Status committed = consumer.Commit(NextOffsets(*polled), 1s);
  EXPECT_TRUE(committed.ok()) << committed.ToString();
  std::vector<std::string> values;
  for (const StreamRecord& record : *polled) values.push_back(record.value);
  return values;
}

/// Check that `values` holds v0..v<kRecords - 1>, each exactly once.
void ExpectEachRecordOnce(const std::vector<std::string>& values) {
  std::map<std::string, int> seen;
  for (const std::string& value : values) ++seen[value];
  EXPECT_EQ(seen.size(), static_cast<size_t>(kRecords)) << "lost records";
  for (const auto& [value, count] : seen) EXPECT_EQ(count, 1) << value << " read twice";
}

std::set<int32_t> Partitions(const LocalLogConsumer& consumer) {
  std::set<int32_t> partitions;
  for (const PartitionOffset& owned : consumer.Assignment()) partitions.insert(owned.partition);
  return partitions;
}

TEST(LocalLogGroup, TwoMembersSplitThePartitionsAndReadEachRecordOnce) {
  TempLog log;
  ProduceValues(*log.Producer(), "t", "v", kRecords, kRecords);
  auto a = Member(log, "g");
  auto b = Member(log, "g");
  std::vector<std::string> all;
  size_t read_by_b = 0;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (all.size() < static_cast<size_t>(kRecords) &&
         std::chrono::steady_clock::now() < deadline) {
    for (const std::string& value : PollAndCommit(*a, 3)) all.push_back(value);
    const std::vector<std::string> from_b = PollAndCommit(*b, 3);
    read_by_b += from_b.size();
    all.insert(all.end(), from_b.begin(), from_b.end());
    std::this_thread::sleep_for(5ms);
  }
  ExpectEachRecordOnce(all);
  EXPECT_GT(read_by_b, 0u) << "the second member got partitions";
  EXPECT_LT(read_by_b, static_cast<size_t>(kRecords)) << "the first member kept some";
  for (int i = 0; i < 60; ++i) {  // let the shares settle
    PollAndCommit(*a, 1);
    PollAndCommit(*b, 1);
  }
  const std::set<int32_t> of_a = Partitions(*a);
  const std::set<int32_t> of_b = Partitions(*b);
  EXPECT_EQ(of_a.size(), 2u);
  EXPECT_EQ(of_b.size(), 2u);
  for (int32_t p : of_a) EXPECT_EQ(of_b.count(p), 0u) << "partition " << p << " owned twice";
}

TEST(LocalLogGroup, SurvivorTakesOverWhenAMemberCloses) {
  TempLog log;
  ProduceValues(*log.Producer(), "t", "v", kRecords, kRecords);
  auto a = Member(log, "g");
  auto b = Member(log, "g");
  std::vector<std::string> all;
  // Settle the shares while reading a little.
  for (int i = 0; i < 60 && (Partitions(*a).size() != 2 || Partitions(*b).size() != 2); ++i) {
    for (const std::string& value : PollAndCommit(*a, 1)) all.push_back(value);
    for (const std::string& value : PollAndCommit(*b, 1)) all.push_back(value);
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_EQ(Partitions(*b).size(), 2u);
  ASSERT_TRUE(b->Close().ok());
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (all.size() < static_cast<size_t>(kRecords) &&
         std::chrono::steady_clock::now() < deadline) {
    for (const std::string& value : PollAndCommit(*a, 50)) all.push_back(value);
  }
  ExpectEachRecordOnce(all);
  EXPECT_EQ(Partitions(*a).size(), 4u);
}

TEST(LocalLogGroup, SurvivorTakesOverFromAKilledProcess) {
  TempLog log;
  ProduceValues(*log.Producer(), "t", "v", kRecords, kRecords);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The child member reads slowly, reports what it committed, and waits to be killed.
    ::close(fds[0]);
    auto member = LocalLogConsumer::Make(log.Open()->options(), "g");
    if (!member.ok() || !(*member)->Subscribe(std::vector<std::string>{"t"}).ok()) ::_exit(2);
    size_t read = 0;
    while (read < 10 || (*member)->Assignment().size() != 2) {
      auto polled = (*member)->Poll(5ms, 2);
      if (!polled.ok() || !(*member)->Commit(NextOffsets(*polled), 1s).ok()) ::_exit(3);
      for (const StreamRecord& record : *polled) {
        const std::string line = record.value + "\n";
        if (::write(fds[1], line.data(), line.size()) < 0) ::_exit(4);
      }
      read += polled->size();
      std::this_thread::sleep_for(5ms);
    }
    if (::write(fds[1], "READY\n", 6) < 0) ::_exit(4);
    ::pause();
    ::_exit(0);
  }
  ::close(fds[1]);
  ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
  auto survivor = Member(log, "g");
  std::vector<std::string> all;
  std::string from_child;
  const auto ready_deadline = std::chrono::steady_clock::now() + 20s;
  while (from_child.find("READY\n") == std::string::npos &&
         std::chrono::steady_clock::now() < ready_deadline) {
    for (const std::string& value : PollAndCommit(*survivor, 2)) all.push_back(value);
    char buffer[4096];
    const ssize_t n = ::read(fds[0], buffer, sizeof(buffer));
    if (n > 0) from_child.append(buffer, static_cast<size_t>(n));
    std::this_thread::sleep_for(5ms);
  }
  ::kill(child, SIGKILL);
  int wait_status = 0;
  ::waitpid(child, &wait_status, 0);
  ::close(fds[0]);
  ASSERT_NE(from_child.find("READY\n"), std::string::npos) << "the child never got its share";
  const size_t child_count =
      static_cast<size_t>(std::count(from_child.begin(), from_child.end(), '\n')) - 1;
  for (size_t start = 0; start < from_child.size();) {
    const size_t end = from_child.find('\n', start);
    const std::string line = from_child.substr(start, end - start);
    if (line != "READY") all.push_back(line);
    start = end + 1;
  }
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (all.size() < static_cast<size_t>(kRecords) &&
         std::chrono::steady_clock::now() < deadline) {
    for (const std::string& value : PollAndCommit(*survivor, 50)) all.push_back(value);
  }
  EXPECT_GE(child_count, 10u);
  ExpectEachRecordOnce(all);
  EXPECT_EQ(Partitions(*survivor).size(), 4u) << "the dead member's partitions were taken over";
}

TEST(LocalLogGroup, CommitForAPartitionOwnedByAnotherMemberIsRefused) {
  TempLog log;
  ProduceValues(*log.Producer(), "t", "v", 20);
  auto a = Member(log, "g");
  ASSERT_TRUE(a->Poll(0ms, 1).ok());
  ASSERT_EQ(Partitions(*a).size(), 4u);
  auto b = Member(log, "g");
  ASSERT_TRUE(b->Poll(0ms, 1).ok());
  ASSERT_TRUE(Partitions(*b).empty());
  const Status refused = b->Commit(std::vector<PartitionOffset>{{"t", 0, 5}}, 1s);
  EXPECT_EQ(refused.code(), StatusCode::kUnavailable) << refused.ToString();
  EXPECT_NE(refused.message().find("t/0"), std::string::npos) << refused.message();
  EXPECT_FALSE(std::filesystem::exists(log.dir() + "/groups/g/topics/t/0.offset"));
}

TEST(LocalLogGroup, FilesOfDeadMembersAreNotCounted) {
  TempLog log;
  ProduceValues(*log.Producer(), "t", "v", 20);
  const std::string stale = log.dir() + "/groups/g/members/4242.1";
  std::filesystem::create_directories(log.dir() + "/groups/g/members");
  std::fclose(std::fopen(stale.c_str(), "w"));  // a member that died: its file, unlocked
  auto a = Member(log, "g");
  ASSERT_TRUE(a->Poll(0ms, 1).ok());
  EXPECT_EQ(Partitions(*a).size(), 4u);
  EXPECT_FALSE(std::filesystem::exists(stale));
  ASSERT_TRUE(a->Close().ok());
  EXPECT_TRUE(std::filesystem::is_empty(log.dir() + "/groups/g/members")) << "Close() leaves";
}

}  // namespace
}  // namespace retailpipe::stream
