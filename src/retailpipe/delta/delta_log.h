// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/delta/delta_actions.h"
#include "retailpipe/delta/delta_checkpoint.h"
#include "retailpipe/delta/delta_snapshot.h"
#include "retailpipe/storage/fwd.h"

namespace retailpipe::delta {

/// The `_delta_log/` folder of one table in an ObjectStore: lists, reads and writes commits.
///
/// Commits are `<table>/_delta_log/<20-digit version>.json`, created with PutIfAbsent, so two
/// writers can never both take a version (the protocol's mutual exclusion). Holds a reference
/// to the store, which must outlive it. Holds no other state: safe to use from several threads
/// if the store is (every ObjectStore is).
class DeltaLog {
 public:
  /// `table_path` is the table's key prefix in `store` ("orders/delta/events"), without a
  /// trailing '/'.
  DeltaLog(storage::ObjectStore& store, std::string table_path);

  /// Return the table's key prefix.
  const std::string& table_path() const { return table_path_; }
  /// Return the store the table lives in.
  storage::ObjectStore& store() const { return store_; }

  /// Return the object key of commit `version`.
  std::string CommitKey(int64_t version) const;
  /// Return the object key of a data file given its path relative to the table root.
  std::string DataKey(std::string_view relative_path) const;

  /// Return the latest snapshot: list `_delta_log/` (paged), start from the newest complete
  /// checkpoint (classic or multi-part Parquet, ours or another engine's) when `access` has
  /// an engine, else from version 0, and replay the JSON commits after it. A checkpoint that
  /// cannot be read is skipped in favour of a full replay when commit 0 is still there. A
  /// table without commits gives an empty snapshot (version -1).
  /// Errors: kDataError for a gap in the versions or a malformed commit;
  /// kFailedPrecondition if commit 0 was cleaned up behind a checkpoint and `access` has no
  /// engine; storage errors.
  Result<DeltaSnapshot> Load(const CheckpointAccess& access = {}) const;

  /// Apply to `snapshot` every commit after its version, until the next one is missing, and
  /// return those commits in order (for conflict checks). Errors: as ReadCommit().
  Result<std::vector<CommitActions>> CatchUp(DeltaSnapshot& snapshot) const;

  /// Return the parsed commit `version`. Errors: kNotFound, kDataError, storage errors.
  Result<CommitActions> ReadCommit(int64_t version) const;

  /// Create commit `version` with `text` if that version is free.
  /// Errors: kAlreadyExists if another writer committed it first; storage errors.
  Status TryCommit(int64_t version, std::string_view text) const;

 private:
  struct Listing;
  /// Return the commits and complete checkpoints present in the log.
  Result<Listing> List() const;
  /// Return the snapshot at the newest checkpoint of `listing`, or nullopt if there is none
  /// usable (logged).
  Result<std::optional<DeltaSnapshot>> LoadCheckpoint(const Listing& listing,
                                                      const CheckpointAccess& access) const;

  storage::ObjectStore& store_;
  std::string table_path_;
};

/// Return `version` as the 20-digit zero-padded number Delta log file names use.
std::string VersionName(int64_t version);

}  // namespace retailpipe::delta
