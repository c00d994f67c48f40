// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/secrets/secret_bytes.h"

namespace retailpipe::secrets {

/// The constants of the seeds' `encrypt_decrypt.py` (seeds 002/003, `resources/dev/config.py`:
/// `key`, `iv`, `salt`). Text as UTF-8.
struct LegacyParams {
  /// The PBKDF2 password. pycryptodome encoded it as Latin-1, so only characters up to U+00FF
  /// can occur.
  std::string key;
  /// The fixed AES-CBC IV: exactly 16 bytes in UTF-8.
  std::string iv;
  /// The PBKDF2 salt, used as its UTF-8 bytes.
  std::string salt;
};

/// Bytes of the AES-256 key DeriveLegacyKey() returns.
inline constexpr size_t kLegacyKeyBytes = 32;

/// Return the seeds' AES-256 key: the first 32 bytes of PBKDF2-HMAC-SHA1(password = `key` as
/// Latin-1, salt = `salt` as UTF-8, 1000 iterations, 64 bytes).
/// Errors: kInvalidArgument if `key` is not UTF-8 or has a character above U+00FF.
Result<SecretBytes> DeriveLegacyKey(std::string_view key, std::string_view salt);

/// Return the plaintext of a value the seeds' `encrypt()` wrote: base64 of AES-256-CBC with
/// the key of DeriveLegacyKey(), the fixed IV `params.iv` and PKCS#7 padding, holding UTF-8
/// text. This is for reading old configs only (import them with `retailpipe secrets
/// import-legacy`): the scheme has no integrity check and a constant IV.
/// Errors (kInvalidArgument; messages never contain the value): a bad key or IV, text that is
/// not base64, a length that is not a positive multiple of 16, bad padding or a plaintext that
/// is not UTF-8 (both usually mean a wrong key, IV or salt).
Result<SecretBytes> DecryptLegacy(std::string_view base64, const LegacyParams& params);

}  // namespace retailpipe::secrets
