// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/storage/object_store.h"

namespace retailpipe::storage {

/// An ObjectStore kept as plain files under a local root directory (file:// URIs).
///
/// Key "a/b.csv" is the file ROOT/a/b.csv; folders are created as needed and removed again
/// when their last object is deleted. Folders are not objects, and ".rp-tmp-" files (writes in
/// flight) are never listed. Every write goes to a temp file beside its target, is fsync'ed,
/// then renamed (or linked, for PutIfAbsent) into place, so readers never see a partial object.
///
/// Symlinks inside the root are followed only while they resolve inside the root; any other
/// key fails with kInvalidArgument, and a listing skips such links and does not descend into
/// linked folders. Owns no handles between calls. Safe for concurrent use by many threads and
/// processes without external synchronization (last writer wins).
class LocalObjectStore final : public ObjectStore {
 public:
  /// Open the store rooted at `root_dir` (absolute, or relative to the working directory),
  /// creating the folder if needed. Errors: kInvalidArgument for an empty path, kIoError if the
  /// root cannot be created or is not a folder.
  static Result<std::unique_ptr<LocalObjectStore>> Open(std::string root_dir);

  /// Take the canonical absolute `root`; prefer Open(), which creates and resolves it.
  explicit LocalObjectStore(std::filesystem::path root);

  /// Return "file://" followed by the absolute root path.
  const std::string& uri() const override { return uri_; }

  /// Return the canonical absolute root folder.
  const std::filesystem::path& root() const { return root_; }

  Result<ListPage> List(const ListOptions& options) override;
  Result<std::optional<ObjectInfo>> Head(std::string_view key) override;
  Result<std::string> Get(std::string_view key, uint64_t offset = 0, int64_t length = -1) override;
  Status Download(std::string_view key, const std::string& path) override;
  Status Put(std::string_view key, std::string_view data) override;
  Status Upload(const std::string& path, std::string_view key) override;
  Status PutIfAbsent(std::string_view key, std::string_view data) override;
  Status Copy(std::string_view src, std::string_view dst) override;
  Status Move(std::string_view src, std::string_view dst) override;
  Status Delete(std::string_view key) override;

 private:
  /// Return the file path of a valid key that stays inside the root. Errors: kInvalidArgument.
  Result<std::filesystem::path> PathFor(std::string_view key) const;
  /// Return true if the lexically normal absolute `path` lies strictly inside the root.
  bool IsInsideRoot(const std::filesystem::path& path) const;
  /// Return the URI of `key` for error context.
  std::string KeyUri(std::string_view key) const;
  /// Return every object key under the folder of `prefix`, sorted. Errors: kIoError.
  Result<std::vector<std::string>> CollectKeys(std::string_view prefix) const;
  /// Append the object keys under folder `dir` (named `dir_key`, "" or ending in '/').
  Status Walk(const std::filesystem::path& dir, const std::string& dir_key,
              std::vector<std::string>& keys) const;
  /// Append the key of `entry` (inside folder `dir_key`) if it is an object, or walk it.
  Status AddEntry(const std::filesystem::directory_entry& entry, const std::string& dir_key,
                  std::vector<std::string>& keys) const;
  /// Return true if the symlink `path` resolves to a regular file inside the root.
  bool IsLinkToObject(const std::filesystem::path& path) const;
  /// Rename object file `from` to `to`, copying instead across file systems.
  Status RenameObject(const std::filesystem::path& from, const std::filesystem::path& to) const;
  /// Remove now-empty folders from `path`'s parent up to, not including, the root.
  void RemoveEmptyParents(const std::filesystem::path& path) const;

  std::filesystem::path root_;
  std::string uri_;
};

}  // namespace retailpipe::storage
