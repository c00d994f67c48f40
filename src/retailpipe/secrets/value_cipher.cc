// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/secrets/value_cipher.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include <sodium.h>

#include "retailpipe/secrets/base64.h"
#include "retailpipe/secrets/sodium_internal.h"

namespace retailpipe::secrets {
namespace {

constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::string_view kAssociatedDataPrefix = "retailpipe enc:v1 ";

std::string AssociatedData(std::string_view field) {
  return std::string(kAssociatedDataPrefix) + std::string(field);
}

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

// Return the "enc:vN" of an encrypted value, for messages.
std::string_view VersionOf(std::string_view text) { return text.substr(0, text.find(':', 4)); }

}  // namespace

bool IsEncryptedValue(std::string_view text) {
  if (!text.starts_with("enc:v")) return false;
  text.remove_prefix(5);
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  return digits > 0 && digits < text.size() && text[digits] == ':';
}

std::string ValueCipher::Encrypt(std::string_view plaintext, std::string_view field) const {
  internal::InitSodium();
  std::string associated = AssociatedData(field);
  SecretBytes sealed(kNonceBytes + plaintext.size() + kTagBytes);
  unsigned char* nonce = sealed.data();
  randombytes_buf(nonce, kNonceBytes);
  unsigned long long sealed_length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      sealed.data() + kNonceBytes, &sealed_length, Bytes(plaintext), plaintext.size(),
      Bytes(associated), associated.size(), nullptr, nonce, key_.bytes().data());
  RP_CHECK(sealed_length == plaintext.size() + kTagBytes);
  return std::string(kEncryptedPrefix) + std::string(EncodeBase64(sealed.span()).view());
}

Result<SecretBytes> ValueCipher::Decrypt(std::string_view text, std::string_view field) const {
  if (!IsEncryptedValue(text)) {
    return Status::InvalidArgument("not an encrypted value: it must start with " +
                                   std::string(kEncryptedPrefix));
  }
  if (!text.starts_with(kEncryptedPrefix)) {
    return Status::InvalidArgument("the value is encrypted in format " +
                                   std::string(VersionOf(text)) +
                                   ", which this build cannot read (it reads " +
                                   std::string(kEncryptedPrefix.substr(0, 6)) + ")");
  }
  Result<SecretBytes> sealed = DecodeBase64(text.substr(kEncryptedPrefix.size()));
  if (!sealed.ok()) {
    return Status::InvalidArgument("the encrypted value is damaged: the text after " +
                                   std::string(kEncryptedPrefix) + " is not valid base64");
  }
  if (sealed->size() < kNonceBytes + kTagBytes) {
    return Status::InvalidArgument(
        "the encrypted value is truncated: " + std::to_string(sealed->size()) +
        " bytes, at least " + std::to_string(kNonceBytes + kTagBytes) + " expected");
  }
  internal::InitSodium();
  std::string associated = AssociatedData(field);
  SecretBytes plaintext(sealed->size() - kNonceBytes - kTagBytes);
  unsigned long long plaintext_length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          plaintext.data(), &plaintext_length, nullptr, sealed->data() + kNonceBytes,
          sealed->size() - kNonceBytes, Bytes(associated), associated.size(), sealed->data(),
          key_.bytes().data()) != 0) {
    return Status::InvalidArgument(
        "the encrypted value does not decrypt with this secret key: the key is wrong, the "
        "value was encrypted for another config key than '" +
        std::string(field) + "', or it was altered");
  }
  RP_CHECK(plaintext_length == plaintext.size());
  return plaintext;
}

}  // namespace retailpipe::secrets
