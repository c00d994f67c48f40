// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/storage/local_file.h"

#include <array>
#include <cerrno>
#include <charconv>
#include <string>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "retailpipe/storage/byte_range.h"

namespace retailpipe::storage {

namespace fs = std::filesystem;

namespace {

constexpr int kMakeTempAttempts = 3;
constexpr int64_t kNanosPerMilli = 1'000'000;
constexpr int64_t kNanosPerSecond = 1'000'000'000;

std::string Hex(uint64_t value) {
  std::array<char, 2 * sizeof(uint64_t)> buffer{};
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, 16);
  return std::string(buffer.data(), end);
}

Result<struct stat> StatRegularFile(int fd, const fs::path& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return ErrnoStatus("fstat " + path.native(), errno);
  if (!S_ISREG(st.st_mode)) return Status::NotFound(path.native() + " is not a regular file");
  return st;
}

}  // namespace

Result<UniqueFd> OpenForReading(const fs::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    int err = errno;
    Status status = ErrnoStatus(path.native(), err);
    if (err == ENOENT || err == ENOTDIR) return Status::NotFound(status.message());
    return status;
  }
  RP_RETURN_IF_ERROR(StatRegularFile(fd.get(), path).status());
  return fd;
}

Result<std::string> ReadFileRange(const fs::path& path, uint64_t offset, int64_t length) {
  RP_ASSIGN_OR_RETURN(UniqueFd fd, OpenForReading(path));
  RP_ASSIGN_OR_RETURN(struct stat st, StatRegularFile(fd.get(), path));
  RP_ASSIGN_OR_RETURN(uint64_t want,
                      RangeLength(static_cast<uint64_t>(st.st_size), offset, length));
  std::string out(static_cast<size_t>(want), '\0');
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n =
        ::pread(fd.get(), out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoStatus("pread " + path.native(), errno);
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  out.resize(done);
  return out;
}

Result<std::optional<ObjectInfo>> StatObjectFile(const fs::path& path, std::string_view key) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::optional<ObjectInfo>();
    return ErrnoStatus("stat " + path.native(), errno);
  }
  if (!S_ISREG(st.st_mode)) return std::optional<ObjectInfo>();
  int64_t mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * kNanosPerSecond +
                     static_cast<int64_t>(st.st_mtim.tv_nsec);
  ObjectInfo info;
  info.key = std::string(key);
  info.size = static_cast<uint64_t>(st.st_size);
  info.etag = Hex(info.size) + "-" + Hex(static_cast<uint64_t>(mtime_ns));
  info.mtime_ms = mtime_ns / kNanosPerMilli;
  return std::optional<ObjectInfo>(std::move(info));
}

Result<std::unique_ptr<TempFile>> MakeTempBeside(const fs::path& target) {
  const fs::path dir = target.parent_path();
  Status last;
  for (int attempt = 0; attempt < kMakeTempAttempts; ++attempt) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return ErrnoStatus("creating folder " + dir.native(), ec.value());
    Result<std::unique_ptr<TempFile>> temp = TempFile::Make(dir);
    // A concurrent delete may prune the new folder before the temp lands in it: try again.
    if (temp.ok() || !temp.error().IsNotFound()) return temp;
    last = std::move(temp).error();
  }
  return Status::IoError(last.message());
}

Status WriteFileAtomically(const fs::path& target, std::string_view data) {
  RP_ASSIGN_OR_RETURN(std::unique_ptr<TempFile> temp, MakeTempBeside(target));
  RP_RETURN_IF_ERROR(temp->Write(data));
  RP_RETURN_IF_ERROR(temp->Sync());
  return temp->RenameTo(target);
}

Status CopyFileAtomically(const fs::path& from, const fs::path& to, Durability durability) {
  RP_ASSIGN_OR_RETURN(UniqueFd src, OpenForReading(from));
  RP_ASSIGN_OR_RETURN(std::unique_ptr<TempFile> temp, MakeTempBeside(to));
  RP_RETURN_IF_ERROR(temp->CopyFrom(src.get()));
  if (durability == Durability::kDurable) RP_RETURN_IF_ERROR(temp->Sync());
  return temp->RenameTo(to, durability);
}

}  // namespace retailpipe::storage
