// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/secrets/base64.h"

#include <sodium.h>

#include "retailpipe/secrets/sodium_internal.h"

namespace retailpipe::secrets {

namespace {

constexpr int kVariant = sodium_base64_VARIANT_ORIGINAL;
constexpr const char* kIgnoredCharacters = " \t\r\n";

}  // namespace

SecretBytes EncodeBase64(std::span<const unsigned char> bytes) {
  internal::InitSodium();
  // The encoded length includes the terminating NUL.
  SecretBytes text(sodium_base64_ENCODED_LEN(bytes.size(), kVariant));
  sodium_bin2base64(reinterpret_cast<char*>(text.data()), text.size(), bytes.data(), bytes.size(),
                    kVariant);
  text.Truncate(text.size() - 1);
  return text;
}

Result<SecretBytes> DecodeBase64(std::string_view text) {
  internal::InitSodium();
  SecretBytes bytes(text.size() / 4 * 3 + 3);
  size_t length = 0;
  if (sodium_base642bin(bytes.data(), bytes.size(), text.data(), text.size(), kIgnoredCharacters,
                        &length, nullptr, kVariant) != 0) {
    return Status::InvalidArgument("is not valid base64");
  }
  bytes.Truncate(length);
  return bytes;
}

}  // namespace retailpipe::secrets
