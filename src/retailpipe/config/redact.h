// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace retailpipe::config {

/// The text that replaces a secret wherever configuration is shown.
inline constexpr std::string_view kRedacted = "***";

/// Return `uri` with its secrets replaced by "***": the password in
/// `scheme://user:password@host/...`, and the value of any query parameter whose name
/// contains "password", "secret" or "token" (case-insensitive). Text that is not a URI,
/// or has no secret, is returned unchanged.
std::string RedactUri(std::string_view uri);

}  // namespace retailpipe::config
