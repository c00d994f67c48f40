// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/sink/csv_batch.h"
#include "retailpipe/storage/fwd.h"
#include "retailpipe/stream/fwd.h"

namespace retailpipe::sink {

class JsonCsvRow;
struct BatchManifest;

/// What a CsvBatchSink reads, how it cuts files and where it writes them.
struct CsvBatchSinkOptions {
  /// Topics to read, e.g. {"US_topic"}.
  std::vector<std::string> topics;
  /// Store prefix of the CSV objects, ending with '/', e.g. "Inbound/US/".
  std::string object_prefix;
  /// Store prefix of the batch manifests (see BatchManifest); "<object_prefix>_manifests/"
  /// when empty. A listing of object_prefix with the '/' delimiter does not show them.
  std::string manifest_prefix;
  /// Store prefix of records that cannot be turned into a row, one object each, named by
  /// offset; "<object_prefix>_rejected/" when empty.
  std::string rejected_prefix;
  /// Store prefix where a downstream job moves the objects it has loaded, e.g.
  /// "Inbound/US/Processed/" (seeds.md §3.4); a batch rebuilt after a crash is not written
  /// again when its object is found there. Empty: not checked.
  std::string processed_prefix;
  /// Local folder for the working copy of each file, moved to "<local_dir>/Archived/" once
  /// uploaded and committed, as the seed did (seeds.md §3.3). Empty: no local copies.
  std::string local_dir;
  /// The CSV columns, which are the keys of each record's JSON object.
  std::vector<std::string> columns;
  /// A file is cut when it holds this many rows (1..1,000,000).
  int64_t max_records = 10'000;
  /// ...or when its first record has been waiting this long, whether records still arrive
  /// or not (> 0).
  std::chrono::milliseconds max_age{45'000};
  /// Longest single wait for records (> 0); the wait is shorter when a file is due sooner.
  std::chrono::milliseconds poll_interval{1'000};
  /// Most records taken from the consumer per poll (> 0).
  size_t poll_max_records = 10'000;
  /// Tries of a store call that fails with kUnavailable, with doubling pauses (>= 1).
  int store_attempts = 5;
  std::chrono::milliseconds store_backoff{100};
  /// The clock file ages are measured with; steady_clock::now when empty (tests pass a fake).
  std::function<std::chrono::steady_clock::time_point()> clock;

  /// Return kInvalidArgument naming the first bad field, else OK.
  Status Validate() const;
};

/// Counts of what a CsvBatchSink did.
struct CsvBatchSinkStats {
  int64_t records = 0;          ///< Records received, re-deliveries included.
  int64_t rows = 0;             ///< Rows in the objects this sink created.
  int64_t bytes = 0;            ///< Bytes of the objects this sink created.
  int64_t objects = 0;          ///< CSV objects this sink created.
  int64_t objects_found = 0;    ///< Batches whose object was already there (a replay).
  int64_t rejected = 0;         ///< Records written to rejected_prefix instead of a row.
  int64_t cut_by_count = 0;     ///< Batches cut at max_records.
  int64_t cut_by_age = 0;       ///< Batches cut at max_age.
  int64_t cut_by_manifest = 0;  ///< Batches cut where an earlier manifest said.
  int64_t cut_at_stop = 0;      ///< Batches cut because the sink stopped.
};

/// Streams JSON records into CSV objects, exactly once (seeds.md §3.3, reliability.md R8).
///
/// Each topic partition has one open file (a CsvBatch, in memory), cut when it holds
/// max_records rows or its first record is max_age old, even if no record arrives. A cut is
/// made durable in this order: (1) the batch manifest (start and end offset, rows, bytes) is
/// created with put-if-absent; (2) the local copy is written (if local_dir is set); (3) the
/// object "<object_prefix><topic>-p<P>-o<start offset, 20 digits>.csv" is created with
/// put-if-absent; (4) the offset after the batch is committed to the consumer group; (5) the
/// local copy moves to Archived/. A crash anywhere replays from the committed offset. When a
/// batch opens, its manifest is looked up: if one exists, the batch is rebuilt to exactly that
/// end offset (whatever max_records and max_age say now), so the replay writes the same
/// object, finds it there, and each record lands in exactly one object. If a manifest appears
/// meanwhile (another member of the group, after a rebalance), the batch is cut where it
/// says; when the group moved past a batch this sink was rebuilding (another member delivered
/// it), the partial copy is dropped. No object is ever replaced. Records that are not a JSON object
/// with exactly the columns as keys are written, one object each, under rejected_prefix (named by
/// offset, so also once) and logged; they are covered by the batch but have no row.
///
/// Assumes the group's committed offsets move only by this sink (a batch boundary or the
/// start). Owns the consumer; uses the store, which must outlive it. Not thread-safe: run one
/// sink per thread (one per country in the country sales pipeline).
class CsvBatchSink {
 public:
  /// Check `options` and subscribe `consumer` to the topics.
  /// Errors: kInvalidArgument for bad options; those of StreamConsumer::Subscribe().
  static Result<std::unique_ptr<CsvBatchSink>> Make(
      CsvBatchSinkOptions options, std::unique_ptr<stream::StreamConsumer> consumer,
      storage::ObjectStore& store);

  ~CsvBatchSink();
  CsvBatchSink(const CsvBatchSink&) = delete;
  CsvBatchSink& operator=(const CsvBatchSink&) = delete;

  /// Wait for records at most poll_interval, or until the oldest open file is due; add what
  /// arrived; cut every file that is full or due. Return the number of records received.
  /// Errors: those of the consumer (kUnavailable is retryable: call again) and the store
  /// (after store_attempts), kDataError for an object that exists although no manifest named
  /// it (another writer without manifests shares the prefix), kIoError for the local copy.
  Result<size_t> PollOnce();

  /// Cut every open file now, as at a stop. A batch rebuilt to a manifest's end that has not
  /// received all its records is dropped instead (the next run rebuilds it). Errors: as
  /// PollOnce().
  Status CutAll();

  /// Call PollOnce() until `stop` is requested or, when `idle` > 0, no record arrived for
  /// `idle`; then CutAll() and close the consumer. Consumer kUnavailable and kNotFound (a
  /// topic not created yet) errors are logged and retried after poll_interval; they count as
  /// idle time.
  Status Run(std::stop_token stop, std::chrono::milliseconds idle);

  const CsvBatchSinkStats& stats() const { return stats_; }
  /// Return the number of files open now.
  size_t open_files() const;

  /// Use Make(). REQUIRES: options.Validate().ok(); a subscribed consumer.
  CsvBatchSink(CsvBatchSinkOptions options, std::unique_ptr<JsonCsvRow> row,
               std::unique_ptr<stream::StreamConsumer> consumer, storage::ObjectStore& store);

 private:
  enum class Cut { kCount, kAge, kManifest, kStop };
  using TimePoint = std::chrono::steady_clock::time_point;
  using PartitionKey = std::pair<std::string, int32_t>;

  TimePoint Now() const;
  Status Handle(const std::vector<stream::StreamRecord>& records);
  Status Add(const stream::StreamRecord& record);
  /// Return the end offset a manifest gives the batch of `key` from `start`, if one exists.
  Result<std::optional<int64_t>> EarlierCut(const PartitionKey& key, int64_t start);
  /// Cut the open batch of `key` if it is complete or `cut` allows; loops over splits.
  Status CutBatch(const PartitionKey& key, Cut cut);
  Status Deliver(const PartitionKey& key, const CsvBatch& batch, Cut cut);
  Result<std::optional<BatchManifest>> LoadManifest(const std::string& key);
  /// Accept the object that put-if-absent found in place of `batch`'s, or say why not.
  Status CheckFound(const std::string& object_key, const CsvBatch& batch);
  Status Reject(const stream::StreamRecord& record, const Status& why);
  Status WriteLocal(const std::string& name, const std::string& text);
  Status ArchiveLocal(const std::string& name);
  Status Retrying(const std::string& what, const std::function<Status()>& call);
  std::string ManifestKey(const PartitionKey& key, int64_t start) const;
  std::chrono::milliseconds NextWait() const;
  void CountCut(Cut cut);
  void LogProgress();

  CsvBatchSinkOptions options_;
  std::unique_ptr<JsonCsvRow> row_;
  std::unique_ptr<stream::StreamConsumer> consumer_;
  storage::ObjectStore& store_;
  std::string header_;
  std::map<PartitionKey, CsvBatch> open_;
  CsvBatchSinkStats stats_;
  TimePoint next_progress_log_;
  Status failed_;  // set once handling records failed: the sink cannot go on
};

}  // namespace retailpipe::sink
