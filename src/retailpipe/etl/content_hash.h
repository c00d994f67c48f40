// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "retailpipe/base/result.h"

namespace retailpipe::etl {

/// Return the XXH3-128 digest of the file's bytes as 32 lowercase hex digits. The ledger uses
/// it to recognise a file it has seen, whatever its name or store. Errors: kNotFound, kIoError.
Result<std::string> HashFile(const std::string& path);

/// Return the XXH3-64 digest of `text` as 16 lowercase hex digits.
std::string HashText(std::string_view text);

}  // namespace retailpipe::etl
