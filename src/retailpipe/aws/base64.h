// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "retailpipe/base/result.h"

namespace retailpipe::aws {

/// Return `bytes` in standard base64 (RFC 4648 alphabet, '=' padding): how the AWS JSON
/// protocol carries blobs (a Kinesis record's Data, a DynamoDB B attribute).
std::string EncodeBase64(std::string_view bytes);

/// Decode standard base64 with '=' padding. Errors: kDataError "is not valid base64" (the text
/// is never quoted; callers add what it was).
Result<std::string> DecodeBase64(std::string_view text);

}  // namespace retailpipe::aws
