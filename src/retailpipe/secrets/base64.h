// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <span>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/secrets/secret_bytes.h"

namespace retailpipe::secrets {

/// Return `bytes` in standard base64 (RFC 4648 alphabet, '=' padding). The result is wiped
/// when it dies, since it may encode a key.
SecretBytes EncodeBase64(std::span<const unsigned char> bytes);

/// Decode standard base64 with '=' padding; spaces, tabs and line breaks anywhere are ignored.
/// Errors: kInvalidArgument "is not valid base64" (the text is never quoted; callers add
/// what it was).
Result<SecretBytes> DecodeBase64(std::string_view text);

}  // namespace retailpipe::secrets
