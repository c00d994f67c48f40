// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <filesystem>
#include <memory>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/storage/unique_fd.h"

namespace retailpipe::storage {

/// Name prefix of every temp file; stores never list such files.
inline constexpr std::string_view kTempFilePrefix = ".rp-tmp-";

/// Whether a finished file must survive a machine crash. kScratch is for local work copies a
/// crashed run fetches again: still atomic under its name, but neither it nor its folder is
/// fsynced.
enum class Durability { kDurable, kScratch };

/// A uniquely named ".rp-tmp-" file that becomes a final file atomically, or is deleted.
///
/// Write the contents, Sync(), then RenameTo() (replace) or LinkTo() (create only). The
/// destructor deletes the file unless RenameTo() succeeded, so no failure leaves a temp
/// behind. Owned by one caller; not thread-safe. Different TempFiles never collide.
class TempFile {
 public:
  /// Create an empty temp file, mode 0644, inside the existing directory `dir`.
  /// Errors: kNotFound if `dir` does not exist, kIoError otherwise.
  static Result<std::unique_ptr<TempFile>> Make(const std::filesystem::path& dir);

  /// Take ownership of the open file `fd` at `path`; prefer Make().
  TempFile(std::filesystem::path path, UniqueFd fd);

  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile();

  /// Return the temp file's path.
  const std::filesystem::path& path() const { return path_; }

  /// Append `data`. Errors: kIoError (e.g. no space left).
  Status Write(std::string_view data);

  /// Append everything readable from `src_fd`, using copy_file_range where the kernel can.
  /// Errors: kIoError.
  Status CopyFrom(int src_fd);

  /// Flush the contents to stable storage. Errors: kIoError.
  Status Sync();

  /// Rename the file over `target`, then (kDurable) fsync target's directory.
  /// Errors: kIoError.
  Status RenameTo(const std::filesystem::path& target,
                  Durability durability = Durability::kDurable);

  /// Hard-link the file as `target` if that name is free, then fsync target's directory; the
  /// temp name is removed on destruction. Errors: kAlreadyExists if `target` exists, kIoError.
  Status LinkTo(const std::filesystem::path& target);

 private:
  Status ReadWriteCopy(int src_fd);

  std::filesystem::path path_;
  UniqueFd fd_;
  bool renamed_ = false;
};

/// fsync the directory `dir`, so a rename or link inside it survives a crash. A missing `dir`
/// is OK (nothing left to sync). Errors: kIoError.
Status SyncDirectory(const std::filesystem::path& dir);

}  // namespace retailpipe::storage
