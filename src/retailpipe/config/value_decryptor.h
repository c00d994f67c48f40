// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/config/key_table.h"
#include "retailpipe/secrets/secret_bytes.h"
#include "retailpipe/secrets/value_cipher.h"

namespace retailpipe::config {

/// Decrypts the "enc:v1:..." values of settings for LoadConfig(). The secret key is loaded
/// from the environment (RP_SECRET_KEY_FILE or RP_SECRET_KEY) when the first encrypted value
/// is met, so a config without encrypted values needs no key. Keeps the plaintexts (wiped on
/// destruction) so that error messages can be scrubbed of them. One per LoadConfig() call;
/// not thread-safe.
class ValueDecryptor {
 public:
  /// `environment` must outlive this object.
  explicit ValueDecryptor(const std::map<std::string, std::string>& environment)
      : environment_(environment) {}

  /// Return true if `value` (a scalar, or any item of a list) is written encrypted.
  static bool IsEncrypted(const RawValue& value);

  /// Replace every encrypted text in `value` (a scalar, or items of a list) by its plaintext,
  /// decrypted for the config key `key`.
  /// Errors (kInvalidArgument; the message names neither the value nor the plaintext; the
  /// caller adds the key and where the value came from): no key or a bad key, an encrypted
  /// value that does not decrypt for `key`.
  Status Decrypt(std::string_view key, RawValue& value);

  /// Return `status` with every plaintext decrypted so far replaced by "***" in its message.
  Status Scrub(const Status& status) const;

 private:
  Result<std::string> DecryptText(std::string_view key, std::string_view text);

  const std::map<std::string, std::string>& environment_;
  std::optional<secrets::ValueCipher> cipher_;
  std::vector<secrets::SecretBytes> plaintexts_;
};

}  // namespace retailpipe::config
