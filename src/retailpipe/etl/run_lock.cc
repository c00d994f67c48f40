// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/etl/run_lock.h"

#include <cerrno>
#include <filesystem>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace retailpipe::etl {

Result<std::unique_ptr<RunLock>> RunLock::Acquire(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus("cannot open lock file " + path, errno);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) {
      return Status::FailedPrecondition("another run holds " + path +
                                        "; wait for it to finish (or check that it is alive)");
    }
    return ErrnoStatus("cannot lock " + path, err);
  }
  return std::unique_ptr<RunLock>(new RunLock(fd));
}

RunLock::~RunLock() { ::close(fd_); }  // closing releases the flock

}  // namespace retailpipe::etl
