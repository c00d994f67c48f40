// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/secrets/secret_bytes.h"
#include "retailpipe/secrets/secret_key.h"

namespace retailpipe::secrets {

/// What every value ValueCipher writes starts with.
inline constexpr std::string_view kEncryptedPrefix = "enc:v1:";

/// Return true if `text` is written as an encrypted value of any version: "enc:v<digits>:".
/// Such text is never taken as plain text, so a value of an unknown version is an error, not
/// a password that happens to start with "enc:".
bool IsEncryptedValue(std::string_view text);

/// Encrypts and decrypts configuration values with a SecretKey: XChaCha20-Poly1305 (libsodium's
/// crypto_aead_xchacha20poly1305_ietf) with a fresh random 24-byte nonce per value, and the
/// config key the value is for ("warehouse.uri") as associated data, so a value decrypts only
/// for that key and any change to it is detected.
///
/// Text form: "enc:v1:" + standard base64 (with '=' padding) of nonce || ciphertext || 16-byte
/// tag. The associated data is "retailpipe enc:v1 " + the config key.
///
/// Owns its key. Encrypt() and Decrypt() are const and keep no state: safe to call from several
/// threads at once.
class ValueCipher {
 public:
  explicit ValueCipher(SecretKey key) : key_(std::move(key)) {}

  /// Return `plaintext` encrypted for the config key `field`, as "enc:v1:...". Two calls never
  /// give the same text.
  std::string Encrypt(std::string_view plaintext, std::string_view field) const;

  /// Return the plaintext of `text` ("enc:v1:..."; spaces and line breaks in the base64 are
  /// ignored), which must have been encrypted for `field` with this cipher's key.
  /// Errors (kInvalidArgument; messages never contain the text or the plaintext): not an
  /// encrypted value, an unknown version, invalid base64, too short, or authentication failed
  /// (a wrong key, a value encrypted for another config key, or a changed value).
  Result<SecretBytes> Decrypt(std::string_view text, std::string_view field) const;

 private:
  SecretKey key_;
};

}  // namespace retailpipe::secrets
