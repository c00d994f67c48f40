// SPDX-License-Identifier: Apache-2.0
// For tests only: compiled into the sink test binaries, never into retailpipe::sink.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "retailpipe/storage/object_store.h"
#include "retailpipe/stream/stream_consumer.h"
#include "retailpipe/stream/stream_producer.h"

namespace retailpipe::sink::testing {

/// The columns of the test records: those of the country sales (seeds.md §3.1).
std::vector<std::string> Columns();

/// Return the JSON of test record `i`: a country sale whose sale_id is "S<i>", with a
/// product name that needs CSV quoting every 7th record.
std::string RecordJson(int64_t i);

/// Produce records first..first+count-1 (RecordJson) to `topic`, keyed by their sale_id, and
/// flush. Fails the test on an error.
void ProduceRecords(stream::StreamProducer& producer, const std::string& topic, int64_t first,
                    int64_t count);

/// Return the sale_id of each data row of CSV `text` (after the header), in order; fails the
/// test if the header is not Columns().
std::vector<std::string> SaleIds(std::string_view text);

/// Return every object under `prefix` (no delimiter): key -> contents.
std::map<std::string, std::string> ReadAll(storage::ObjectStore& store, std::string_view prefix);

/// An ObjectStore that forwards to another and can inject faults: after `lose_after_put`
/// successful PutIfAbsent() calls, the next successful one reports kUnavailable instead (the
/// object is created, the answer is lost), then counting starts again. Thread-safe as the
/// store it wraps.
class FaultyStore final : public storage::ObjectStore {
 public:
  explicit FaultyStore(storage::ObjectStore& inner) : inner_(inner) {}

  /// Lose the answer of every `n`-th successful PutIfAbsent() (0: never).
  void LoseEveryNthPut(int n) { every_ = n; }
  int lost_answers() const { return lost_; }

  const std::string& uri() const override { return inner_.uri(); }
  Result<storage::ListPage> List(const storage::ListOptions& options) override {
    return inner_.List(options);
  }
  Result<std::optional<storage::ObjectInfo>> Head(std::string_view key) override {
    return inner_.Head(key);
  }
  Result<std::string> Get(std::string_view key, uint64_t offset, int64_t length) override {
    return inner_.Get(key, offset, length);
  }
  Status Download(std::string_view key, const std::string& path) override {
    return inner_.Download(key, path);
  }
  Status Put(std::string_view key, std::string_view data) override { return inner_.Put(key, data); }
  Status Upload(const std::string& path, std::string_view key) override {
    return inner_.Upload(path, key);
  }
  Status PutIfAbsent(std::string_view key, std::string_view data) override;
  Status Copy(std::string_view src, std::string_view dst) override { return inner_.Copy(src, dst); }
  Status Move(std::string_view src, std::string_view dst) override { return inner_.Move(src, dst); }
  Status Delete(std::string_view key) override { return inner_.Delete(key); }

 private:
  storage::ObjectStore& inner_;
  std::atomic<int> every_{0};
  std::atomic<int> puts_{0};
  std::atomic<int> lost_{0};
};

/// A StreamConsumer that forwards to another but never commits, as if the process died
/// right before each commit.
class NoCommitConsumer final : public stream::StreamConsumer {
 public:
  explicit NoCommitConsumer(std::unique_ptr<stream::StreamConsumer> inner)
      : inner_(std::move(inner)) {}
  Status Subscribe(std::span<const std::string> topics) override {
    return inner_->Subscribe(topics);
  }
  Result<std::vector<stream::StreamRecord>> Poll(std::chrono::milliseconds timeout,
                                                 size_t max_records) override {
    return inner_->Poll(timeout, max_records);
  }
  Status Commit(std::span<const stream::PartitionOffset> /*next_offsets*/,
                std::chrono::milliseconds /*timeout*/) override {
    return Status::OK();
  }
  Status Close() override { return inner_->Close(); }

 private:
  std::unique_ptr<stream::StreamConsumer> inner_;
};

/// A StreamConsumer that returns scripted records: the i-th Poll() returns polls[i], later
/// ones nothing. Records every Commit(). For cases a real log cannot stage on demand.
class ScriptedConsumer final : public stream::StreamConsumer {
 public:
  explicit ScriptedConsumer(std::vector<std::vector<stream::StreamRecord>> polls)
      : polls_(std::move(polls)) {}
  Status Subscribe(std::span<const std::string> /*topics*/) override { return Status::OK(); }
  Result<std::vector<stream::StreamRecord>> Poll(std::chrono::milliseconds /*timeout*/,
                                                 size_t /*max_records*/) override {
    if (next_ >= polls_.size()) return std::vector<stream::StreamRecord>();
    return polls_[next_++];
  }
  Status Commit(std::span<const stream::PartitionOffset> next_offsets,
                std::chrono::milliseconds /*timeout*/) override {
    commits_.insert(commits_.end(), next_offsets.begin(), next_offsets.end());
    return Status::OK();
  }
  Status Close() override { return Status::OK(); }

  /// Return the records of test records first..last (RecordJson) of partition 0 of `topic`.
  static std::vector<stream::StreamRecord> Records(const std::string& topic, int64_t first,
                                                   int64_t last);

 private:
  std::vector<std::vector<stream::StreamRecord>> polls_;
  size_t next_ = 0;
  std::vector<stream::PartitionOffset> commits_;
};

}  // namespace retailpipe::sink::testing
