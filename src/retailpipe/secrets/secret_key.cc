// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/secrets/secret_key.h"

#include <array>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <string>
#include <utility>

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "retailpipe/secrets/base64.h"
#include "retailpipe/secrets/sodium_internal.h"

namespace retailpipe::secrets {
namespace {

static_assert(kSecretKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

// A key file is one base64 line; anything much longer is not a key file.
constexpr size_t kMaxKeyFileBytes = 256;
constexpr mode_t kPrivateMode = 0600;

// The owner of one file descriptor, closed on destruction. Move-only.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    // Errors that matter (the key file's write) are checked by Close() first.
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  /// Close now and report the error a deferred write might have left.
  Status Close(std::string_view what) {
    int fd = std::exchange(fd_, -1);
    if (::close(fd) != 0) return ErrnoStatus(what, errno);
    return Status::OK();
  }

 private:
  int fd_;
};

// Removes a file that was created but not finished, unless Keep() was called.
class RemoveUnlessKept {
 public:
  explicit RemoveUnlessKept(std::string path) : path_(std::move(path)) {}
  RemoveUnlessKept(const RemoveUnlessKept&) = delete;
  RemoveUnlessKept& operator=(const RemoveUnlessKept&) = delete;
  ~RemoveUnlessKept() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  void Keep() { path_.clear(); }

 private:
  std::string path_;
};

std::string OctalMode(mode_t mode) {
  std::array<char, 8> text{};
  std::snprintf(text.data(), text.size(), "%04o", static_cast<unsigned>(mode & 07777));
  return text.data();
}

Status OpenError(const std::string& path, int err) {
  if (err == ENOENT) return Status::InvalidArgument("key file " + path + " does not exist");
  if (err == EACCES) {
    return Status::InvalidArgument("key file " + path + " cannot be read: permission denied");
  }
  return ErrnoStatus("cannot open key file " + path, err);
}

// Error unless the open file is a regular file that only its owner can read or write.
Status CheckPrivate(int fd, const std::string& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return ErrnoStatus("cannot stat key file " + path, errno);
  if (!S_ISREG(st.st_mode)) {
    return Status::InvalidArgument("key file " + path + " is not a regular file");
  }
  if ((st.st_mode & 077) != 0) {
    return Status::InvalidArgument("key file " + path + " has mode " + OctalMode(st.st_mode) +
                                   ", so its group or others can access it; make it private to "
                                   "its owner with: chmod 600 " +
                                   path);
  }
  return Status::OK();
}

Result<SecretBytes> ReadAll(int fd, const std::string& path) {
  SecretBytes text(kMaxKeyFileBytes + 1);
  size_t used = 0;
  while (used < text.size()) {
    ssize_t n = ::read(fd, text.data() + used, text.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoStatus("cannot read key file " + path, errno);
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  if (used > kMaxKeyFileBytes) {
    return Status::InvalidArgument("key file " + path + " is too long to hold a key");
  }
  text.Truncate(used);
  return text;
}

Status WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoStatus("cannot write key file " + path, errno);
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Status::OK();
}

// Make a new file's directory entry durable.
Status SyncParent(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) parent = ".";
  Fd dir(::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0) return ErrnoStatus("cannot open folder " + parent.string(), errno);
  if (::fsync(dir.get()) != 0) return ErrnoStatus("cannot sync folder " + parent.string(), errno);
  return Status::OK();
}

}  // namespace

SecretKey SecretKey::Generate() {
  internal::InitSodium();
  SecretBytes bytes(kSecretKeyBytes);
  crypto_aead_xchacha20poly1305_ietf_keygen(bytes.data());
  return SecretKey(std::move(bytes));
}

Result<SecretKey> SecretKey::FromBase64(std::string_view text, std::string_view source) {
  Result<SecretBytes> bytes = DecodeBase64(text);
  if (!bytes.ok()) {
    return Status::InvalidArgument(std::string(source) +
                                   " does not hold a key: it is not valid base64");
  }
  if (bytes->size() != kSecretKeyBytes) {
    return Status::InvalidArgument(std::string(source) + " does not hold a key: it decodes to " +
                                   std::to_string(bytes->size()) + " bytes, a key has " +
                                   std::to_string(kSecretKeyBytes) +
                                   " (make one with `retailpipe secrets keygen`)");
  }
  return SecretKey(std::move(*bytes));
}

Result<SecretKey> SecretKey::ReadFile(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return OpenError(path, errno);
  RP_RETURN_IF_ERROR(CheckPrivate(fd.get(), path));
  RP_ASSIGN_OR_RETURN(SecretBytes text, ReadAll(fd.get(), path));
  return FromBase64(text.view(), "key file " + path);
}

Result<SecretKey> SecretKey::FromEnvironment(
    const std::map<std::string, std::string>& environment) {
  auto lookup = [&](std::string_view name) -> const std::string* {
    auto it = environment.find(std::string(name));
    return it == environment.end() || it->second.empty() ? nullptr : &it->second;
  };
  const std::string* file = lookup(kKeyFileVariable);
  const std::string* inline_key = lookup(kKeyVariable);
  if (file != nullptr && inline_key != nullptr) {
    return Status::InvalidArgument("both " + std::string(kKeyFileVariable) + " and " +
                                   std::string(kKeyVariable) + " are set; unset one of them");
  }
  if (file != nullptr) return ReadFile(*file);
  if (inline_key != nullptr) return FromBase64(*inline_key, kKeyVariable);
  return Status::InvalidArgument(
      "no secret key: set " + std::string(kKeyFileVariable) +
      " to a key file (make one with `retailpipe secrets keygen --key-file PATH`) or " +
      std::string(kKeyVariable) + " to a key in base64");
}

Status SecretKey::WriteNewFile(const std::string& path) const {
  Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, kPrivateMode));
  if (fd.get() < 0 && errno == EEXIST) {
    return Status::AlreadyExists("key file " + path +
                                 " already exists; a key is never overwritten, because values "
                                 "encrypted with it could no longer be read");
  }
  if (fd.get() < 0) return ErrnoStatus("cannot create key file " + path, errno);
  RemoveUnlessKept partial(path);
  // The umask may have cleared owner bits; the mode must be exactly 0600.
  if (::fchmod(fd.get(), kPrivateMode) != 0) {
    return ErrnoStatus("cannot set mode 0600 on key file " + path, errno);
  }
  SecretBytes text = ToBase64();
  RP_RETURN_IF_ERROR(WriteAll(fd.get(), text.view(), path));
  RP_RETURN_IF_ERROR(WriteAll(fd.get(), "\n", path));
  if (::fsync(fd.get()) != 0) return ErrnoStatus("cannot sync key file " + path, errno);
  RP_RETURN_IF_ERROR(fd.Close("cannot close key file " + path));
  RP_RETURN_IF_ERROR(SyncParent(path));
  partial.Keep();
  return Status::OK();
}

SecretBytes SecretKey::ToBase64() const { return EncodeBase64(bytes()); }

}  // namespace retailpipe::secrets
