// SPDX-License-Identifier: Apache-2.0
// Crash test of the CSV sink (reliability.md R8): sink processes killed with SIGKILL at
// random times and at each kill point while records keep arriving, with 1 in 5 object
// writes answering "unavailable" after they succeeded. Afterwards the union of the objects
// must be the input with every record exactly once, no object may have changed once
// written, and none may hold more than 10,000 rows.
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "retailpipe/sink/batch_manifest.h"
#include "retailpipe/sink/csv_batch_sink.h"
#include "retailpipe/sink/csv_sink_testing.h"
#include "retailpipe/storage/object_store.h"
#include "retailpipe/stream/stream.h"
#include "retailpipe/testing/temp_dir.h"

namespace retailpipe::sink {
namespace {

using namespace std::chrono_literals;

constexpr int64_t kRecords = 100'000;
constexpr int kRounds = 25;  // one kill each
constexpr int64_t kMaxRows = 10'000;
const std::string kTopic = "US_topic";
const std::string kGroup = "US_consumer-group";
constexpr std::string_view kPrefix = "Inbound/US/";
constexpr const char* kKillPoints[] = {"sink.after_manifest", "sink.after_upload",
                                       "sink.after_commit"};

/// In a forked child: run a sink until killed or, with `idle` > 0, until idle. Never returns.
[[noreturn]] void RunSink(const std::string& log_uri, const std::string& store_uri,
                          int64_t max_records, std::chrono::milliseconds max_age,
                          const char* kill_point, std::chrono::milliseconds idle) {
  if (kill_point != nullptr) ::setenv("RP_KILLPOINT", kill_point, 1);
  auto stream = stream::OpenStream(log_uri);
  auto store = storage::OpenObjectStore(store_uri);
  if (!stream.ok() || !store.ok()) ::_exit(2);
  testing::FaultyStore faulty(**store);
  faulty.LoseEveryNthPut(5);
  auto consumer = (*stream)->NewConsumer(kGroup);
  if (!consumer.ok()) ::_exit(2);
  CsvBatchSinkOptions options;
  options.topics = {kTopic};
  options.object_prefix = std::string(kPrefix);
  options.columns = testing::Columns();
  options.max_records = max_records;
  options.max_age = max_age;
  options.poll_interval = 50ms;
  options.poll_max_records = 2'000;
  options.store_backoff = 1ms;
  auto sink = CsvBatchSink::Make(options, std::move(*consumer), faulty);
  if (!sink.ok()) ::_exit(2);
  Status st = (*sink)->Run(std::stop_token(), idle);
  if (!st.ok()) std::cerr << "sink child failed: " << st.ToString() << "\n";
  ::_exit(st.ok() ? 0 : 3);
}

/// Every object under the prefix: key -> hash of its contents.
std::map<std::string, size_t> Snapshot(storage::ObjectStore& store) {
  std::map<std::string, size_t> out;
  for (const auto& [key, text] : testing::ReadAll(store, kPrefix)) {
    out[key] = std::hash<std::string>()(text);
  }
  return out;
}

/// Fail the test if an object of `before` is missing or changed in `after`.
void ExpectUnchanged(const std::map<std::string, size_t>& before,
                     const std::map<std::string, size_t>& after) {
  for (const auto& [key, hash] : before) {
    auto it = after.find(key);
    if (it == after.end()) {
      ADD_FAILURE() << key << " disappeared";
    } else if (it->second != hash) {
      ADD_FAILURE() << key << " was overwritten";
    }
  }
}

TEST(CsvBatchSinkCrash, EveryRecordLandsInExactlyOneObject) {
  retailpipe::testing::TempDir dir("csv_sink_crash");
  const std::string log_uri = "log://" + dir.File("log") + "?partitions=4&fsync=never";
  const std::string store_uri = "file://" + dir.File("store");
  auto stream = stream::OpenStream(log_uri);
  auto store = storage::OpenObjectStore(store_uri);
  ASSERT_TRUE(stream.ok() && store.ok());
  auto producer = (*stream)->NewProducer();
  ASSERT_TRUE(producer.ok());

  const uint64_t seed = std::random_device()();
  std::cout << "crash test seed " << seed << "\n";
  std::mt19937_64 random(seed);
  std::map<std::string, size_t> seen;
  int kills = 0;
  int kill_point_kills = 0;
  const int64_t per_round = kRecords / kRounds;
  for (int round = 0; round < kRounds; ++round) {
    testing::ProduceRecords(**producer, kTopic, round * per_round, per_round);
    const int64_t max_records = std::uniform_int_distribution<int64_t>(500, kMaxRows)(random);
    const auto max_age =
        std::chrono::milliseconds(std::uniform_int_distribution<int>(5, 200)(random));
    const char* kill_point = round % 3 == 1 ? kKillPoints[(round / 3) % 3] : nullptr;
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) RunSink(log_uri, store_uri, max_records, max_age, kill_point, 0ms);
    int status = 0;
    if (kill_point != nullptr) {
      // A cut comes within max_age: wait for the child to kill itself there.
      for (int i = 0; i < 200 && ::waitpid(pid, &status, WNOHANG) == 0; ++i) {
        std::this_thread::sleep_for(5ms);
      }
    } else {
      std::this_thread::sleep_for(
          std::chrono::milliseconds(std::uniform_int_distribution<int>(10, 250)(random)));
    }
    if (::kill(pid, SIGKILL) == 0) {
      ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    } else {
      ++kill_point_kills;  // already dead and reaped: it reached its kill point
    }
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;
    ++kills;
    auto now = Snapshot(**store);
    ExpectUnchanged(seen, now);
    seen = std::move(now);
  }
  const size_t written_by_killed_runs = seen.size();
  EXPECT_GE(kills, 20);
  EXPECT_GE(kill_point_kills, 5) << "the kill points were not reached";

  // A last run to the end, not killed.
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) RunSink(log_uri, store_uri, kMaxRows, 45s, nullptr, 500ms);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;

  auto all = testing::ReadAll(**store, kPrefix);
  std::map<std::string, size_t> hashes;
  for (const auto& [key, text] : all) hashes[key] = std::hash<std::string>()(text);
  ExpectUnchanged(seen, hashes);

  std::map<std::string, int> count;
  int objects = 0;
  int64_t manifest_rows = 0;
  for (const auto& [key, text] : all) {
    const std::string_view rest = std::string_view(key).substr(kPrefix.size());
    if (rest.starts_with("_manifests/")) {
      auto manifest = BatchManifest::Parse(text);
      ASSERT_TRUE(manifest.ok()) << key;
      manifest_rows += manifest->rows;
      const std::string object =
          std::string(kPrefix) +
          BatchName(manifest->topic, manifest->partition, manifest->start_offset, ".csv");
      if (manifest->rows > 0) {
        EXPECT_EQ(all.count(object), 1u) << object;
      }
      continue;
    }
    ASSERT_EQ(rest.find('/'), std::string_view::npos) << "unexpected object " << key;
    ++objects;
    const std::vector<std::string> ids = testing::SaleIds(text);
    EXPECT_LE(ids.size(), static_cast<size_t>(kMaxRows)) << key;
    for (const std::string& id : ids) ++count[id];
  }
  EXPECT_EQ(manifest_rows, kRecords);
  EXPECT_EQ(count.size(), static_cast<size_t>(kRecords)) << "records lost";
  int duplicates = 0;
  for (const auto& [id, n] : count) duplicates += n > 1 ? 1 : 0;
  EXPECT_EQ(duplicates, 0);
  for (int64_t i = 0; i < kRecords; i += 997) EXPECT_EQ(count["S" + std::to_string(i)], 1);
  std::cout << kills << " kills (" << kill_point_kills << " at kill points); the killed runs "
            << "wrote " << written_by_killed_runs << " objects and manifests; " << objects
            << " CSV objects in the end\n";
}

}  // namespace
}  // namespace retailpipe::sink
