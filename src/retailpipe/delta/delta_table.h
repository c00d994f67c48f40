// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/delta/delta_checkpoint.h"
#include "retailpipe/delta/delta_log.h"
#include "retailpipe/delta/delta_schema.h"
#include "retailpipe/delta/delta_snapshot.h"
#include "retailpipe/delta/delta_view.h"
#include "retailpipe/engine/fwd.h"
#include "retailpipe/storage/fwd.h"

namespace retailpipe::delta {

/// How Create() lays out a new table.
struct CreateOptions {
  /// Columns whose values become partition values (not stored in the data files).
  std::vector<std::string> partition_columns;
  /// The metaData configuration map, e.g. {"delta.appendOnly": "true"}.
  std::map<std::string, std::string> configuration;
  /// Optional metaData name and description.
  std::string name;
  std::string description;
};

/// Whether a DeltaTable uses checkpoints.
enum class Checkpoints {
  /// Start from the newest checkpoint on open (ours or another engine's); after a commit
  /// whose version is a multiple of delta.checkpointInterval (default 10), write one.
  kAuto,
  /// Replay the JSON commits only; never write a checkpoint.
  kOff,
};

/// Options of Create(), Open() and OpenOrCreate() that concern this process, not the table.
struct TableOptions {
  /// Local scratch folder for checkpoint files; empty for the system temp folder.
  std::string work_dir;
  Checkpoints checkpoints = Checkpoints::kAuto;
};

/// What a write does to the rows already in the table.
enum class WriteMode {
  kAppend,     ///< Add the new rows (a blind append: never conflicts with other appends).
  kOverwrite,  ///< Replace every live file with the new rows (remove + add in one commit).
};

/// What Append() does when another writer commits between its read and its commit.
enum class ConcurrentCommits {
  /// Commit on top of the other commit (a blind append), unless that commit recorded our txn
  /// at our version or later (then kDuplicate) or changed the metadata (then an error).
  kRebase,
  /// As kRebase for commits of other applications; but a commit that recorded a txn of one of
  /// our appIds (another consumer on the same stream partition, whose batch may overlap ours)
  /// ends the append with kConflict, or kDuplicate if it covered every txn of ours.
  kRebaseUnlessSameApp,
  /// Never rebase: any commit after read_version ends the append with kConflict, writing
  /// nothing. For rows derived from the table's own contents (a decision ledger), which
  /// another writer's rows may have made stale: the caller re-reads, recomputes, retries.
  kConflict,
};

/// Options of DeltaTable::Append().
struct AppendOptions {
  /// Record a `txn` action {appId: app_id, version: app_version} with the data, atomically:
  /// a stream consumer commits its source offset with the rows. If the table already holds
  /// a txn of app_id with version >= app_version, nothing is written (kDuplicate). Empty for
  /// no txn.
  std::string app_id;
  int64_t app_version = 0;
  /// More txns committed atomically with the rows, e.g. one per stream partition the rows
  /// came from; each as app_id/app_version, every appId at most once (app_id included). The
  /// append is kDuplicate when every txn is already committed at its version or later; when
  /// only some are, it is kConflict and writes nothing (the caller recomputes its rows).
  std::vector<Txn> more_txns;
  /// See ConcurrentCommits; the default keeps blind appends conflict-free.
  ConcurrentCommits on_concurrent_commit = ConcurrentCommits::kRebase;
  /// With ConcurrentCommits::kConflict: the table version the rows were derived from. A
  /// table already past it gives kConflict before any file is written. Unset: the version
  /// Append() reads.
  std::optional<int64_t> read_version;
  WriteMode mode = WriteMode::kAppend;
  /// Local scratch folder for Parquet before upload; empty for the system temp folder.
  std::string work_dir;
  /// Unpartitioned tables: roll over to a new data file past about this many bytes.
  uint64_t target_file_bytes = uint64_t{128} << 20;
  /// How many times to try to take the next log version when other writers get there first.
  int max_commit_attempts = 50;

  /// Errors: kInvalidArgument for a negative app_version, an app_id that is not UTF-8, a
  /// more_txns entry with an empty, repeated or non-UTF-8 appId or a negative version, a
  /// negative read_version or one without ConcurrentCommits::kConflict, a non-positive
  /// max_commit_attempts or target_file_bytes.
  Status Validate() const;
};

/// How an Append() ended.
enum class AppendOutcome {
  kCommitted,  ///< A new version holds the rows (and the txn, if any).
  kDuplicate,  ///< The txn was already committed (by us earlier or another writer): no-op.
  kNoData,     ///< The query gave no rows and there was no txn or overwrite to record.
  /// Nothing was written: another writer's commit invalidated the rows (see
  /// ConcurrentCommits), or some but not all of the txns were already committed. Refresh,
  /// recompute the rows and append again.
  kConflict,
};

struct AppendResult {
  AppendOutcome outcome = AppendOutcome::kCommitted;
  /// The version committed (kCommitted), else the version the table was read at.
  int64_t version = -1;
  int64_t num_rows = 0;
  int64_t num_files = 0;
  /// Commit attempts used (1 when no other writer interfered).
  int attempts = 0;
};

/// A Delta Lake table in an ObjectStore, written and read by the Delta transaction protocol:
/// Parquet data files plus `_delta_log/` JSON commits taken with put-if-absent.
///
/// Any number of DeltaTable objects, in one process or many, may write the same table at
/// once: each commit takes the next version with PutIfAbsent, and a writer that loses the
/// race reads the new commits, checks them for a logical conflict and retries at the next
/// version. Owns its cached snapshot; holds references to the store (which must outlive it).
/// Not thread-safe: use one object per thread.
class DeltaTable {
 public:
  /// Create the table at `table_path` (a key prefix of `store`): commit version 0 with
  /// protocol (reader 1, writer 2) and metaData. Errors: kAlreadyExists if the table exists;
  /// kInvalidArgument for a bad path, an unknown, repeated or only partition column.
  static Result<std::unique_ptr<DeltaTable>> Create(storage::ObjectStore& store,
                                                    std::string table_path, DeltaSchema schema,
                                                    const CreateOptions& options,
                                                    const TableOptions& table_options = {});

  /// Open an existing table at its latest version. Errors: kNotFound if it has no log; those
  /// of DeltaLog::Load(); kFailedPrecondition if retailpipe cannot read it.
  static Result<std::unique_ptr<DeltaTable>> Open(storage::ObjectStore& store,
                                                  std::string table_path,
                                                  const TableOptions& table_options = {});

  /// Open the table, creating it first if it does not exist. Errors: kFailedPrecondition if it
  /// exists with another schema or partitioning; those of Create() and Open().
  static Result<std::unique_ptr<DeltaTable>> OpenOrCreate(storage::ObjectStore& store,
                                                          std::string table_path,
                                                          DeltaSchema schema,
                                                          const CreateOptions& options,
                                                          const TableOptions& table_options = {});

  /// Take a loaded log; prefer Open(). `engine` is null when checkpoints are off.
  DeltaTable(DeltaLog log, DeltaSnapshot snapshot, std::unique_ptr<CheckpointEngine> engine);
  DeltaTable(const DeltaTable&) = delete;
  DeltaTable& operator=(const DeltaTable&) = delete;
  ~DeltaTable();

  /// Return the snapshot as of the last Refresh(), Append() or open.
  const DeltaSnapshot& snapshot() const { return snapshot_; }
  /// Return the table's log (its store and key prefix).
  const DeltaLog& log() const { return log_; }

  /// Bring the snapshot up to the latest version. Errors: those of DeltaLog::CatchUp().
  Status Refresh();

  /// Write the rows of the DuckDB query `query` (run on `conn`; its columns are matched to
  /// the schema by name) as new data files and commit them, with the txn and mode of
  /// `options`. A crash or error before the commit leaves no visible rows (uploaded files
  /// are named by content hash and invisible until committed, so a retry overwrites them).
  /// Errors: kInvalidArgument for bad options or a query that does not fit the schema;
  /// kFailedPrecondition if the table's metadata or protocol changed under us, the table is
  /// not writable by retailpipe, or kOverwrite hits delta.appendOnly; kUnavailable after
  /// max_commit_attempts lost races; storage and engine errors.
  Result<AppendResult> Append(engine::Connection& conn, std::string_view query,
                              const AppendOptions& options);

  /// Write a checkpoint of the current snapshot now (see WriteCheckpoint()).
  /// Errors: kFailedPrecondition if checkpoints are off; engine and storage errors.
  Status Checkpoint();

  /// Create (or replace) the DuckDB view `view_name` in `conn` over the current snapshot;
  /// see CreateDeltaView().
  Status CreateView(engine::Connection& conn, std::string_view view_name,
                    const ViewOptions& options) const;

 private:
  /// Try to commit `adds` (and the txn, and for kOverwrite the removes) at the next version
  /// until it sticks, a duplicate txn shows up, or a conflict or attempt limit ends it.
  Result<AppendResult> CommitWithRetry(std::vector<AddFile> adds, int64_t num_rows,
                                       const AppendOptions& options);
  /// Build the commit for the current snapshot; `txn_id` marks it as this Append's.
  CommitActions BuildCommit(const std::vector<AddFile>& adds, int64_t num_rows,
                            const AppendOptions& options, int64_t read_version,
                            const std::string& txn_id) const;
  /// Copy any add whose path the snapshot already knows (same bytes appended twice) to a
  /// path unique to `version`, so the second copy of the rows is not mistaken for the first.
  Status AvoidPathReuse(std::vector<AddFile>& adds, int64_t version) const;
  /// How many of the txns of `options` the snapshot already holds at their version or later.
  enum class TxnsSeen { kNone, kSome, kAll };
  TxnsSeen SeenTxns(const AppendOptions& options) const;
  /// After our commit of `version`: write a checkpoint if the interval says so. A failure is
  /// logged, not returned: the commit stands, and the next interval tries again.
  void MaybeCheckpoint(int64_t version);

  DeltaLog log_;
  DeltaSnapshot snapshot_;
  std::unique_ptr<CheckpointEngine> engine_;  // null: checkpoints off
};

}  // namespace retailpipe::delta
