// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/delta/delta_log.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <utility>

#include "retailpipe/base/log.h"
#include "retailpipe/storage/object_store.h"

namespace retailpipe::delta {
namespace {

constexpr size_t kVersionDigits = 20;
constexpr std::string_view kLogFolder = "_delta_log/";
constexpr std::string_view kCommitSuffix = ".json";
constexpr std::string_view kCheckpointSuffix = ".checkpoint.parquet";
constexpr std::string_view kPartsMarker = ".checkpoint.";
constexpr size_t kPartDigits = 10;

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// Return the version of a log file name "<20 digits>.json", or nullopt for other names.
std::optional<int64_t> CommitVersionOf(std::string_view name) {
  if (name.size() != kVersionDigits + kCommitSuffix.size() || !name.ends_with(kCommitSuffix)) {
    return std::nullopt;
  }
  std::string_view digits = name.substr(0, kVersionDigits);
  int64_t v = 0;
  if (!AllDigits(digits) ||
      std::from_chars(digits.data(), digits.data() + digits.size(), v).ec != std::errc()) {
    return std::nullopt;
  }
  return v;
}

/// A checkpoint file: its version and the number of parts of the checkpoint it belongs to.
struct CheckpointFile {
  int64_t version = 0;
  int64_t parts = 1;
};

/// Return the value of a run of decimal digits, or -1 if `digits` is not one.
int64_t ParseDigits(std::string_view digits) {
  int64_t v = -1;
  if (!AllDigits(digits) ||
      std::from_chars(digits.data(), digits.data() + digits.size(), v).ec != std::errc()) {
    return -1;
  }
  return v;
}

/// Return the checkpoint a log file name belongs to: "<v>.checkpoint.parquet" (classic) or
/// "<v>.checkpoint.<part>.<parts>.parquet" (multi-part, 10-digit numbers). UUID-named (V2)
/// checkpoints and other names give nullopt.
std::optional<CheckpointFile> CheckpointOf(std::string_view name) {
  if (name.size() < kVersionDigits || !name.ends_with(".parquet")) return std::nullopt;
  int64_t version = ParseDigits(name.substr(0, kVersionDigits));
  std::string_view rest = name.substr(kVersionDigits);
  if (version < 0) return std::nullopt;
  if (rest == kCheckpointSuffix) return CheckpointFile{version, 1};
  // Multi-part: ".checkpoint." + 10 digits + "." + 10 digits + ".parquet".
  constexpr std::string_view kParquet = ".parquet";
  std::string_view nums = rest.substr(std::min(rest.size(), kPartsMarker.size()));
  if (!rest.starts_with(kPartsMarker) || nums.size() != 2 * kPartDigits + 1 + kParquet.size() ||
      nums[kPartDigits] != '.') {
    return std::nullopt;
  }
  int64_t part = ParseDigits(nums.substr(0, kPartDigits));
  int64_t total = ParseDigits(nums.substr(kPartDigits + 1, kPartDigits));
  if (part < 1 || total < 1 || part > total) return std::nullopt;
  return CheckpointFile{version, total};
}

}  // namespace

std::string VersionName(int64_t version) {
  std::string digits = std::to_string(version);
  return std::string(kVersionDigits - std::min(kVersionDigits, digits.size()), '0') + digits;
}

DeltaLog::DeltaLog(storage::ObjectStore& store, std::string table_path)
    : store_(store), table_path_(std::move(table_path)) {}

std::string DeltaLog::CommitKey(int64_t version) const {
  return table_path_ + "/" + std::string(kLogFolder) + VersionName(version) +
         std::string(kCommitSuffix);
}

std::string DeltaLog::DataKey(std::string_view relative_path) const {
  return table_path_ + "/" + std::string(relative_path);
}

/// What a listing of `_delta_log/` found.
struct DeltaLog::Listing {
  std::vector<int64_t> commits;  ///< Versions with a JSON commit, ascending.
  /// Complete checkpoints: version -> object keys of its file(s).
  std::map<int64_t, std::vector<std::string>> checkpoints;
};

Result<DeltaLog::Listing> DeltaLog::List() const {
  std::string prefix = table_path_ + "/" + std::string(kLogFolder);
  RP_ASSIGN_OR_RETURN(auto objects, store_.ListAll(prefix, "/"));
  Listing out;
  // version -> number of parts -> keys of the parts present
  std::map<int64_t, std::map<int64_t, std::vector<std::string>>> parts;
  for (const auto& o : objects) {
    std::string_view name = std::string_view(o.key).substr(prefix.size());
    if (auto v = CommitVersionOf(name)) out.commits.push_back(*v);
    if (auto cp = CheckpointOf(name)) parts[cp->version][cp->parts].push_back(o.key);
  }
  std::sort(out.commits.begin(), out.commits.end());
  for (auto& [version, by_total] : parts) {
    for (auto& [total, keys] : by_total) {
      if (static_cast<int64_t>(keys.size()) == total) out.checkpoints[version] = keys;
    }
  }
  return out;
}

Result<std::optional<DeltaSnapshot>> DeltaLog::LoadCheckpoint(
    const Listing& listing, const CheckpointAccess& access) const {
  if (!access.engine || listing.checkpoints.empty()) return std::optional<DeltaSnapshot>();
  const auto& [version, keys] = *listing.checkpoints.rbegin();
  auto state = ReadCheckpoint(access, *this, keys);
  DeltaSnapshot snapshot;
  Status st = state.ok() ? snapshot.ApplyCheckpoint(version, *state) : state.status();
  if (st.ok()) return std::optional<DeltaSnapshot>(std::move(snapshot));
  bool can_replay = !listing.commits.empty() && listing.commits.front() == 0;
  if (!can_replay) return st.WithContext("while reading checkpoint " + keys.front());
  log::Get("delta").warn("{}: cannot read checkpoint {} ({}); replaying the JSON commits",
                         table_path_, keys.front(), st.ToString());
  return std::optional<DeltaSnapshot>();
}

Result<DeltaSnapshot> DeltaLog::Load(const CheckpointAccess& access) const {
  auto listing = List();
  if (!listing) return listing.error().WithContext("while listing the log of " + table_path_);
  RP_ASSIGN_OR_RETURN(auto from_checkpoint, LoadCheckpoint(*listing, access));
  DeltaSnapshot snapshot = from_checkpoint.value_or(DeltaSnapshot{});
  int64_t next = snapshot.version() + 1;
  for (int64_t v : listing->commits) {
    if (v < next) continue;
    if (v != next) {
      if (snapshot.version() < 0 && !listing->checkpoints.empty()) {
        return Status::FailedPrecondition("the log of " + table_path_ +
                                          " starts at a checkpoint, and no engine was given "
                                          "to read it");
      }
      return Status::DataError("the log of " + table_path_ + " has no commit " +
                               std::to_string(next));
    }
    RP_ASSIGN_OR_RETURN(auto actions, ReadCommit(v));
    Status st = snapshot.Apply(v, actions);
    if (!st.ok()) return st.WithContext("in " + CommitKey(v));
    ++next;
  }
  return snapshot;
}

Result<std::vector<CommitActions>> DeltaLog::CatchUp(DeltaSnapshot& snapshot) const {
  std::vector<CommitActions> applied;
  while (true) {
    int64_t next = snapshot.version() + 1;
    auto actions = ReadCommit(next);
    if (!actions && actions.error().IsNotFound()) return applied;
    if (!actions) return actions.error();
    Status st = snapshot.Apply(next, *actions);
    if (!st.ok()) return st.WithContext("in " + CommitKey(next));
    applied.push_back(std::move(actions).value());
  }
}

Result<CommitActions> DeltaLog::ReadCommit(int64_t version) const {
  std::string key = CommitKey(version);
  auto text = store_.Get(key);
  if (!text) return text.error();
  auto actions = ParseCommit(*text);
  if (!actions) return actions.error().WithContext("in " + key);
  return actions;
}

Status DeltaLog::TryCommit(int64_t version, std::string_view text) const {
  return store_.PutIfAbsent(CommitKey(version), text);
}

}  // namespace retailpipe::delta
