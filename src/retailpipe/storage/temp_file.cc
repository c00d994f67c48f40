// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/storage/temp_file.h"

#include <array>
#include <cerrno>
#include <cstdlib>
#include <string>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace retailpipe::storage {

namespace {

constexpr mode_t kObjectMode = 0644;
constexpr size_t kCopyChunkBytes = size_t{1} << 20;
constexpr size_t kBufferBytes = size_t{64} << 10;

/// Return true if copy_file_range failed for a reason a plain read/write loop avoids.
bool NeedsFallback(int err) {
  return err == EXDEV || err == ENOSYS || err == EINVAL || err == EOPNOTSUPP || err == EBADF;
}

}  // namespace

Result<std::unique_ptr<TempFile>> TempFile::Make(const std::filesystem::path& dir) {
  std::string name = (dir / (std::string(kTempFilePrefix) + "XXXXXX")).native();
  int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    Status status = ErrnoStatus("creating a temp file in " + dir.native(), err);
    return err == ENOENT ? Status::NotFound(status.message()) : status;
  }
  UniqueFd owner(fd);
  if (::fchmod(fd, kObjectMode) != 0) {
    int err = errno;
    ::unlink(name.c_str());
    return ErrnoStatus("fchmod " + name, err);
  }
  return std::make_unique<TempFile>(std::filesystem::path(std::move(name)), std::move(owner));
}

TempFile::TempFile(std::filesystem::path path, UniqueFd fd)
    : path_(std::move(path)), fd_(std::move(fd)) {}

TempFile::~TempFile() {
  // Nothing to report to: a leftover temp is invisible to listings and the failure that
  // brought us here is already on its way up.
  if (!renamed_) ::unlink(path_.c_str());
}

Status TempFile::Write(std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd_.get(), data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoStatus("write", errno);
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::OK();
}

Status TempFile::CopyFrom(int src_fd) {
  bool copied_any = false;
  while (true) {
    ssize_t n = ::copy_file_range(src_fd, nullptr, fd_.get(), nullptr, kCopyChunkBytes, 0);
    if (n == 0) return Status::OK();
    if (n > 0) {
      copied_any = true;
      continue;
    }
    if (errno == EINTR) continue;
    if (!copied_any && NeedsFallback(errno)) return ReadWriteCopy(src_fd);
    return ErrnoStatus("copy_file_range", errno);
  }
}

Status TempFile::ReadWriteCopy(int src_fd) {
  std::array<char, kBufferBytes> buffer{};
  while (true) {
    ssize_t n = ::read(src_fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoStatus("read", errno);
    if (n == 0) return Status::OK();
    RP_RETURN_IF_ERROR(Write(std::string_view(buffer.data(), static_cast<size_t>(n))));
  }
}

Status TempFile::Sync() {
  if (::fsync(fd_.get()) != 0) return ErrnoStatus("fsync", errno);
  return Status::OK();
}

Status TempFile::RenameTo(const std::filesystem::path& target, Durability durability) {
  if (::rename(path_.c_str(), target.c_str()) != 0) return ErrnoStatus("rename", errno);
  renamed_ = true;
  if (durability == Durability::kScratch) return Status::OK();
  return SyncDirectory(target.parent_path());
}

Status TempFile::LinkTo(const std::filesystem::path& target) {
  if (::link(path_.c_str(), target.c_str()) != 0) {
    int err = errno;
    if (err == EEXIST) return Status::AlreadyExists("the key is already taken");
    return ErrnoStatus("link", err);
  }
  return SyncDirectory(target.parent_path());
}

Status SyncDirectory(const std::filesystem::path& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  // A folder a concurrent delete just pruned has no entries left to make durable.
  if (!fd.valid() && errno == ENOENT) return Status::OK();
  if (!fd.valid()) return ErrnoStatus("opening directory " + dir.native(), errno);
  if (::fsync(fd.get()) != 0) return ErrnoStatus("fsync directory " + dir.native(), errno);
  return Status::OK();
}

}  // namespace retailpipe::storage
