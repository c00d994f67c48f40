// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/secrets/secret_bytes.h"

#include <cstring>
#include <utility>

#include <sodium.h>

#include "retailpipe/base/check.h"

namespace retailpipe::secrets {

SecretBytes::SecretBytes(size_t size)
    : bytes_(std::make_unique<unsigned char[]>(size)), size_(size), capacity_(size) {}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : bytes_(std::move(other.bytes_)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)) {}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    Wipe();
    bytes_ = std::move(other.bytes_);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
  }
  return *this;
}

SecretBytes::~SecretBytes() { Wipe(); }

SecretBytes SecretBytes::CopyOf(std::string_view bytes) {
  SecretBytes out(bytes.size());
  if (!bytes.empty()) std::memcpy(out.data(), bytes.data(), bytes.size());
  return out;
}

std::string_view SecretBytes::view() const {
  return {reinterpret_cast<const char*>(bytes_.get()), size_};
}

void SecretBytes::Truncate(size_t size) {
  RP_CHECK(size <= size_);
  if (size < size_) sodium_memzero(bytes_.get() + size, size_ - size);
  size_ = size;
}

void SecretBytes::Wipe() {
  if (bytes_ != nullptr) sodium_memzero(bytes_.get(), capacity_);
  bytes_.reset();
  size_ = 0;
  capacity_ = 0;
}

}  // namespace retailpipe::secrets
