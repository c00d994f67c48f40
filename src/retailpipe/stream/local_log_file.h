// SPDX-License-Identifier: Apache-2.0
// File plumbing of the local log: an owned descriptor and the few POSIX calls the log needs.
// Used only in this folder.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/stream/local_log_options.h"

namespace retailpipe::stream::local_log {

/// How LogFile::Open() opens a file.
enum class OpenMode {
  kRead,            ///< read only; the file must exist
  kReadWrite,       ///< read and write; the file must exist
  kCreate,          ///< read and write; created if missing
  kCreateExclusive  ///< read and write; the file must not exist yet
};

/// The kinds of advisory lock.
enum class LockType { kExclusive, kShared };

/// An open file descriptor and the path it was opened with (for messages), closed on
/// destruction; an advisory lock taken with TryLock() goes with it. Move-only. Errors name
/// the path. Not thread-safe.
class LogFile {
 public:
  /// Open `path`. Errors: kNotFound if it must exist and does not, kAlreadyExists for
  /// kCreateExclusive on an existing file, kIoError otherwise.
  static Result<LogFile> Open(std::string path, OpenMode mode);

  LogFile() = default;
  LogFile(LogFile&& other) noexcept;
  LogFile& operator=(LogFile&& other) noexcept;
  LogFile(const LogFile&) = delete;
  LogFile& operator=(const LogFile&) = delete;
  ~LogFile();

  bool is_open() const { return fd_ >= 0; }
  const std::string& path() const { return path_; }

  /// Return the file's size in bytes.
  Result<uint64_t> Size() const;

  /// What changes whenever the file is written or truncated: its size and modification time.
  struct Stamp {
    uint64_t size = 0;
    int64_t modified_ns = 0;
    bool operator==(const Stamp&) const = default;
  };
  Result<Stamp> GetStamp() const;

  /// Read up to out.size() bytes at `position`; return how many were read (fewer only at the
  /// end of the file).
  Result<size_t> ReadAt(uint64_t position, std::span<char> out) const;

  /// Write all of `data` at `position`.
  Status WriteAt(uint64_t position, std::span<const char> data) const;

  /// Cut the file to `size` bytes.
  Status Truncate(uint64_t size) const;

  /// Force the file's data (and the size needed to read it) to the disk (fdatasync). A
  /// failure is never retried by callers: the kernel may have dropped the dirty pages.
  Status Sync() const;

  /// Take an advisory lock (flock) without waiting: exclusive, or shared with other shared
  /// holders; return false if another open file description holds a conflicting one (in this
  /// process or another). Released by Unlock(), by closing, or by the kernel when the process
  /// dies.
  Result<bool> TryLock(LockType type = LockType::kExclusive) const;
  Status Unlock() const;

 private:
  LogFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}

  int fd_ = -1;
  std::string path_;
};

/// Create `path` and its missing parents; under FsyncPolicy::kOnFlush, sync the folder that
/// received each new one, so that they survive a power loss. Errors: kIoError.
Status CreateDirs(const std::string& path, FsyncPolicy fsync);

/// fsync the folder `path`, so that files created, renamed or removed in it stay so after a
/// power loss. Errors: kIoError.
Status SyncDir(const std::string& path);

/// Return whether `path` exists. Errors: kIoError for anything but "no such file".
Result<bool> Exists(const std::string& path);

/// Return the names in folder `path` (not "." or ".."), unsorted; empty if it does not exist.
/// Errors: kIoError.
Result<std::vector<std::string>> ListDir(const std::string& path);

/// Replace `path` with `content` atomically: write a temporary file beside it, sync it
/// (under FsyncPolicy::kOnFlush), rename it over `path`, and sync the folder. A reader sees
/// the old or the new content, never a mix. Errors: kIoError (the temporary file is removed).
Status WriteFileAtomic(const std::string& path, std::string_view content, FsyncPolicy fsync);

/// Create `path` holding `content` unless it exists, atomically (written beside it, synced,
/// then hard-linked into place). Returns false if `path` already existed (its content is
/// untouched). Errors: kIoError.
Result<bool> CreateFileIfAbsent(const std::string& path, std::string_view content);

/// Return the whole content of `path`. Errors: kNotFound, kIoError.
Result<std::string> ReadWholeFile(const std::string& path);

/// Return a name for a temporary file that no other process or thread uses:
/// ".<stem>.<pid>.<random>".
std::string UniqueTempName(std::string_view stem);

}  // namespace retailpipe::stream::local_log
