// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/delta/delta_actions.h"
#include "retailpipe/delta/fwd.h"
#include "retailpipe/engine/fwd.h"

namespace retailpipe::delta {

/// Table property naming how many commits lie between checkpoints (Spark's default: 10).
inline constexpr std::string_view kCheckpointIntervalKey = "delta.checkpointInterval";
inline constexpr int64_t kDefaultCheckpointInterval = 10;

/// What DeltaLog needs to read or write checkpoints: Parquet goes through DuckDB.
struct CheckpointAccess {
  /// Return the engine connection for Parquet, opening it on first use. Empty: checkpoints
  /// are neither read nor written (the log is replayed from its JSON commits).
  std::function<Result<engine::Connection*>()> engine;
  /// Local scratch folder for checkpoint files on their way to or from the store.
  std::string work_dir;
};

/// A private in-memory DuckDB (one thread, small memory limit) for checkpoint Parquet,
/// opened on first use, so a table whose log has no checkpoint never starts an engine.
/// Owned by one DeltaTable; not thread-safe.
class CheckpointEngine {
 public:
  /// `work_dir` is the scratch folder for checkpoint files; empty for the system temp folder.
  explicit CheckpointEngine(std::string work_dir);
  CheckpointEngine(const CheckpointEngine&) = delete;
  CheckpointEngine& operator=(const CheckpointEngine&) = delete;
  ~CheckpointEngine();

  /// Return access through this engine. REQUIRES: this object outlives the returned value.
  CheckpointAccess Access();

 private:
  Result<engine::Connection*> Connection();

  std::string work_dir_;
  std::unique_ptr<engine::Database> db_;
  std::unique_ptr<engine::Connection> conn_;
};

/// Return the actions that reproduce `snapshot`: protocol, metaData, every txn, every live
/// add and every tombstone, with dataChange false as checkpoints carry them.
CommitActions CheckpointActions(const DeltaSnapshot& snapshot);

/// Write a classic single-file (V1) checkpoint of `snapshot`:
/// `_delta_log/<version>.checkpoint.parquet` (columns txn, add, remove, metaData, protocol;
/// one action per row), then `_delta_log/_last_checkpoint` unless it already names a newer
/// version. Errors: kInvalidArgument without a connection; engine and storage errors.
Status WriteCheckpoint(const CheckpointAccess& access, const DeltaLog& log,
                       const DeltaSnapshot& snapshot);

/// Return the actions held by the checkpoint made of the objects `keys` (one classic file or
/// all parts of a multi-part one), written by us or by another engine. Columns other than
/// txn, add, remove, metaData and protocol (stats_parsed, sidecars, ...) are ignored.
/// Errors: kDataError for a file without the expected columns; engine and storage errors.
Result<CommitActions> ReadCheckpoint(const CheckpointAccess& access, const DeltaLog& log,
                                     const std::vector<std::string>& keys);

}  // namespace retailpipe::delta
