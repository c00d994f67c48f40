// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/storage/local_object_store.h"

#include <algorithm>
#include <cerrno>
#include <string>
#include <system_error>
#include <utility>

#include <unistd.h>

#include "retailpipe/storage/list_page_builder.h"
#include "retailpipe/storage/local_file.h"
#include "retailpipe/storage/temp_file.h"

namespace retailpipe::storage {

namespace fs = std::filesystem;

namespace {

constexpr int kRenameAttempts = 3;

bool IsMissing(const std::error_code& ec) {
  return ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory;
}

/// Return `result`, or its error with `context` prefixed.
template <typename T>
Result<T> WithContext(Result<T> result, std::string_view context) {
  if (result.ok()) return result;
  return std::move(result).error().WithContext(context);
}

/// Rename `from` to `to`, creating to's folders. Errors: kNotFound if `from` is missing,
/// kFailedPrecondition if the two are on different file systems (EXDEV), kIoError.
Status RenameCreatingFolders(const fs::path& from, const fs::path& to) {
  const fs::path dir = to.parent_path();
  for (int attempt = 1;; ++attempt) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return ErrnoStatus("creating folder " + dir.native(), ec.value());
    if (::rename(from.c_str(), to.c_str()) == 0) return Status::OK();
    int err = errno;
    if (err == EXDEV) return Status::FailedPrecondition("rename across file systems");
    if (err == ENOENT && ::access(from.c_str(), F_OK) != 0) {
      return Status::NotFound(ErrnoStatus(from.native(), err).message());
    }
    // ENOENT with the source present: a concurrent delete pruned the new folder; retry.
    if (err != ENOENT || attempt == kRenameAttempts) return ErrnoStatus("rename", err);
  }
}

}  // namespace

Result<std::unique_ptr<LocalObjectStore>> LocalObjectStore::Open(std::string root_dir) {
  if (root_dir.empty()) return Status::InvalidArgument("the store root path is empty");
  std::error_code ec;
  fs::path root = fs::absolute(root_dir, ec);
  if (!ec) fs::create_directories(root, ec);
  if (ec) return ErrnoStatus("creating store root " + root_dir, ec.value());
  fs::path real = fs::canonical(root, ec);
  if (ec) return ErrnoStatus("resolving store root " + root_dir, ec.value());
  if (!fs::is_directory(real, ec)) {
    return Status::IoError("store root " + real.native() + " is not a folder");
  }
  return std::make_unique<LocalObjectStore>(std::move(real));
}

LocalObjectStore::LocalObjectStore(fs::path root)
    : root_(std::move(root)), uri_("file://" + root_.native()) {}

std::string LocalObjectStore::KeyUri(std::string_view key) const {
  std::string out = uri_;
  if (out.back() != '/') out += '/';
  out += key;
  return out;
}

bool LocalObjectStore::IsInsideRoot(const fs::path& path) const {
  const std::string& root = root_.native();
  const std::string& candidate = path.native();
  if (candidate.size() <= root.size() || candidate.compare(0, root.size(), root) != 0) {
    return false;
  }
  return root.back() == '/' || candidate[root.size()] == '/';
}

Result<fs::path> LocalObjectStore::PathFor(std::string_view key) const {
  RP_RETURN_IF_ERROR(ValidateKey(key));
  fs::path path = root_ / fs::path(key);
  std::error_code ec;
  fs::path real = fs::weakly_canonical(path, ec);
  if (ec) return ErrnoStatus("resolving " + path.native(), ec.value());
  if (!IsInsideRoot(real)) {
    return Status::InvalidArgument("key \"" + std::string(key) +
                                   "\" leads outside the store root through a symlink");
  }
  return path;
}

Result<ListPage> LocalObjectStore::List(const ListOptions& options) {
  auto list = [&]() -> Result<ListPage> {
    RP_RETURN_IF_ERROR(ValidateListOptions(options));
    RP_ASSIGN_OR_RETURN(std::vector<std::string> keys, CollectKeys(options.prefix));
    ListPageBuilder builder(options);
    for (const std::string& key : keys) {
      ListStep step = builder.Offer(key);
      if (step == ListStep::kDone) break;
      if (step == ListStep::kSkip) continue;
      RP_ASSIGN_OR_RETURN(std::optional<ObjectInfo> info, StatObjectFile(root_ / key, key));
      // An object deleted since the walk is simply not listed.
      if (info) builder.AddObject(std::move(*info));
    }
    return std::move(builder).Finish();
  };
  return WithContext(list(), "while listing " + KeyUri(options.prefix));
}

Result<std::vector<std::string>> LocalObjectStore::CollectKeys(std::string_view prefix) const {
  std::vector<std::string> keys;
  size_t slash = prefix.rfind('/');
  std::string dir_key =
      slash == std::string_view::npos ? "" : std::string(prefix.substr(0, slash + 1));
  fs::path dir = root_;
  if (!dir_key.empty()) {
    std::string_view dir_name = std::string_view(dir_key).substr(0, dir_key.size() - 1);
    // No valid key lies below a folder name that is not a valid key itself.
    if (!ValidateKey(dir_name).ok()) return keys;
    RP_ASSIGN_OR_RETURN(dir, PathFor(dir_name));
  }
  RP_RETURN_IF_ERROR(Walk(dir, dir_key, keys));
  std::sort(keys.begin(), keys.end());
  return keys;
}

Status LocalObjectStore::Walk(const fs::path& dir, const std::string& dir_key,
                              std::vector<std::string>& keys) const {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (IsMissing(ec)) return Status::OK();
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    RP_RETURN_IF_ERROR(AddEntry(*it, dir_key, keys));
  }
  // A folder removed by a concurrent delete simply has no objects.
  if (ec && !IsMissing(ec)) return ErrnoStatus("reading folder " + dir.native(), ec.value());
  return Status::OK();
}

Status LocalObjectStore::AddEntry(const fs::directory_entry& entry, const std::string& dir_key,
                                  std::vector<std::string>& keys) const {
  std::string name = entry.path().filename().native();
  if (name.starts_with(kTempFilePrefix)) return Status::OK();
  std::string key = dir_key + name;
  std::error_code ec;
  fs::file_status status = entry.symlink_status(ec);
  if (ec) return Status::OK();  // vanished since the folder was read
  if (fs::is_directory(status)) return Walk(entry.path(), key + "/", keys);
  bool is_object =
      fs::is_regular_file(status) || (fs::is_symlink(status) && IsLinkToObject(entry.path()));
  // Files named in ways no key can address (e.g. with a backslash) are not objects.
  if (is_object && ValidateKey(key).ok()) keys.push_back(std::move(key));
  return Status::OK();
}

bool LocalObjectStore::IsLinkToObject(const fs::path& path) const {
  std::error_code ec;
  fs::path real = fs::canonical(path, ec);
  return !ec && IsInsideRoot(real) && fs::is_regular_file(real, ec);
}

Result<std::optional<ObjectInfo>> LocalObjectStore::Head(std::string_view key) {
  auto head = [&]() -> Result<std::optional<ObjectInfo>> {
    RP_ASSIGN_OR_RETURN(fs::path path, PathFor(key));
    return StatObjectFile(path, key);
  };
  return WithContext(head(), "while reading " + KeyUri(key));
}

Result<std::string> LocalObjectStore::Get(std::string_view key, uint64_t offset, int64_t length) {
  auto get = [&]() -> Result<std::string> {
    RP_ASSIGN_OR_RETURN(fs::path path, PathFor(key));
    return ReadFileRange(path, offset, length);
  };
  return WithContext(get(), "while reading " + KeyUri(key));
}

Status LocalObjectStore::Download(std::string_view key, const std::string& path) {
  auto download = [&]() -> Status {
    RP_ASSIGN_OR_RETURN(fs::path from, PathFor(key));
    std::error_code ec;
    fs::path to = fs::absolute(path, ec);
    if (ec) return ErrnoStatus("resolving " + path, ec.value());
    return CopyFileAtomically(from, to, Durability::kScratch);
  };
  return download().WithContext("while downloading " + KeyUri(key) + " to " + path);
}

Status LocalObjectStore::Put(std::string_view key, std::string_view data) {
  auto put = [&]() -> Status {
    RP_ASSIGN_OR_RETURN(fs::path path, PathFor(key));
    return WriteFileAtomically(path, data);
  };
  return put().WithContext("while writing " + KeyUri(key));
}

Status LocalObjectStore::Upload(const std::string& path, std::string_view key) {
  auto upload = [&]() -> Status {
    RP_ASSIGN_OR_RETURN(fs::path to, PathFor(key));
    return CopyFileAtomically(path, to);
  };
  return upload().WithContext("while uploading " + path + " to " + KeyUri(key));
}

Status LocalObjectStore::PutIfAbsent(std::string_view key, std::string_view data) {
  auto put = [&]() -> Status {
    RP_ASSIGN_OR_RETURN(fs::path path, PathFor(key));
    RP_ASSIGN_OR_RETURN(std::unique_ptr<TempFile> temp, MakeTempBeside(path));
    RP_RETURN_IF_ERROR(temp->Write(data));
    RP_RETURN_IF_ERROR(temp->Sync());
    return temp->LinkTo(path);  // the temp name is unlinked when `temp` goes
  };
  return put().WithContext("while creating " + KeyUri(key));
}

Status LocalObjectStore::Copy(std::string_view src, std::string_view dst) {
  auto copy = [&]() -> Status {
    RP_ASSIGN_OR_RETURN(fs::path from, PathFor(src));
    RP_ASSIGN_OR_RETURN(fs::path to, PathFor(dst));
    return CopyFileAtomically(from, to);
  };
  return copy().WithContext("while copying " + KeyUri(src) + " to " + KeyUri(dst));
}

Status LocalObjectStore::Move(std::string_view src, std::string_view dst) {
  auto move = [&]() -> Status {
    RP_ASSIGN_OR_RETURN(fs::path from, PathFor(src));
    RP_ASSIGN_OR_RETURN(fs::path to, PathFor(dst));
    RP_ASSIGN_OR_RETURN(std::optional<ObjectInfo> info, StatObjectFile(from, src));
    if (!info) return Status::NotFound("no such object");
    return RenameObject(from, to);
  };
  return move().WithContext("while moving " + KeyUri(src) + " to " + KeyUri(dst));
}

Status LocalObjectStore::RenameObject(const fs::path& from, const fs::path& to) const {
  Status renamed = RenameCreatingFolders(from, to);
  if (renamed.code() == StatusCode::kFailedPrecondition) {
    RP_RETURN_IF_ERROR(CopyFileAtomically(from, to));
    if (::unlink(from.c_str()) != 0 && errno != ENOENT) return ErrnoStatus("unlink", errno);
  } else {
    RP_RETURN_IF_ERROR(renamed);
  }
  RP_RETURN_IF_ERROR(SyncDirectory(to.parent_path()));
  RP_RETURN_IF_ERROR(SyncDirectory(from.parent_path()));
  RemoveEmptyParents(from);
  return Status::OK();
}

Status LocalObjectStore::Delete(std::string_view key) {
  auto remove = [&]() -> Status {
    RP_ASSIGN_OR_RETURN(fs::path path, PathFor(key));
    if (::unlink(path.c_str()) != 0) {
      // Missing, or a folder (which is no object): either way there is nothing to delete.
      if (errno == ENOENT || errno == ENOTDIR || errno == EISDIR) return Status::OK();
      return ErrnoStatus("unlink", errno);
    }
    RP_RETURN_IF_ERROR(SyncDirectory(path.parent_path()));
    RemoveEmptyParents(path);
    return Status::OK();
  };
  return remove().WithContext("while deleting " + KeyUri(key));
}

void LocalObjectStore::RemoveEmptyParents(const fs::path& path) const {
  for (fs::path dir = path.parent_path(); IsInsideRoot(dir); dir = dir.parent_path()) {
    // Stop at the first folder that still holds something; a concurrent delete may
    // already have removed this one, in which case its parent is worth a try.
    if (::rmdir(dir.c_str()) != 0 && errno != ENOENT) return;
  }
}

}  // namespace retailpipe::storage
