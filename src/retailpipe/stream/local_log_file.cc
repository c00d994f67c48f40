// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/local_log_file.h"

#include <cerrno>
#include <filesystem>
#include <random>
#include <utility>

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace retailpipe::stream::local_log {
namespace {

constexpr mode_t kFileMode = 0644;

int Flags(OpenMode mode) {
  switch (mode) {
    case OpenMode::kRead:
      return O_RDONLY;
    case OpenMode::kReadWrite:
      return O_RDWR;
    case OpenMode::kCreate:
      return O_RDWR | O_CREAT;
    case OpenMode::kCreateExclusive:
      return O_RDWR | O_CREAT | O_EXCL;
  }
  return O_RDONLY;
}

/// Closes a descriptor on scope exit unless released; for the short-lived ones below.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;
  ~FdCloser() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

/// Removes a file on scope exit unless Keep() was called.
class TempFileRemover {
 public:
  explicit TempFileRemover(std::string path) : path_(std::move(path)) {}
  TempFileRemover(const TempFileRemover&) = delete;
  TempFileRemover& operator=(const TempFileRemover&) = delete;
  ~TempFileRemover() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  void Keep() { path_.clear(); }

 private:
  std::string path_;
};

std::string ParentOf(const std::string& path) {
  std::string parent = std::filesystem::path(path).parent_path().string();
  return parent.empty() ? "." : parent;
}

/// Write `content` to a new temporary file beside `path` and sync it; return its path.
Result<std::string> WriteTemp(const std::string& path, std::string_view content,
                              FsyncPolicy fsync) {
  const std::string temp =
      ParentOf(path) + "/" + UniqueTempName(std::filesystem::path(path).filename().string());
  RP_ASSIGN_OR_RETURN(LogFile file, LogFile::Open(temp, OpenMode::kCreateExclusive));
  TempFileRemover remover(temp);
  RP_RETURN_IF_ERROR(file.WriteAt(0, content));
  if (fsync == FsyncPolicy::kOnFlush) RP_RETURN_IF_ERROR(file.Sync());
  remover.Keep();
  return temp;
}

}  // namespace

Result<LogFile> LogFile::Open(std::string path, OpenMode mode) {
  const int fd = ::open(path.c_str(), Flags(mode) | O_CLOEXEC, kFileMode);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT && (mode == OpenMode::kRead || mode == OpenMode::kReadWrite)) {
      return Status::NotFound("no file " + path);
    }
    if (err == EEXIST) return Status::AlreadyExists("file " + path + " exists already");
    return ErrnoStatus("cannot open " + path, err);
  }
  return LogFile(fd, std::move(path));
}

LogFile::LogFile(LogFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}

LogFile& LogFile::operator=(LogFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
  }
  return *this;
}

LogFile::~LogFile() {
  if (fd_ >= 0) ::close(fd_);
}

Result<uint64_t> LogFile::Size() const {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return ErrnoStatus("cannot stat " + path_, errno);
  return static_cast<uint64_t>(st.st_size);
}

Result<LogFile::Stamp> LogFile::GetStamp() const {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return ErrnoStatus("cannot stat " + path_, errno);
  constexpr int64_t kNsPerSecond = 1'000'000'000;
  return Stamp{static_cast<uint64_t>(st.st_size),
               static_cast<int64_t>(st.st_mtim.tv_sec) * kNsPerSecond + st.st_mtim.tv_nsec};
}

Result<size_t> LogFile::ReadAt(uint64_t position, std::span<char> out) const {
  size_t done = 0;
  while (done < out.size()) {
    const ssize_t n =
        ::pread(fd_, out.data() + done, out.size() - done, static_cast<off_t>(position + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoStatus("cannot read " + path_, errno);
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return done;
}

Status LogFile::WriteAt(uint64_t position, std::span<const char> data) const {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n =
        ::pwrite(fd_, data.data() + done, data.size() - done, static_cast<off_t>(position + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoStatus("cannot write " + path_, errno);
    done += static_cast<size_t>(n);
  }
  return Status::OK();
}

Status LogFile::Truncate(uint64_t size) const {
  if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) {
    return ErrnoStatus("cannot truncate " + path_ + " to " + std::to_string(size) + " bytes",
                       errno);
  }
  return Status::OK();
}

Status LogFile::Sync() const {
  if (::fdatasync(fd_) != 0) return ErrnoStatus("cannot sync " + path_ + " to disk", errno);
  return Status::OK();
}

Result<bool> LogFile::TryLock(LockType type) const {
  const int operation = type == LockType::kExclusive ? LOCK_EX : LOCK_SH;
  while (::flock(fd_, operation | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    if (errno == EWOULDBLOCK) return false;
    return ErrnoStatus("cannot lock " + path_, errno);
  }
  return true;
}

Status LogFile::Unlock() const {
  if (::flock(fd_, LOCK_UN) != 0) return ErrnoStatus("cannot unlock " + path_, errno);
  return Status::OK();
}

Status CreateDirs(const std::string& path, FsyncPolicy fsync) {
  std::vector<std::string> missing;
  std::error_code ec;
  for (std::filesystem::path p = path; !p.empty() && !std::filesystem::exists(p, ec);
       p = p.parent_path()) {
    missing.push_back(p.string());
    if (p == p.parent_path()) break;
  }
  if (missing.empty()) return Status::OK();
  std::filesystem::create_directories(path, ec);
  if (ec) {
    return Status::IoError("cannot create folder " + path + ": " + ec.message() +
                           " (check the path and its permissions)");
  }
  if (fsync == FsyncPolicy::kOnFlush) {
    for (const std::string& dir : missing) RP_RETURN_IF_ERROR(SyncDir(ParentOf(dir)));
  }
  return Status::OK();
}

Status SyncDir(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("cannot open folder " + path, errno);
  const FdCloser closer(fd);
  if (::fsync(fd) != 0) return ErrnoStatus("cannot sync folder " + path + " to disk", errno);
  return Status::OK();
}

Result<bool> Exists(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) return true;
  if (errno == ENOENT) return false;
  return ErrnoStatus("cannot stat " + path, errno);
}

Result<std::vector<std::string>> ListDir(const std::string& path) {
  std::vector<std::string> names;
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) {
    if (errno == ENOENT) return names;
    return ErrnoStatus("cannot list folder " + path, errno);
  }
  errno = 0;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string_view name = entry->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
  }
  const int err = errno;
  ::closedir(dir);
  if (err != 0) return ErrnoStatus("cannot list folder " + path, err);
  return names;
}

Status WriteFileAtomic(const std::string& path, std::string_view content, FsyncPolicy fsync) {
  RP_ASSIGN_OR_RETURN(const std::string temp, WriteTemp(path, content, fsync));
  TempFileRemover remover(temp);
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    return ErrnoStatus("cannot rename " + temp + " to " + path, errno);
  }
  remover.Keep();
  if (fsync == FsyncPolicy::kOnFlush) RP_RETURN_IF_ERROR(SyncDir(ParentOf(path)));
  return Status::OK();
}

Result<bool> CreateFileIfAbsent(const std::string& path, std::string_view content) {
  RP_ASSIGN_OR_RETURN(const std::string temp, WriteTemp(path, content, FsyncPolicy::kOnFlush));
  const TempFileRemover remover(temp);
  // link() fails with EEXIST instead of replacing: the first creator wins, atomically.
  if (::link(temp.c_str(), path.c_str()) != 0) {
    if (errno == EEXIST) return false;
    return ErrnoStatus("cannot create " + path, errno);
  }
  RP_RETURN_IF_ERROR(SyncDir(ParentOf(path)));
  return true;
}

Result<std::string> ReadWholeFile(const std::string& path) {
  RP_ASSIGN_OR_RETURN(const LogFile file, LogFile::Open(path, OpenMode::kRead));
  RP_ASSIGN_OR_RETURN(const uint64_t size, file.Size());
  std::string content(size, '\0');
  RP_ASSIGN_OR_RETURN(const size_t read, file.ReadAt(0, content));
  content.resize(read);
  return content;
}

std::string UniqueTempName(std::string_view stem) {
  std::random_device random;
  const uint64_t suffix = (uint64_t{random()} << 32) | random();
  std::string name(1, '.');
  name.append(stem).append(".").append(std::to_string(::getpid()));
  name.append(".").append(std::to_string(suffix)).append(".tmp");
  return name;
}

}  // namespace retailpipe::stream::local_log
