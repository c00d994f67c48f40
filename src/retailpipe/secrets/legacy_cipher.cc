// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/secrets/legacy_cipher.h"

#include <array>
#include <climits>
#include <memory>
#include <optional>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "retailpipe/secrets/base64.h"

namespace retailpipe::secrets {
namespace {

// The seed's constants: PBKDF2(key, salt, dkLen=64, count=1000), AES key = first 32 bytes.
constexpr int kIterations = 1000;
constexpr size_t kDerivedBytes = 64;
constexpr size_t kBlockBytes = 16;

struct CipherContextFree {
  void operator()(EVP_CIPHER_CTX* context) const { EVP_CIPHER_CTX_free(context); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree>;

// Decode one UTF-8 sequence at the front of `text` and drop it; nullopt if malformed
// (overlong forms, surrogates and values above U+10FFFF included).
std::optional<char32_t> NextCodePoint(std::string_view& text) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(0);
  size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : 4;
  if ((lead >> 3) == 0x1F || (lead >= 0x80 && lead < 0xC0) || text.size() < length) {
    return std::nullopt;
  }
  char32_t code = length == 1 ? lead : lead & (0x7F >> length);
  for (size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return std::nullopt;
    code = (code << 6) | (byte(i) & 0x3F);
  }
  // The smallest code point each length may encode; anything less is an overlong form.
  constexpr std::array<char32_t, 5> kSmallest = {0, 0, 0x80, 0x800, 0x10000};
  if (code < kSmallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
    return std::nullopt;
  }
  text.remove_prefix(length);
  return code;
}

bool IsUtf8(std::string_view text) {
  while (!text.empty()) {
    if (!NextCodePoint(text)) return false;
  }
  return true;
}

// Return `text` (UTF-8) as Latin-1 bytes, as pycryptodome's tobytes() makes a str password.
Result<SecretBytes> ToLatin1(std::string_view text) {
  SecretBytes out(text.size());
  size_t used = 0;
  while (!text.empty()) {
    std::optional<char32_t> code = NextCodePoint(text);
    if (!code) return Status::InvalidArgument("the legacy key is not valid UTF-8");
    if (*code > 0xFF) {
      return Status::InvalidArgument(
          "the legacy key has a character above U+00FF; the seed could not have used it "
          "(pycryptodome encodes the password as Latin-1)");
    }
    out.data()[used++] = static_cast<unsigned char>(*code);
  }
  out.Truncate(used);
  return out;
}

Status CipherFailure(std::string message) {
  ERR_clear_error();
  return Status::InvalidArgument(std::move(message));
}

// AES-256-CBC decryption with PKCS#7 padding checked by OpenSSL. The seed's unpad() did not
// check the padding, but every value its pad() could encrypt has valid PKCS#7 padding (see
// seeds.md 2.2), so the check only rejects wrong keys earlier.
Result<SecretBytes> DecryptCbc(const SecretBytes& ciphertext, const SecretBytes& key,
                               std::string_view iv) {
  CipherContext context(EVP_CIPHER_CTX_new());
  if (context == nullptr) return Status::Internal("EVP_CIPHER_CTX_new failed");
  if (EVP_DecryptInit_ex(context.get(), EVP_aes_256_cbc(), nullptr, key.data(),
                         reinterpret_cast<const unsigned char*>(iv.data())) != 1) {
    return CipherFailure("cannot start AES-256-CBC decryption");
  }
  SecretBytes plaintext(ciphertext.size() + kBlockBytes);
  int update_length = 0;
  int final_length = 0;
  if (EVP_DecryptUpdate(context.get(), plaintext.data(), &update_length, ciphertext.data(),
                        static_cast<int>(ciphertext.size())) != 1 ||
      EVP_DecryptFinal_ex(context.get(), plaintext.data() + update_length, &final_length) != 1) {
    return CipherFailure(
        "the legacy value does not decrypt: its padding is wrong, so the key, IV or salt "
        "does not match the ones it was encrypted with");
  }
  plaintext.Truncate(static_cast<size_t>(update_length) + static_cast<size_t>(final_length));
  return plaintext;
}

}  // namespace

Result<SecretBytes> DeriveLegacyKey(std::string_view key, std::string_view salt) {
  RP_ASSIGN_OR_RETURN(SecretBytes password, ToLatin1(key));
  if (password.size() > INT_MAX || salt.size() > INT_MAX) {
    return Status::InvalidArgument("the legacy key or salt is too long");
  }
  SecretBytes derived(kDerivedBytes);
  if (PKCS5_PBKDF2_HMAC_SHA1(
          reinterpret_cast<const char*>(password.data()), static_cast<int>(password.size()),
          reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
          kIterations, static_cast<int>(derived.size()), derived.data()) != 1) {
    ERR_clear_error();
    return Status::Internal("PKCS5_PBKDF2_HMAC_SHA1 failed");
  }
  derived.Truncate(kLegacyKeyBytes);
  return derived;
}

Result<SecretBytes> DecryptLegacy(std::string_view base64, const LegacyParams& params) {
  if (params.key.empty() || params.salt.empty()) {
    return Status::InvalidArgument("the legacy key and salt must not be empty");
  }
  if (params.iv.size() != kBlockBytes) {
    return Status::InvalidArgument("the legacy IV must be exactly 16 bytes, got " +
                                   std::to_string(params.iv.size()));
  }
  Result<SecretBytes> ciphertext = DecodeBase64(base64);
  if (!ciphertext.ok()) return Status::InvalidArgument("the legacy value is not valid base64");
  if (ciphertext->empty() || ciphertext->size() % kBlockBytes != 0 ||
      ciphertext->size() > INT_MAX - kBlockBytes) {
    return Status::InvalidArgument("the legacy value is " + std::to_string(ciphertext->size()) +
                                   " bytes after base64 decoding; AES-CBC needs a positive "
                                   "multiple of 16 (is it truncated?)");
  }
  RP_ASSIGN_OR_RETURN(SecretBytes key, DeriveLegacyKey(params.key, params.salt));
  RP_ASSIGN_OR_RETURN(SecretBytes plaintext, DecryptCbc(*ciphertext, key, params.iv));
  if (!IsUtf8(plaintext.view())) {
    return Status::InvalidArgument(
        "the legacy value decrypts to bytes that are not UTF-8 text, so the key, IV or salt "
        "does not match the ones it was encrypted with");
  }
  return plaintext;
}

}  // namespace retailpipe::secrets
