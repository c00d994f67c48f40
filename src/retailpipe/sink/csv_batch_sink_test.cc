// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/sink/csv_batch_sink.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "retailpipe/sink/batch_manifest.h"
#include "retailpipe/sink/csv_sink_testing.h"
#include "retailpipe/storage/object_store.h"
#include "retailpipe/stream/stream.h"
#include "retailpipe/testing/temp_dir.h"

namespace retailpipe::sink {
namespace {

using namespace std::chrono_literals;
using testing::Columns;
using testing::ProduceRecords;
using testing::SaleIds;

constexpr std::string_view kPrefix = "Inbound/US/";
const std::string kTopic = "US_topic";

/// A local log, an in-memory store and a fake clock for the sinks under test.
class CsvBatchSinkTest : public ::testing::Test {
 protected:
  void SetUp() override { OpenLog(1); }

  void OpenLog(int partitions) {
    auto log = stream::OpenStream("log://" + dir_.File("log") +
                                  "?fsync=never&partitions=" + std::to_string(partitions));
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    log_ = std::move(*log);
    auto producer = log_->NewProducer();
    ASSERT_TRUE(producer.ok());
    producer_ = std::move(*producer);
  }

  CsvBatchSinkOptions Options() {
    CsvBatchSinkOptions options;
    options.topics = {kTopic};
    options.object_prefix = std::string(kPrefix);
    options.columns = Columns();
    options.max_records = 10;
    options.max_age = 45s;
    options.poll_interval = 20ms;
    options.store_backoff = 1ms;
    options.clock = [this] { return now_; };
    return options;
  }

  std::unique_ptr<CsvBatchSink> Sink(CsvBatchSinkOptions options, bool commits = true,
                                     storage::ObjectStore* store = nullptr) {
    auto consumer = log_->NewConsumer("US_consumer-group");
    EXPECT_TRUE(consumer.ok()) << consumer.status().ToString();
    std::unique_ptr<stream::StreamConsumer> c = std::move(*consumer);
    if (!commits) c = std::make_unique<testing::NoCommitConsumer>(std::move(c));
    auto sink = CsvBatchSink::Make(std::move(options), std::move(c), store ? *store : *store_);
    EXPECT_TRUE(sink.ok()) << sink.status().ToString();
    return sink.ok() ? std::move(*sink) : nullptr;
  }

  void Produce(int64_t first, int64_t count) { ProduceRecords(*producer_, kTopic, first, count); }

  /// Poll until two polls in a row bring nothing.
  void Drain(CsvBatchSink& sink) {
    for (int empty = 0; empty < 2;) {
      auto polled = sink.PollOnce();
      ASSERT_TRUE(polled.ok()) << polled.status().ToString();
      empty = *polled == 0 ? empty + 1 : 0;
    }
  }

  /// Return the CSV objects at the top level of kPrefix: key -> contents.
  std::map<std::string, std::string> Objects() {
    std::map<std::string, std::string> csv;
    for (auto& [key, text] : testing::ReadAll(*store_, kPrefix)) {
      if (key.find('/', kPrefix.size()) == std::string::npos) csv[key] = text;
    }
    return csv;
  }

  /// Check that the objects hold S0..S<n-1>, each exactly once.
  void ExpectExactlyOnce(int64_t n) {
    std::multiset<std::string> seen;
    for (const auto& [key, text] : Objects()) {
      for (std::string& id : SaleIds(text)) seen.insert(std::move(id));
    }
    EXPECT_EQ(seen.size(), static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      EXPECT_EQ(seen.count("S" + std::to_string(i)), 1u) << "S" << i;
    }
  }

  std::string Key(int64_t start, int32_t partition = 0) {
    return std::string(kPrefix) + BatchName(kTopic, partition, start, ".csv");
  }
  std::string ManifestKey(int64_t start) {
    return std::string(kPrefix) + "_manifests/" + BatchName(kTopic, 0, start, ".manifest");
  }

  retailpipe::testing::TempDir dir_{"csv_sink"};
  std::unique_ptr<stream::Stream> log_;
  std::unique_ptr<stream::StreamProducer> producer_;
  std::unique_ptr<storage::ObjectStore> store_ = *storage::OpenObjectStore("mem://csv_sink");
  std::chrono::steady_clock::time_point now_{std::chrono::hours(1)};
};

TEST_F(CsvBatchSinkTest, CutsFilesAtMaxRecordsWithAHeader) {
  auto sink = Sink(Options());
  Produce(0, 25);
  Drain(*sink);
  EXPECT_EQ(Objects().size(), 2u);
  EXPECT_EQ(sink->open_files(), 1u);
  ASSERT_TRUE(sink->CutAll().ok());
  auto objects = Objects();
  ASSERT_EQ(objects.size(), 3u);
  EXPECT_EQ(SaleIds(objects[Key(0)]).size(), 10u);  // not 9,999 as the seed's first file
  EXPECT_EQ(SaleIds(objects[Key(10)]).size(), 10u);
  EXPECT_EQ(SaleIds(objects[Key(20)]).size(), 5u);
  EXPECT_EQ(SaleIds(objects[Key(10)]).front(), "S10");
  // A product name with a comma and quotes is one quoted field.
  EXPECT_NE(objects[Key(0)].find("S7,\"p, \"\"quoted\"\"\",US,"), std::string::npos);
  ExpectExactlyOnce(25);
  auto manifest = store_->Get(ManifestKey(10));
  ASSERT_TRUE(manifest.ok());
  auto parsed = BatchManifest::Parse(*manifest);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->end_offset, 19);
  EXPECT_EQ(parsed->rows, 10);
  EXPECT_EQ(parsed->bytes, objects[Key(10)].size());
  const CsvBatchSinkStats& stats = sink->stats();
  EXPECT_EQ(stats.records, 25);
  EXPECT_EQ(stats.objects, 3);
  EXPECT_EQ(stats.rows, 25);
  EXPECT_EQ(stats.cut_by_count, 2);
  EXPECT_EQ(stats.cut_at_stop, 1);
  // Everything is committed: the group has nothing left to read.
  auto again = Sink(Options());
  Drain(*again);
  EXPECT_EQ(again->stats().records, 0);
}

TEST_F(CsvBatchSinkTest, CutsByAgeEvenWhenNoRecordArrives) {
  auto sink = Sink(Options());
  Produce(0, 3);
  Drain(*sink);
  now_ += 44s;
  Drain(*sink);
  EXPECT_TRUE(Objects().empty());
  now_ += 1s;
  auto polled = sink->PollOnce();
  ASSERT_TRUE(polled.ok());
  EXPECT_EQ(Objects().size(), 1u);
  EXPECT_EQ(sink->stats().cut_by_age, 1);
  // The age counts from a file's first record, not from the last cut.
  Produce(3, 2);
  Drain(*sink);
  now_ += 30s;
  Produce(5, 1);
  Drain(*sink);
  now_ += 15s;
  Drain(*sink);
  ASSERT_EQ(Objects().size(), 2u);
  EXPECT_EQ(SaleIds(Objects()[Key(3)]).size(), 3u);
}

TEST_F(CsvBatchSinkTest, WaitsNoLongerThanTheOldestFileAllows) {
  CsvBatchSinkOptions options = Options();
  options.clock = nullptr;
  options.max_age = 300ms;
  options.poll_interval = 10s;
  auto sink = Sink(options);
  Produce(0, 2);
  const auto start = std::chrono::steady_clock::now();
  while (Objects().empty() && std::chrono::steady_clock::now() - start < 5s) {
    ASSERT_TRUE(sink->PollOnce().ok());
  }
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(Objects().size(), 1u);
  EXPECT_GE(took, 250ms);
  EXPECT_LT(took, 2s) << "a poll waited past the file's age";
}

TEST_F(CsvBatchSinkTest, ReplayAfterACrashRebuildsTheSameObjects) {
  {
    auto crashed = Sink(Options(), /*commits=*/false);
    Produce(0, 25);
    Drain(*crashed);
    now_ += 50s;  // the last file is cut by age
    Drain(*crashed);
  }
  auto first = Objects();
  ASSERT_EQ(first.size(), 3u);
  // Another configuration would cut elsewhere; the manifests decide.
  CsvBatchSinkOptions options = Options();
  options.max_records = 7;
  options.max_age = 1h;
  auto replay = Sink(options);
  Drain(*replay);
  EXPECT_EQ(replay->open_files(), 0u) << "the last replayed batch is complete";
  ASSERT_TRUE(replay->CutAll().ok());
  EXPECT_EQ(Objects(), first);
  EXPECT_EQ(replay->stats().objects, 0);
  EXPECT_EQ(replay->stats().objects_found, 3);
  EXPECT_EQ(replay->stats().cut_by_manifest, 3);
  // New records after the replay follow the new settings.
  Produce(25, 8);
  Drain(*replay);
  ASSERT_TRUE(replay->CutAll().ok());
  auto objects = Objects();
  EXPECT_EQ(SaleIds(objects[Key(25)]).size(), 7u);
  EXPECT_EQ(SaleIds(objects[Key(32)]).size(), 1u);
  ExpectExactlyOnce(33);
}

TEST_F(CsvBatchSinkTest, TakesAShorterCutAnotherWriterMadeMeanwhile) {
  auto sink = Sink(Options());
  Produce(0, 5);
  Drain(*sink);  // the file from offset 0 is open
  BatchManifest other{kTopic, 0, 0, 2, 3, 0};
  ASSERT_TRUE(store_->PutIfAbsent(ManifestKey(0), other.Format()).ok());
  Produce(5, 7);
  Drain(*sink);
  ASSERT_TRUE(sink->CutAll().ok());
  auto objects = Objects();
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_EQ(SaleIds(objects[Key(0)]).size(), 3u);
  EXPECT_EQ(SaleIds(objects[Key(3)]).size(), 9u);
  ExpectExactlyOnce(12);
}

TEST_F(CsvBatchSinkTest, TakesALongerCutAnotherWriterMadeMeanwhile) {
  auto sink = Sink(Options());
  Produce(0, 5);
  Drain(*sink);
  BatchManifest other{kTopic, 0, 0, 14, 15, 0};
  ASSERT_TRUE(store_->PutIfAbsent(ManifestKey(0), other.Format()).ok());
  Produce(5, 7);
  Drain(*sink);  // 12 records: past max_records, but the batch must reach offset 14
  EXPECT_TRUE(Objects().empty());
  Produce(12, 4);
  Drain(*sink);
  ASSERT_TRUE(sink->CutAll().ok());
  auto objects = Objects();
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_EQ(SaleIds(objects[Key(0)]).size(), 15u);
  EXPECT_EQ(SaleIds(objects[Key(15)]).size(), 1u);
  ExpectExactlyOnce(16);
}

TEST_F(CsvBatchSinkTest, KeepsRecordsThatAreNotRowsApart) {
  auto sink = Sink(Options());
  Produce(0, 3);
  ASSERT_TRUE(producer_->Produce(kTopic, "bad", "not json at all").ok());
  ASSERT_TRUE(producer_->Produce(kTopic, "bad2", R"({"sale_id":"X"})").ok());
  Produce(3, 2);
  Drain(*sink);
  ASSERT_TRUE(sink->CutAll().ok());
  ExpectExactlyOnce(5);
  auto rejected = testing::ReadAll(*store_, std::string(kPrefix) + "_rejected/");
  ASSERT_EQ(rejected.size(), 2u);
  const std::string& first = rejected.begin()->second;
  EXPECT_NE(first.find("reason: not a JSON object"), std::string::npos) << first;
  EXPECT_NE(first.find("offset: 3\n"), std::string::npos) << first;
  EXPECT_TRUE(first.ends_with("\n\nnot json at all"));
  EXPECT_NE(rejected.rbegin()->second.find("is missing"), std::string::npos);
  EXPECT_EQ(sink->stats().rejected, 2);
  auto manifest = BatchManifest::Parse(*store_->Get(ManifestKey(0)));
  ASSERT_TRUE(manifest.ok());
  EXPECT_EQ(manifest->end_offset, 6);
  EXPECT_EQ(manifest->rows, 5);
}

TEST_F(CsvBatchSinkTest, DoesNotWriteAgainWhatTheLoaderMovedAway) {
  {
    auto crashed = Sink(Options(), /*commits=*/false);
    Produce(0, 20);
    Drain(*crashed);
  }
  ASSERT_EQ(Objects().size(), 2u);
  const std::string processed =
      std::string(kPrefix) + "Processed/" + BatchName(kTopic, 0, 0, ".csv");
  ASSERT_TRUE(store_->Move(Key(0), processed).ok());
  CsvBatchSinkOptions options = Options();
  options.processed_prefix = std::string(kPrefix) + "Processed/";
  auto replay = Sink(options);
  Drain(*replay);
  auto objects = Objects();
  EXPECT_EQ(objects.size(), 1u);
  EXPECT_EQ(objects.count(Key(0)), 0u);
  EXPECT_EQ(replay->stats().objects_found, 2);
}

TEST_F(CsvBatchSinkTest, KeepsTheObjectOfAnEarlierCutWhenItDiffers) {
  ASSERT_TRUE(
      store_->PutIfAbsent(ManifestKey(0), BatchManifest{kTopic, 0, 0, 4, 5, 10}.Format()).ok());
  ASSERT_TRUE(store_->PutIfAbsent(Key(0), "other layout\n").ok());
  auto sink = Sink(Options());
  Produce(0, 6);
  Drain(*sink);
  EXPECT_EQ(*store_->Get(Key(0)), "other layout\n");
  EXPECT_EQ(sink->stats().objects_found, 1);
  // An object that no manifest names is another writer's: the sink stops.
  ASSERT_TRUE(store_->PutIfAbsent(Key(5), "stray\n").ok());
  now_ += 1h;
  auto failed = sink->PollOnce();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kDataError);
  EXPECT_NE(failed.status().message().find("own object prefix"), std::string::npos);
  EXPECT_FALSE(sink->PollOnce().ok()) << "a failed sink stays failed";
}

TEST_F(CsvBatchSinkTest, SurvivesLostAnswersToItsWrites) {
  testing::FaultyStore faulty(*store_);
  faulty.LoseEveryNthPut(2);
  auto sink = Sink(Options(), true, &faulty);
  Produce(0, 55);
  Drain(*sink);
  ASSERT_TRUE(sink->CutAll().ok());
  EXPECT_GT(faulty.lost_answers(), 5);
  EXPECT_EQ(Objects().size(), 6u);
  ExpectExactlyOnce(55);
}

TEST_F(CsvBatchSinkTest, SharesOutPartitionsAndNamesObjectsByPartition) {
  OpenLog(3);
  auto sink = Sink(Options());
  Produce(0, 100);
  Drain(*sink);
  ASSERT_TRUE(sink->CutAll().ok());
  std::set<int> partitions;
  for (const auto& [key, text] : Objects()) {
    EXPECT_LE(SaleIds(text).size(), 10u);
    partitions.insert(key[kPrefix.size() + kTopic.size() + 2] - '0');
  }
  EXPECT_EQ(partitions, (std::set<int>{0, 1, 2}));
  ExpectExactlyOnce(100);
}

TEST_F(CsvBatchSinkTest, ArchivesLocalCopies) {
  CsvBatchSinkOptions options = Options();
  options.local_dir = dir_.File("local/Inbound/US");
  auto sink = Sink(options);
  Produce(0, 10);
  Drain(*sink);
  const std::string name = BatchName(kTopic, 0, 0, ".csv");
  EXPECT_FALSE(std::filesystem::exists(options.local_dir + "/" + name));
  std::ifstream archived(options.local_dir + "/Archived/" + name);
  ASSERT_TRUE(archived.good());
  std::stringstream text;
  text << archived.rdbuf();
  EXPECT_EQ(text.str(), Objects()[Key(0)]);
}

TEST_F(CsvBatchSinkTest, RunStopsWhenIdleAndCutsTheOpenFile) {
  auto sink = Sink(Options());
  Produce(0, 4);
  std::stop_source stop;
  Status st = sink->Run(stop.get_token(), 150ms);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(Objects().size(), 1u);
  EXPECT_EQ(sink->stats().cut_at_stop, 1);
  ExpectExactlyOnce(4);
}

TEST_F(CsvBatchSinkTest, RestartsTheOpenFileWhenRecordsComeAgain) {
  using testing::ScriptedConsumer;
  // Offsets 0..4, then from 0 again (the group rebalanced before anything was committed).
  auto consumer = std::make_unique<ScriptedConsumer>(std::vector<std::vector<stream::StreamRecord>>{
      ScriptedConsumer::Records(kTopic, 0, 4), ScriptedConsumer::Records(kTopic, 0, 6)});
  auto sink = CsvBatchSink::Make(Options(), std::move(consumer), *store_);
  ASSERT_TRUE(sink.ok());
  Drain(**sink);
  ASSERT_TRUE((*sink)->CutAll().ok());
  EXPECT_EQ(Objects().size(), 1u);
  ExpectExactlyOnce(7);
}

TEST_F(CsvBatchSinkTest, DropsAReplayAnotherReaderFinished) {
  using testing::ScriptedConsumer;
  // A manifest says 0..9 is one batch; this sink sees 0..3, then the group's position jumps
  // to 10: another member delivered 0..9 meanwhile. The partial 0..3 must not be written.
  ASSERT_TRUE(
      store_->PutIfAbsent(ManifestKey(0), BatchManifest{kTopic, 0, 0, 9, 10, 0}.Format()).ok());
  auto consumer = std::make_unique<ScriptedConsumer>(std::vector<std::vector<stream::StreamRecord>>{
      ScriptedConsumer::Records(kTopic, 0, 3), ScriptedConsumer::Records(kTopic, 10, 12)});
  auto sink = CsvBatchSink::Make(Options(), std::move(consumer), *store_);
  ASSERT_TRUE(sink.ok());
  Drain(**sink);
  ASSERT_TRUE((*sink)->CutAll().ok());
  auto objects = Objects();
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(SaleIds(objects[Key(10)]), (std::vector<std::string>{"S10", "S11", "S12"}));
}

TEST(CsvBatchSinkOptions, RejectsBadSettings) {
  CsvBatchSinkOptions good;
  good.topics = {"t"};
  good.object_prefix = "Inbound/US/";
  EXPECT_TRUE(good.Validate().ok());
  auto bad = good;
  bad.topics.clear();
  EXPECT_FALSE(bad.Validate().ok());
  bad = good;
  bad.object_prefix = "Inbound/US";
  EXPECT_FALSE(bad.Validate().ok());
  bad = good;
  bad.max_records = 0;
  EXPECT_FALSE(bad.Validate().ok());
  bad = good;
  bad.max_age = 0ms;
  EXPECT_FALSE(bad.Validate().ok());
  bad = good;
  bad.processed_prefix = "/abs/";
  EXPECT_FALSE(bad.Validate().ok());
}

}  // namespace
}  // namespace retailpipe::sink
