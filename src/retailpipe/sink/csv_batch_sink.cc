// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/sink/csv_batch_sink.h"

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "retailpipe/base/kill_point.h"
#include "retailpipe/base/log.h"
#include "retailpipe/sink/batch_manifest.h"
#include "retailpipe/sink/json_csv_row.h"
#include "retailpipe/storage/local_file.h"
#include "retailpipe/storage/object_store.h"
#include "retailpipe/stream/stream_consumer.h"

namespace retailpipe::sink {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

constexpr milliseconds kCommitTimeout{30'000};
constexpr std::chrono::seconds kProgressInterval{10};
constexpr int64_t kMaxRecordsLimit = 1'000'000;

spdlog::logger& Log() { return log::Get("sink"); }

Status CheckPrefix(std::string_view name, std::string_view prefix) {
  if (prefix.empty() || (prefix.back() == '/' && prefix.front() != '/')) return Status::OK();
  return Status::InvalidArgument(std::string(name) + " '" + std::string(prefix) +
                                 "' must end with '/' and not start with '/'");
}

const char* CutName(int cut) {
  constexpr const char* kNames[] = {"full", "age", "manifest", "stop"};
  return kNames[cut];
}

// Sleep `duration` or until `stop` is requested.
void SleepFor(milliseconds duration, const std::stop_token& stop) {
  std::mutex mu;
  std::condition_variable_any cv;
  std::unique_lock lock(mu);
  cv.wait_for(lock, stop, duration, [] { return false; });
}

}  // namespace

Status CsvBatchSinkOptions::Validate() const {
  if (topics.empty()) return Status::InvalidArgument("the CSV sink needs at least one topic");
  if (object_prefix.empty()) {
    return Status::InvalidArgument("the CSV sink needs an object prefix, e.g. 'Inbound/US/'");
  }
  RP_RETURN_IF_ERROR(CheckPrefix("object prefix", object_prefix));
  RP_RETURN_IF_ERROR(CheckPrefix("manifest prefix", manifest_prefix));
  RP_RETURN_IF_ERROR(CheckPrefix("rejected prefix", rejected_prefix));
  RP_RETURN_IF_ERROR(CheckPrefix("processed prefix", processed_prefix));
  if (max_records < 1 || max_records > kMaxRecordsLimit) {
    return Status::InvalidArgument("max_records " + std::to_string(max_records) +
                                   " is out of range 1..1000000");
  }
  if (max_age.count() <= 0) return Status::InvalidArgument("max_age must be > 0");
  if (poll_interval.count() <= 0) return Status::InvalidArgument("poll_interval must be > 0");
  if (poll_max_records == 0) return Status::InvalidArgument("poll_max_records must be > 0");
  if (store_attempts < 1) return Status::InvalidArgument("store_attempts must be >= 1");
  return Status::OK();
}

Result<std::unique_ptr<CsvBatchSink>> CsvBatchSink::Make(
    CsvBatchSinkOptions options, std::unique_ptr<stream::StreamConsumer> consumer,
    storage::ObjectStore& store) {
  RP_RETURN_IF_ERROR(options.Validate());
  if (options.manifest_prefix.empty())
    options.manifest_prefix = options.object_prefix + "_manifests/";
  if (options.rejected_prefix.empty())
    options.rejected_prefix = options.object_prefix + "_rejected/";
  RP_ASSIGN_OR_RETURN(std::unique_ptr<JsonCsvRow> row, JsonCsvRow::Make(options.columns));
  RP_RETURN_IF_ERROR(consumer->Subscribe(options.topics));
  return std::make_unique<CsvBatchSink>(std::move(options), std::move(row), std::move(consumer),
                                        store);
}

CsvBatchSink::CsvBatchSink(CsvBatchSinkOptions options, std::unique_ptr<JsonCsvRow> row,
                           std::unique_ptr<stream::StreamConsumer> consumer,
                           storage::ObjectStore& store)
    : options_(std::move(options)),
      row_(std::move(row)),
      consumer_(std::move(consumer)),
      store_(store),
      header_(row_->Header()),
      next_progress_log_(std::chrono::steady_clock::now() + kProgressInterval) {}

CsvBatchSink::~CsvBatchSink() = default;

size_t CsvBatchSink::open_files() const { return open_.size(); }

CsvBatchSink::TimePoint CsvBatchSink::Now() const {
  return options_.clock ? options_.clock() : std::chrono::steady_clock::now();
}

std::string CsvBatchSink::ManifestKey(const PartitionKey& key, int64_t start) const {
  return options_.manifest_prefix + BatchName(key.first, key.second, start, ".manifest");
}

Status CsvBatchSink::Retrying(const std::string& what, const std::function<Status()>& call) {
  milliseconds pause = options_.store_backoff;
  Status status;
  for (int attempt = 1; attempt <= options_.store_attempts; ++attempt) {
    status = call();
    if (!status.IsUnavailable()) return status;
    if (attempt < options_.store_attempts) {
      Log().warn("{} failed (try {} of {}), retrying in {} ms: {}", what, attempt,
                 options_.store_attempts, pause.count(), status.message());
      std::this_thread::sleep_for(pause);
      pause *= 2;
    }
  }
  return status.WithContext(what + " failed " + std::to_string(options_.store_attempts) + " times");
}

Result<std::optional<BatchManifest>> CsvBatchSink::LoadManifest(const std::string& key) {
  Result<std::string> text = std::string();
  RP_RETURN_IF_ERROR(Retrying("reading " + key, [&] {
    text = store_.Get(key);
    return text.status().IsNotFound() ? Status::OK() : text.status();
  }));
  if (!text.ok()) return std::optional<BatchManifest>();
  Result<BatchManifest> manifest = BatchManifest::Parse(*text);
  if (!manifest.ok()) return manifest.status().WithContext("in " + store_.uri() + "/" + key);
  return std::optional<BatchManifest>(std::move(*manifest));
}

Result<std::optional<int64_t>> CsvBatchSink::EarlierCut(const PartitionKey& key, int64_t start) {
  const std::string manifest_key = ManifestKey(key, start);
  RP_ASSIGN_OR_RETURN(std::optional<BatchManifest> manifest, LoadManifest(manifest_key));
  if (!manifest) return std::optional<int64_t>();
  if (manifest->topic != key.first || manifest->partition != key.second ||
      manifest->start_offset != start) {
    return Status::DataError(store_.uri() + "/" + manifest_key + " describes " + manifest->topic +
                             " partition " + std::to_string(manifest->partition) + " from offset " +
                             std::to_string(manifest->start_offset) + ", not what its name says");
  }
  Log().info("{} partition {}: replaying the batch of offsets {}..{} as it was cut before",
             key.first, key.second, start, manifest->end_offset);
  return std::optional<int64_t>(manifest->end_offset);
}

Status CsvBatchSink::Reject(const stream::StreamRecord& record, const Status& why) {
  const std::string key =
      options_.rejected_prefix + BatchName(record.topic, record.partition, record.offset, ".txt");
  std::string text = "reason: " + why.message() + "\ntopic: " + record.topic +
                     "\npartition: " + std::to_string(record.partition) +
                     "\noffset: " + std::to_string(record.offset) + "\nkey: " + record.key +
                     "\n\n" + record.value;
  Status put = Retrying("creating " + key, [&] { return store_.PutIfAbsent(key, text); });
  if (!put.ok() && !put.IsAlreadyExists()) return put;
  Log().warn("{} partition {} offset {}: record is not a row ({}); kept as {}", record.topic,
             record.partition, record.offset, why.message(), key);
  ++stats_.rejected;
  return Status::OK();
}

Status CsvBatchSink::Add(const stream::StreamRecord& record) {
  PartitionKey key{record.topic, record.partition};
  auto it = open_.find(key);
  if (it != open_.end() && record.offset <= it->second.last_offset()) {
    // Delivered again (the group rebalanced, or this member took the partition back): the
    // open file is rebuilt from these records.
    Log().debug("{} partition {}: records again from offset {}; restarting the open file",
                key.first, key.second, record.offset);
    open_.erase(it);
    it = open_.end();
  }
  if (it != open_.end() && it->second.fixed_end() && record.offset > *it->second.fixed_end()) {
    // The group's position moved past the batch being rebuilt while this member did not own
    // the partition: another member delivered the batch and committed (commits follow
    // uploads), so this partial copy is dropped, never written.
    Log().info("{} partition {}: offsets {}..{} were delivered by another reader; skipping them",
               key.first, key.second, it->second.start_offset(), *it->second.fixed_end());
    open_.erase(it);
    it = open_.end();
  }
  if (it == open_.end()) {
    CsvBatch batch(record.offset, header_, Now());
    RP_ASSIGN_OR_RETURN(std::optional<int64_t> end, EarlierCut(key, record.offset));
    if (end) batch.set_fixed_end(*end, CsvBatch::FixedBy::kEarlier);
    it = open_.emplace(key, std::move(batch)).first;
  }
  Status appended = it->second.Append(record.offset, record.value, *row_);
  if (!appended.ok()) {
    if (appended.code() != StatusCode::kDataError) return appended;
    RP_RETURN_IF_ERROR(Reject(record, appended));
    it->second.Skip(record.offset);
  }
  return CutBatch(key, Cut::kCount);
}

Status CsvBatchSink::CutBatch(const PartitionKey& key, Cut cut) {
  while (true) {
    auto it = open_.find(key);
    if (it == open_.end()) return Status::OK();
    CsvBatch& batch = it->second;
    if (!batch.fixed_end()) {
      const bool due = cut != Cut::kCount || batch.rows() >= options_.max_records;
      if (!due || batch.empty()) return Status::OK();
      // Fix the end with a manifest, or take the end an earlier manifest gives.
      BatchManifest manifest{key.first,           key.second,   batch.start_offset(),
                             batch.last_offset(), batch.rows(), batch.text().size()};
      const std::string manifest_key = ManifestKey(key, batch.start_offset());
      Status put = Retrying("creating " + manifest_key,
                            [&] { return store_.PutIfAbsent(manifest_key, manifest.Format()); });
      if (put.IsAlreadyExists()) {
        RP_ASSIGN_OR_RETURN(std::optional<BatchManifest> earlier, LoadManifest(manifest_key));
        if (!earlier) {
          return Status::DataError(store_.uri() + "/" + manifest_key +
                                   " was there and then was not: something else deletes "
                                   "batch manifests");
        }
        Log().info("{} partition {}: the batch from offset {} was cut at {} before; cutting there",
                   key.first, key.second, batch.start_offset(), earlier->end_offset);
        batch.set_fixed_end(earlier->end_offset, CsvBatch::FixedBy::kEarlier);
      } else {
        RP_RETURN_IF_ERROR(put);
        KillPoint("sink.after_manifest");
        batch.set_fixed_end(batch.last_offset(), CsvBatch::FixedBy::kThisCut);
        CountCut(cut);
      }
    }
    if (batch.last_offset() < *batch.fixed_end()) return Status::OK();  // wait for the rest
    std::optional<CsvBatch> tail = batch.SplitAfter(*batch.fixed_end());
    RP_RETURN_IF_ERROR(Deliver(key, batch, batch.replayed() ? Cut::kManifest : cut));
    open_.erase(it);
    if (!tail) return Status::OK();
    RP_ASSIGN_OR_RETURN(std::optional<int64_t> end, EarlierCut(key, tail->start_offset()));
    if (end) tail->set_fixed_end(*end, CsvBatch::FixedBy::kEarlier);
    open_.emplace(key, std::move(*tail));
    cut = Cut::kCount;  // the tail is cut only when full or complete; its age is checked later
  }
}

Status CsvBatchSink::Deliver(const PartitionKey& key, const CsvBatch& batch, Cut cut) {
  const std::string name = BatchName(key.first, key.second, batch.start_offset(), ".csv");
  const std::string object_key = options_.object_prefix + name;
  auto with_context = [&](Status st) { return st.WithContext("while delivering " + object_key); };
  if (!options_.local_dir.empty()) RP_RETURN_IF_ERROR(with_context(WriteLocal(name, batch.text())));
  bool found = false;
  if (batch.rows() > 0) {
    if (batch.replayed() && !options_.processed_prefix.empty()) {
      const std::string processed_key = options_.processed_prefix + name;
      Result<std::optional<storage::ObjectInfo>> head = std::optional<storage::ObjectInfo>();
      RP_RETURN_IF_ERROR(with_context(Retrying("looking up " + processed_key, [&] {
        head = store_.Head(processed_key);
        return head.status();
      })));
      found = head->has_value();
      if (found) Log().info("{} was loaded already ({})", object_key, processed_key);
    }
    if (!found) {
      Status put = Retrying("creating " + object_key,
                            [&] { return store_.PutIfAbsent(object_key, batch.text()); });
      if (put.IsAlreadyExists()) {
        RP_RETURN_IF_ERROR(with_context(CheckFound(object_key, batch)));
        found = true;
      } else {
        RP_RETURN_IF_ERROR(with_context(put));
      }
    }
  }
  KillPoint("sink.after_upload");
  const int64_t next = std::max(batch.last_offset(), batch.fixed_end().value_or(-1)) + 1;
  const stream::PartitionOffset position{key.first, key.second, next};
  Status committed = consumer_->Commit(std::span(&position, 1), kCommitTimeout);
  if (committed.IsUnavailable()) {
    Log().warn(
        "{} partition {}: offset {} not committed, so its records will be read again "
        "(and find their objects): {}",
        key.first, key.second, next, committed.message());
  } else {
    RP_RETURN_IF_ERROR(with_context(committed));
  }
  KillPoint("sink.after_commit");
  if (!options_.local_dir.empty()) RP_RETURN_IF_ERROR(with_context(ArchiveLocal(name)));
  if (cut == Cut::kManifest) CountCut(cut);
  if (found) {
    ++stats_.objects_found;
  } else if (batch.rows() > 0) {
    ++stats_.objects;
    stats_.rows += batch.rows();
    stats_.bytes += static_cast<int64_t>(batch.text().size());
  }
  Log().info("{} {}: {} rows, offsets {}..{}, cut by {}", found ? "found" : "wrote",
             store_.uri() + "/" + object_key, batch.rows(), batch.start_offset(), next - 1,
             CutName(static_cast<int>(cut)));
  return Status::OK();
}

Status CsvBatchSink::CheckFound(const std::string& object_key, const CsvBatch& batch) {
  RP_ASSIGN_OR_RETURN(std::optional<storage::ObjectInfo> info, store_.Head(object_key));
  if (!info || info->size == batch.text().size()) return Status::OK();
  if (batch.replayed()) {
    // The object of an earlier cut is the batch's one copy. It differs when this sink saw
    // only part of the batch (it lost the partition for a while) or the CSV layout changed.
    Log().warn("{} exists with {} bytes where this rebuild has {}; keeping it", object_key,
               info->size, batch.text().size());
    return Status::OK();
  }
  return Status::DataError(store_.uri() + "/" + object_key + " exists with " +
                           std::to_string(info->size) + " bytes, but this sink just cut the " +
                           "batch with " + std::to_string(batch.text().size()) +
                           " bytes and no manifest said so: another writer uses the same "
                           "prefix without manifests; give each its own object prefix");
}

Status CsvBatchSink::WriteLocal(const std::string& name, const std::string& text) {
  const fs::path path = fs::path(options_.local_dir) / name;
  RP_ASSIGN_OR_RETURN(std::unique_ptr<storage::TempFile> temp, storage::MakeTempBeside(path));
  RP_RETURN_IF_ERROR(temp->Write(text));
  return temp->RenameTo(path, storage::Durability::kScratch);
}

Status CsvBatchSink::ArchiveLocal(const std::string& name) {
  const fs::path dir = fs::path(options_.local_dir) / "Archived";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!ec) fs::rename(fs::path(options_.local_dir) / name, dir / name, ec);
  if (ec) {
    return Status::IoError("cannot move the local copy " + name + " to " + dir.string() + ": " +
                           ec.message());
  }
  return Status::OK();
}

milliseconds CsvBatchSink::NextWait() const {
  milliseconds wait = options_.poll_interval;
  const TimePoint now = Now();
  for (const auto& [key, batch] : open_) {
    if (batch.fixed_end()) continue;
    const auto due = std::chrono::ceil<milliseconds>(batch.opened() + options_.max_age - now);
    wait = std::clamp(due, milliseconds(0), wait);
  }
  return wait;
}

Result<size_t> CsvBatchSink::PollOnce() {
  if (!failed_.ok()) return failed_;
  RP_ASSIGN_OR_RETURN(std::vector<stream::StreamRecord> records,
                      consumer_->Poll(NextWait(), options_.poll_max_records));
  failed_ = Handle(records);
  if (!failed_.ok()) return failed_;
  LogProgress();
  return records.size();
}

Status CsvBatchSink::Handle(const std::vector<stream::StreamRecord>& records) {
  for (const stream::StreamRecord& record : records) {
    ++stats_.records;
    RP_RETURN_IF_ERROR(Add(record));
  }
  const TimePoint now = Now();
  std::vector<PartitionKey> due;
  for (const auto& [key, batch] : open_) {
    if (!batch.fixed_end() && now - batch.opened() >= options_.max_age) due.push_back(key);
  }
  for (const PartitionKey& key : due) RP_RETURN_IF_ERROR(CutBatch(key, Cut::kAge));
  return Status::OK();
}

void CsvBatchSink::CountCut(Cut cut) {
  switch (cut) {
    case Cut::kCount:
      ++stats_.cut_by_count;
      break;
    case Cut::kAge:
      ++stats_.cut_by_age;
      break;
    case Cut::kManifest:
      ++stats_.cut_by_manifest;
      break;
    case Cut::kStop:
      ++stats_.cut_at_stop;
      break;
  }
}

Status CsvBatchSink::CutAll() {
  std::vector<PartitionKey> keys;
  for (const auto& [key, batch] : open_) keys.push_back(key);
  for (const PartitionKey& key : keys) RP_RETURN_IF_ERROR(CutBatch(key, Cut::kStop));
  for (const auto& [key, batch] : open_) {
    Log().info(
        "{} partition {}: dropping the replay of offsets {}..{} that lacks records {}..{}; "
        "the next run rebuilds it",
        key.first, key.second, batch.start_offset(), *batch.fixed_end(), batch.last_offset() + 1,
        *batch.fixed_end());
  }
  open_.clear();
  return Status::OK();
}

void CsvBatchSink::LogProgress() {
  const auto now = std::chrono::steady_clock::now();
  if (now < next_progress_log_) return;
  next_progress_log_ = now + kProgressInterval;
  Log().info("{}: {} records, {} objects written ({} found), {} rejected, {} files open",
             options_.object_prefix, stats_.records, stats_.objects, stats_.objects_found,
             stats_.rejected, open_.size());
}

Status CsvBatchSink::Run(std::stop_token stop, milliseconds idle) {
  auto last_record = std::chrono::steady_clock::now();
  bool waiting_logged = false;
  while (!stop.stop_requested()) {
    Result<size_t> polled = PollOnce();
    if (!polled.ok()) {
      // Handling errors end the run: the records in hand are neither written nor committed,
      // so the next run reads them again. A consumer error came before any record.
      const Status& error = polled.status();
      if (!failed_.ok() || !(error.IsUnavailable() || error.IsNotFound())) return error;
      if (!waiting_logged) {
        Log().warn("{}; retrying every {} ms", error.message(), options_.poll_interval.count());
      }
      waiting_logged = true;
      SleepFor(options_.poll_interval, stop);
    } else {
      waiting_logged = false;
    }
    const auto now = std::chrono::steady_clock::now();
    if (polled.ok() && *polled > 0) {
      last_record = now;
    } else if (idle.count() > 0 && now - last_record >= idle) {
      Log().info("{}: no record for {} ms; stopping", options_.object_prefix, idle.count());
      break;
    }
  }
  RP_RETURN_IF_ERROR(CutAll());
  return consumer_->Close();
}

}  // namespace retailpipe::sink
