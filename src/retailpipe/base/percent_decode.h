// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace retailpipe {

/// Set `out` to `s` with its %XX sequences decoded (RFC 3986; '+' is left as is). Return false
/// on a malformed sequence ('%' not followed by two hex digits); `out` is then unspecified.
/// Used for the user, password, path and query parts of service URIs.
bool PercentDecode(std::string_view s, std::string& out);

}  // namespace retailpipe
