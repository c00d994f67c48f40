// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>

namespace retailpipe::secrets {

/// A fixed-size byte buffer for key material and plaintext secrets, wiped with sodium_memzero()
/// when it dies or is replaced by a move. It never reallocates, so no stale copy is left in
/// freed memory. Move-only; not thread-safe.
class SecretBytes {
 public:
  SecretBytes() = default;
  /// Make `size` zero bytes.
  explicit SecretBytes(size_t size);
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  ~SecretBytes();

  /// Return a buffer holding a copy of `bytes`.
  static SecretBytes CopyOf(std::string_view bytes);

  unsigned char* data() { return bytes_.get(); }
  const unsigned char* data() const { return bytes_.get(); }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::span<const unsigned char> span() const { return {bytes_.get(), size_}; }
  /// Return the bytes as text (a view into this buffer).
  std::string_view view() const;

  /// Wipe the bytes from `size` on and make `size` the new size. REQUIRES: size <= size().
  void Truncate(size_t size);

 private:
  void Wipe();

  std::unique_ptr<unsigned char[]> bytes_;
  size_t size_ = 0;      // bytes in use
  size_t capacity_ = 0;  // bytes allocated, all wiped on destruction
};

}  // namespace retailpipe::secrets
