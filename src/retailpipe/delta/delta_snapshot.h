// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "retailpipe/base/status.h"
#include "retailpipe/delta/delta_actions.h"

namespace retailpipe::delta {

/// The state of a Delta table at one version: the result of replaying its commits in order
/// (PROTOCOL.md "Action Reconciliation"). Latest protocol and metadata win; the live files are
/// the adds not removed since; removes stay as tombstones; per appId the latest txn wins.
///
/// A plain value, copyable; not thread-safe. An empty snapshot (version() == -1) is a table
/// that has no commit yet.
class DeltaSnapshot {
 public:
  /// Return the version of the last applied commit, -1 if none.
  int64_t version() const { return version_; }
  const Protocol& protocol() const { return protocol_; }
  const Metadata& metadata() const { return metadata_; }
  /// Return the live data files by path (percent-decoded, relative to the table root).
  const std::map<std::string, AddFile>& files() const { return files_; }
  /// Return the removed files still remembered as tombstones, by path.
  const std::map<std::string, RemoveFile>& tombstones() const { return tombstones_; }
  /// Return the latest txn of every application, by appId.
  const std::map<std::string, Txn>& txns() const { return txns_; }

  /// Return the latest txn version committed by `app_id`, or nullopt if it never committed.
  std::optional<int64_t> TxnVersion(std::string_view app_id) const;

  /// Return the sum of numRecords over the live files, or nullopt if a file has no stats.
  std::optional<int64_t> NumRecords() const;

  /// Apply the commit `actions` as version `version`.
  /// REQUIRES: version == this->version() + 1.
  /// Errors: kDataError if version 0 lacks protocol or metaData.
  Status Apply(int64_t version, const CommitActions& actions);

  /// Replace this empty snapshot with the table state a checkpoint of `version` holds.
  /// REQUIRES: version() == -1. Errors: kDataError if `state` lacks protocol or metaData.
  Status ApplyCheckpoint(int64_t version, const CommitActions& state);

  /// Return OK if retailpipe can read the table: reader version 1 (or 3 with no reader
  /// features), no deletion vectors. Errors: kFailedPrecondition naming what is missing.
  Status CheckReadable() const;

  /// Return OK if retailpipe may write the table: CheckReadable() and writer version <= 2.
  /// Errors: kFailedPrecondition naming the required writer version.
  Status CheckWritable() const;

 private:
  int64_t version_ = -1;
  Protocol protocol_;
  Metadata metadata_;
  std::map<std::string, AddFile> files_;
  std::map<std::string, RemoveFile> tombstones_;
  std::map<std::string, Txn> txns_;
};

}  // namespace retailpipe::delta
