// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/delta/delta_snapshot.h"

#include "retailpipe/base/check.h"

namespace retailpipe::delta {
namespace {

/// The highest writer version whose features retailpipe honours: 2 (appendOnly, invariants
/// only where the table declares none, which our own tables never do).
constexpr int kMaxWriterVersion = 2;

}  // namespace

std::optional<int64_t> DeltaSnapshot::TxnVersion(std::string_view app_id) const {
  auto it = txns_.find(std::string(app_id));
  if (it == txns_.end()) return std::nullopt;
  return it->second.version;
}

std::optional<int64_t> DeltaSnapshot::NumRecords() const {
  int64_t total = 0;
  for (const auto& [path, add] : files_) {
    if (!add.num_records) return std::nullopt;
    total += *add.num_records;
  }
  return total;
}

Status DeltaSnapshot::Apply(int64_t version, const CommitActions& actions) {
  RP_CHECK(version == version_ + 1);
  if (version == 0 && (!actions.protocol || !actions.metadata)) {
    return Status::DataError("commit 0 lacks a protocol or metaData action");
  }
  if (actions.protocol) protocol_ = *actions.protocol;
  if (actions.metadata) metadata_ = *actions.metadata;
  for (const auto& t : actions.txns) txns_[t.app_id] = t;
  // Within one commit a path may be removed and re-added (with another deletion vector);
  // applying removes before adds keeps the add, as reconciliation requires.
  for (const auto& r : actions.removes) {
    files_.erase(r.path);
    tombstones_[r.path] = r;
  }
  for (const auto& a : actions.adds) {
    tombstones_.erase(a.path);
    files_[a.path] = a;
  }
  version_ = version;
  return Status::OK();
}

Status DeltaSnapshot::ApplyCheckpoint(int64_t version, const CommitActions& state) {
  RP_CHECK(version_ == -1 && version >= 0);
  if (!state.protocol || !state.metadata) {
    return Status::DataError("checkpoint " + std::to_string(version) +
                             " lacks a protocol or metaData action");
  }
  version_ = version - 1;
  Status st = Apply(version, state);
  if (!st.ok()) version_ = -1;
  return st;
}

Status DeltaSnapshot::CheckReadable() const {
  const Protocol& p = protocol_;
  bool reader_ok =
      p.min_reader_version == 1 || (p.min_reader_version == 3 && p.reader_features.empty());
  if (!reader_ok) {
    std::string features;
    for (const auto& f : p.reader_features) features += " " + f;
    return Status::FailedPrecondition("the table needs Delta reader version " +
                                      std::to_string(p.min_reader_version) +
                                      (features.empty() ? "" : " with features" + features) +
                                      "; retailpipe reads version 1 tables");
  }
  for (const auto& [path, add] : files_) {
    if (add.has_deletion_vector) {
      return Status::FailedPrecondition("file " + path +
                                        " has a deletion vector, which retailpipe cannot apply");
    }
  }
  return Status::OK();
}

Status DeltaSnapshot::CheckWritable() const {
  RP_RETURN_IF_ERROR(CheckReadable());
  if (protocol_.min_writer_version > kMaxWriterVersion) {
    return Status::FailedPrecondition("the table needs Delta writer version " +
                                      std::to_string(protocol_.min_writer_version) +
                                      "; retailpipe writes version 2 tables");
  }
  return Status::OK();
}

}  // namespace retailpipe::delta
