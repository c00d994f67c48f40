// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "retailpipe/base/result.h"
#include "retailpipe/secrets/secret_bytes.h"

namespace retailpipe::secrets {

/// Bytes in a secret key (libsodium's crypto_aead_xchacha20poly1305_ietf_KEYBYTES).
inline constexpr size_t kSecretKeyBytes = 32;

/// The environment variable that names a key file.
inline constexpr std::string_view kKeyFileVariable = "RP_SECRET_KEY_FILE";
/// The environment variable that holds a key in base64.
inline constexpr std::string_view kKeyVariable = "RP_SECRET_KEY";

/// The 32-byte key that encrypts configuration values (see ValueCipher). A key file holds it
/// as one line of standard base64 (44 characters) and must be private to its owner (mode
/// 0600 or stricter). The bytes are wiped when the key dies. Move-only; immutable once made,
/// so const access from several threads is safe.
class SecretKey {
 public:
  /// Return a new key from the system's random source.
  static SecretKey Generate();

  /// Parse a key written in standard base64; whitespace around it is ignored. `source` says
  /// where the text came from in messages ("RP_SECRET_KEY", "key file /etc/rp.key").
  /// Errors: kInvalidArgument if the text is not base64 or not 32 bytes. Messages never
  /// contain the text.
  static Result<SecretKey> FromBase64(std::string_view text, std::string_view source);

  /// Read the key file at `path`.
  /// Errors: kInvalidArgument if the file does not exist, is not a regular file, can be read
  /// or written by its group or others (the message names the file and the chmod that fixes
  /// it), or does not hold a key; kIoError if it cannot be read.
  static Result<SecretKey> ReadFile(const std::string& path);

  /// Return the key the environment names: the file in RP_SECRET_KEY_FILE, or the base64 key
  /// in RP_SECRET_KEY.
  /// Errors: kInvalidArgument if neither or both are set (the message says how to make a key),
  /// and those of ReadFile() and FromBase64().
  static Result<SecretKey> FromEnvironment(const std::map<std::string, std::string>& environment);

  /// Write this key to a new file at `path` with mode 0600 and sync it. An existing file is
  /// never replaced. Errors: kAlreadyExists if `path` exists, kIoError otherwise (a partly
  /// written file is removed).
  Status WriteNewFile(const std::string& path) const;

  /// Return the key as standard base64 (44 characters), e.g. for RP_SECRET_KEY.
  SecretBytes ToBase64() const;

  /// Return the key's bytes.
  std::span<const unsigned char, kSecretKeyBytes> bytes() const {
    return std::span<const unsigned char, kSecretKeyBytes>(bytes_.data(), kSecretKeyBytes);
  }

 private:
  explicit SecretKey(SecretBytes bytes) : bytes_(std::move(bytes)) {}

  SecretBytes bytes_;  // exactly kSecretKeyBytes
};

}  // namespace retailpipe::secrets
