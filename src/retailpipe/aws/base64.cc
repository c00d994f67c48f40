// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/aws/base64.h"

#include <sodium.h>

namespace retailpipe::aws {

namespace {
constexpr int kVariant = sodium_base64_VARIANT_ORIGINAL;
}  // namespace

std::string EncodeBase64(std::string_view bytes) {
  // sodium_base64_ENCODED_LEN counts the terminating NUL that sodium_bin2base64 writes.
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kVariant);
  out.pop_back();
  return out;
}

Result<std::string> DecodeBase64(std::string_view text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &length, &end, kVariant) != 0 ||
      end != text.data() + text.size()) {
    return Status::DataError("is not valid base64");
  }
  out.resize(length);
  return out;
}

}  // namespace retailpipe::aws
