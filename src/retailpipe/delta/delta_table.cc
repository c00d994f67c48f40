// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/delta/delta_table.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <set>
#include <utility>

#include "retailpipe/base/json_writer.h"
#include "retailpipe/base/kill_point.h"
#include "retailpipe/base/log.h"
#include "retailpipe/delta/data_file_writer.h"
#include "retailpipe/storage/object_store.h"

namespace retailpipe::delta {
namespace {

constexpr std::string_view kEngineInfo = "retailpipe";
constexpr std::string_view kAppendOnlyKey = "delta.appendOnly";

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// Return a random (version 4) UUID.
std::string NewUuid() {
  std::random_device rd;
  std::uniform_int_distribution<uint64_t> dist;
  uint64_t hi = (dist(rd) & ~uint64_t{0xF000}) | uint64_t{0x4000};
  uint64_t lo = (dist(rd) & ~(uint64_t{0xC} << 60)) | (uint64_t{0x8} << 60);
  char buf[37];
  std::snprintf(buf, sizeof(buf), "%08llx-%04llx-%04llx-%04llx-%012llx",
                static_cast<unsigned long long>(hi >> 32),
                static_cast<unsigned long long>((hi >> 16) & 0xFFFF),
                static_cast<unsigned long long>(hi & 0xFFFF),
                static_cast<unsigned long long>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return buf;
}

std::string JsonStringArray(const std::vector<std::string>& items) {
  JsonWriter w;
  w.BeginArray();
  for (const auto& s : items) w.String(s);
  w.EndArray();
  return w.str();
}

/// Return the table path without surrounding '/', or an error if it is not a valid prefix.
Result<std::string> NormalizeTablePath(std::string path) {
  while (!path.empty() && path.back() == '/') path.pop_back();
  while (!path.empty() && path.front() == '/') path.erase(0, 1);
  if (path.empty()) return Status::InvalidArgument("a Delta table needs a non-empty path");
  RP_RETURN_IF_ERROR(storage::ValidateKey(path + "/_delta_log"));
  return path;
}

Status ValidatePartitioning(const DeltaSchema& schema, const std::vector<std::string>& columns) {
  std::set<std::string> seen;
  for (const auto& c : columns) {
    if (!schema.Find(c)) {
      return Status::InvalidArgument("partition column \"" + c + "\" is not in the schema");
    }
    if (!seen.insert(c).second) {
      return Status::InvalidArgument("partition column \"" + c + "\" is listed twice");
    }
  }
  if (!columns.empty() && columns.size() >= schema.fields.size()) {
    return Status::InvalidArgument("a table needs at least one column that is not a partition");
  }
  return Status::OK();
}

CommitActions CreateCommit(DeltaSchema schema, const CreateOptions& options) {
  CommitActions c;
  int64_t now = NowMs();
  CommitInfo& info = c.commit_info.emplace();
  info.timestamp_ms = now;
  info.operation = "CREATE TABLE";
  info.operation_parameters = {{"isManaged", "false"},
                               {"description", options.description},
                               {"partitionBy", JsonStringArray(options.partition_columns)},
                               {"properties", "{}"}};
  info.engine_info = kEngineInfo;
  info.txn_id = NewUuid();
  c.protocol = Protocol{};
  Metadata& m = c.metadata.emplace();
  m.id = NewUuid();
  m.name = options.name;
  m.description = options.description;
  m.schema = std::move(schema);
  m.partition_columns = options.partition_columns;
  m.configuration = options.configuration;
  m.created_time_ms = now;
  return c;
}

std::unique_ptr<CheckpointEngine> MakeEngine(const TableOptions& options) {
  if (options.checkpoints == Checkpoints::kOff) return nullptr;
  return std::make_unique<CheckpointEngine>(options.work_dir);
}

/// Return the appIds of every txn `options` records.
std::set<std::string_view> OurApps(const AppendOptions& options) {
  std::set<std::string_view> apps;
  if (!options.app_id.empty()) apps.insert(options.app_id);
  for (const Txn& t : options.more_txns) apps.insert(t.app_id);
  return apps;
}

/// Return true if one of `others` recorded a txn of an appId of `options`.
bool TouchesOurApps(const std::vector<CommitActions>& others, const AppendOptions& options) {
  const std::set<std::string_view> ours = OurApps(options);
  for (const auto& c : others) {
    for (const Txn& t : c.txns) {
      if (ours.contains(t.app_id)) return true;
    }
  }
  return false;
}

/// Return an error if a commit by another writer changed what our write assumed.
Status CheckConflicts(const std::vector<CommitActions>& others, const Metadata& ours) {
  for (const auto& c : others) {
    if (c.metadata && (c.metadata->id != ours.id || !(c.metadata->schema == ours.schema) ||
                       c.metadata->partition_columns != ours.partition_columns)) {
      return Status::FailedPrecondition(
          "the table's metadata (schema, partitioning or identity) changed during the write");
    }
  }
  return Status::OK();
}

}  // namespace

Status AppendOptions::Validate() const {
  if (!app_id.empty() && !IsValidUtf8(app_id)) {
    return Status::InvalidArgument("app_id is not valid UTF-8");
  }
  if (!app_id.empty() && app_version < 0) {
    return Status::InvalidArgument("app_version must not be negative");
  }
  std::set<std::string_view> apps;
  if (!app_id.empty()) apps.insert(app_id);
  for (const Txn& t : more_txns) {
    if (t.app_id.empty()) return Status::InvalidArgument("more_txns holds an empty appId");
    if (!IsValidUtf8(t.app_id)) return Status::InvalidArgument("a more_txns appId is not UTF-8");
    if (t.version < 0) {
      return Status::InvalidArgument("txn version of \"" + t.app_id + "\" must not be negative");
    }
    if (!apps.insert(t.app_id).second) {
      return Status::InvalidArgument("appId \"" + t.app_id + "\" is given twice in one append");
    }
  }
  if (read_version && *read_version < 0) {
    return Status::InvalidArgument("read_version must not be negative");
  }
  if (read_version && on_concurrent_commit != ConcurrentCommits::kConflict) {
    return Status::InvalidArgument("read_version needs on_concurrent_commit = kConflict");
  }
  if (max_commit_attempts < 1) return Status::InvalidArgument("max_commit_attempts must be >= 1");
  if (target_file_bytes == 0) return Status::InvalidArgument("target_file_bytes must be > 0");
  return Status::OK();
}

DeltaTable::DeltaTable(DeltaLog log, DeltaSnapshot snapshot,
                       std::unique_ptr<CheckpointEngine> engine)
    : log_(std::move(log)), snapshot_(std::move(snapshot)), engine_(std::move(engine)) {}

DeltaTable::~DeltaTable() = default;

Result<std::unique_ptr<DeltaTable>> DeltaTable::Create(storage::ObjectStore& store,
                                                       std::string table_path, DeltaSchema schema,
                                                       const CreateOptions& options,
                                                       const TableOptions& table_options) {
  RP_ASSIGN_OR_RETURN(table_path, NormalizeTablePath(std::move(table_path)));
  if (schema.fields.empty()) return Status::InvalidArgument("a table needs at least one column");
  RP_RETURN_IF_ERROR(ValidatePartitioning(schema, options.partition_columns));
  DeltaLog log(store, table_path);
  CommitActions commit = CreateCommit(std::move(schema), options);
  Status st = log.TryCommit(0, SerializeCommit(commit));
  if (st.IsAlreadyExists()) {
    return Status::AlreadyExists("Delta table " + store.uri() + "/" + table_path +
                                 " already exists");
  }
  RP_RETURN_IF_ERROR(st.WithContext("while creating Delta table " + table_path));
  DeltaSnapshot snapshot;
  RP_RETURN_IF_ERROR(snapshot.Apply(0, commit));
  log::Get("delta").debug("created Delta table {}/{}", store.uri(), table_path);
  return std::make_unique<DeltaTable>(std::move(log), std::move(snapshot),
                                      MakeEngine(table_options));
}

Result<std::unique_ptr<DeltaTable>> DeltaTable::Open(storage::ObjectStore& store,
                                                     std::string table_path,
                                                     const TableOptions& table_options) {
  RP_ASSIGN_OR_RETURN(table_path, NormalizeTablePath(std::move(table_path)));
  DeltaLog log(store, table_path);
  auto engine = MakeEngine(table_options);
  RP_ASSIGN_OR_RETURN(DeltaSnapshot snapshot,
                      log.Load(engine ? engine->Access() : CheckpointAccess{}));
  if (snapshot.version() < 0) {
    return Status::NotFound("no Delta table at " + store.uri() + "/" + table_path);
  }
  RP_RETURN_IF_ERROR(snapshot.CheckReadable());
  return std::make_unique<DeltaTable>(std::move(log), std::move(snapshot), std::move(engine));
}

Result<std::unique_ptr<DeltaTable>> DeltaTable::OpenOrCreate(storage::ObjectStore& store,
                                                             std::string table_path,
                                                             DeltaSchema schema,
                                                             const CreateOptions& options,
                                                             const TableOptions& table_options) {
  auto created = Create(store, table_path, schema, options, table_options);
  if (created || !created.error().IsAlreadyExists()) return created;
  RP_ASSIGN_OR_RETURN(auto table, Open(store, std::move(table_path), table_options));
  const Metadata& m = table->snapshot().metadata();
  if (!(m.schema == schema) || m.partition_columns != options.partition_columns) {
    return Status::FailedPrecondition("Delta table " + table->log().table_path() +
                                      " exists with another schema or partitioning");
  }
  return table;
}

Status DeltaTable::Refresh() {
  auto applied = log_.CatchUp(snapshot_);
  if (!applied) return applied.error().WithContext("while reading " + log_.table_path());
  return Status::OK();
}

DeltaTable::TxnsSeen DeltaTable::SeenTxns(const AppendOptions& options) const {
  int total = 0;
  int seen = 0;
  const auto count = [&](std::string_view app_id, int64_t version) {
    ++total;
    auto committed = snapshot_.TxnVersion(app_id);
    if (committed && *committed >= version) ++seen;
  };
  if (!options.app_id.empty()) count(options.app_id, options.app_version);
  for (const Txn& t : options.more_txns) count(t.app_id, t.version);
  if (seen == 0) return TxnsSeen::kNone;
  return seen == total ? TxnsSeen::kAll : TxnsSeen::kSome;
}

Result<AppendResult> DeltaTable::Append(engine::Connection& conn, std::string_view query,
                                        const AppendOptions& options) {
  RP_RETURN_IF_ERROR(options.Validate());
  RP_RETURN_IF_ERROR(Refresh());
  RP_RETURN_IF_ERROR(snapshot_.CheckWritable());
  auto append_only = snapshot_.metadata().configuration.find(std::string(kAppendOnlyKey));
  if (options.mode == WriteMode::kOverwrite &&
      append_only != snapshot_.metadata().configuration.end() && append_only->second == "true") {
    return Status::FailedPrecondition("table " + log_.table_path() +
                                      " is delta.appendOnly; it cannot be overwritten");
  }
  switch (SeenTxns(options)) {
    case TxnsSeen::kAll:
      return AppendResult{AppendOutcome::kDuplicate, snapshot_.version(), 0, 0, 0};
    case TxnsSeen::kSome:
      return AppendResult{AppendOutcome::kConflict, snapshot_.version(), 0, 0, 0};
    case TxnsSeen::kNone:
      break;
  }
  if (options.read_version && snapshot_.version() != *options.read_version) {
    if (snapshot_.version() < *options.read_version) {
      return Status::InvalidArgument(
          "read_version " + std::to_string(*options.read_version) + " is past the latest version " +
          std::to_string(snapshot_.version()) + " of " + log_.table_path());
    }
    return AppendResult{AppendOutcome::kConflict, snapshot_.version(), 0, 0, 0};
  }
  DataFileWriteOptions write_options{options.work_dir, options.target_file_bytes};
  if (write_options.work_dir.empty()) {
    write_options.work_dir = std::filesystem::temp_directory_path().string();
  }
  auto staged = DataFileWriter::Write(conn, query, snapshot_.metadata(), write_options);
  if (!staged) return staged.error().WithContext("while writing data for " + log_.table_path());
  if (staged->num_rows == 0 && options.app_id.empty() && options.more_txns.empty() &&
      options.mode == WriteMode::kAppend) {
    return AppendResult{AppendOutcome::kNoData, snapshot_.version(), 0, 0, 0};
  }
  std::vector<AddFile> adds;
  for (auto& f : staged->files) {
    Status st = log_.store().Upload(f.local_path, log_.DataKey(f.add.path));
    RP_RETURN_IF_ERROR(st.WithContext("while uploading a data file of " + log_.table_path()));
    f.add.modification_time_ms = NowMs();
    adds.push_back(std::move(f.add));
  }
  KillPoint("delta.after_upload");
  return CommitWithRetry(std::move(adds), staged->num_rows, options);
}

CommitActions DeltaTable::BuildCommit(const std::vector<AddFile>& adds, int64_t num_rows,
                                      const AppendOptions& options, int64_t read_version,
                                      const std::string& txn_id) const {
  CommitActions c;
  int64_t now = NowMs();
  int64_t bytes = 0;
  for (const auto& a : adds) bytes += a.size;
  bool overwrite = options.mode == WriteMode::kOverwrite;
  CommitInfo& info = c.commit_info.emplace();
  info.timestamp_ms = now;
  info.operation = "WRITE";
  info.operation_parameters = {
      {"mode", overwrite ? "Overwrite" : "Append"},
      {"partitionBy", JsonStringArray(snapshot_.metadata().partition_columns)}};
  info.read_version = read_version;
  info.is_blind_append = !overwrite;
  info.operation_metrics = {{"numFiles", std::to_string(adds.size())},
                            {"numOutputRows", std::to_string(num_rows)},
                            {"numOutputBytes", std::to_string(bytes)}};
  info.engine_info = kEngineInfo;
  info.txn_id = txn_id;
  if (!options.app_id.empty()) {
    c.txns.push_back(Txn{options.app_id, options.app_version, now});
  }
  for (const Txn& t : options.more_txns) c.txns.push_back(Txn{t.app_id, t.version, now});
  if (overwrite) {
    for (const auto& [path, live] : snapshot_.files()) {
      c.removes.push_back(RemoveFile{path, now, true, true, live.partition_values, live.size});
    }
  }
  c.adds = adds;
  return c;
}

Status DeltaTable::AvoidPathReuse(std::vector<AddFile>& adds, int64_t version) const {
  for (auto& a : adds) {
    if (!snapshot_.files().contains(a.path) && !snapshot_.tombstones().contains(a.path)) continue;
    std::string stem = a.path.substr(0, a.path.size() - std::string_view(".parquet").size());
    std::string unique = stem + "-v" + VersionName(version) + ".parquet";
    RP_RETURN_IF_ERROR(log_.store().Copy(log_.DataKey(a.path), log_.DataKey(unique)));
    a.path = std::move(unique);
  }
  return Status::OK();
}

Result<AppendResult> DeltaTable::CommitWithRetry(std::vector<AddFile> adds, int64_t num_rows,
                                                 const AppendOptions& options) {
  const int64_t read_version = snapshot_.version();
  const Metadata metadata = snapshot_.metadata();
  const std::string txn_id = NewUuid();
  for (int attempt = 1; attempt <= options.max_commit_attempts; ++attempt) {
    int64_t version = snapshot_.version() + 1;
    RP_RETURN_IF_ERROR(AvoidPathReuse(adds, version));
    CommitActions commit = BuildCommit(adds, num_rows, options, read_version, txn_id);
    Status st = log_.TryCommit(version, SerializeCommit(commit));
    AppendResult committed{AppendOutcome::kCommitted, version, num_rows,
                           static_cast<int64_t>(adds.size()), attempt};
    if (st.ok()) {
      RP_RETURN_IF_ERROR(snapshot_.Apply(version, commit));
      MaybeCheckpoint(version);
      return committed;
    }
    if (!st.IsAlreadyExists()) return st.WithContext("while committing " + log_.CommitKey(version));
    RP_ASSIGN_OR_RETURN(auto others, log_.CatchUp(snapshot_));
    // A store that retried our put after the first try had landed (S3: 412 on the retry)
    // reports our own commit as taken; it carries our txnId.
    for (size_t i = 0; i < others.size(); ++i) {
      if (others[i].commit_info && others[i].commit_info->txn_id == txn_id) {
        committed.version = version + static_cast<int64_t>(i);
        return committed;
      }
    }
    RP_RETURN_IF_ERROR(CheckConflicts(others, metadata));
    RP_RETURN_IF_ERROR(snapshot_.CheckWritable());
    const TxnsSeen seen = SeenTxns(options);
    if (seen == TxnsSeen::kAll) {
      log::Get("delta").info(
          "{}: txn {}@{} (and {} more) was committed by another writer; "
          "dropping ours",
          log_.table_path(), options.app_id, options.app_version, options.more_txns.size());
      return AppendResult{AppendOutcome::kDuplicate, snapshot_.version(), 0, 0, attempt};
    }
    if (seen == TxnsSeen::kSome || options.on_concurrent_commit == ConcurrentCommits::kConflict ||
        (options.on_concurrent_commit == ConcurrentCommits::kRebaseUnlessSameApp &&
         TouchesOurApps(others, options))) {
      log::Get("delta").debug("{}: another writer committed since version {}; not rebasing",
                              log_.table_path(), read_version);
      return AppendResult{AppendOutcome::kConflict, snapshot_.version(), 0, 0, attempt};
    }
  }
  return Status::Unavailable("gave up committing to " + log_.table_path() + " after " +
                             std::to_string(options.max_commit_attempts) +
                             " attempts: other writers kept taking the next version first");
}

Status DeltaTable::Checkpoint() {
  if (!engine_) return Status::FailedPrecondition("checkpoints are off for this table object");
  return WriteCheckpoint(engine_->Access(), log_, snapshot_)
      .WithContext("while writing a checkpoint of " + log_.table_path());
}

void DeltaTable::MaybeCheckpoint(int64_t version) {
  if (!engine_) return;
  int64_t interval = kDefaultCheckpointInterval;
  const auto& config = snapshot_.metadata().configuration;
  if (auto it = config.find(std::string(kCheckpointIntervalKey)); it != config.end()) {
    int64_t parsed = 0;
    auto [end, ec] =
        std::from_chars(it->second.data(), it->second.data() + it->second.size(), parsed);
    if (ec == std::errc() && end == it->second.data() + it->second.size() && parsed > 0) {
      interval = parsed;
    }
  }
  if (version % interval != 0) return;
  Status st = Checkpoint();
  if (!st.ok()) log::Get("delta").warn("{}", st.ToString());
}

Status DeltaTable::CreateView(engine::Connection& conn, std::string_view view_name,
                              const ViewOptions& options) const {
  return CreateDeltaView(conn, log_, snapshot_, view_name, options);
}

}  // namespace retailpipe::delta
