// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <utility>

#include <unistd.h>

namespace retailpipe::storage {

/// The owner of one POSIX file descriptor, closed on destruction. Move-only; not thread-safe.
class UniqueFd {
 public:
  UniqueFd() = default;
  /// Take ownership of `fd` (-1 for none).
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      Reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  ~UniqueFd() { Reset(); }

  /// Return the descriptor, or -1 if none is owned.
  int get() const { return fd_; }
  /// Return true if a descriptor is owned.
  bool valid() const { return fd_ >= 0; }

 private:
  void Reset() {
    // A close() error on a descriptor already fsync'ed (or being discarded) carries no news.
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  int fd_ = -1;
};

}  // namespace retailpipe::storage
