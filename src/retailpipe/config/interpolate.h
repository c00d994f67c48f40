// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"

namespace retailpipe::config {

/// Return `text` with `${VAR}` replaced by the value of VAR in `environment`, `${VAR:-dflt}`
/// by VAR's value or, when VAR is unset or empty, by `dflt` (taken literally), and `$$` by
/// a single `$`. Any other `$` is kept as it is.
/// Errors: kInvalidArgument for an unset ${VAR} without a default (the message names VAR),
/// an unterminated `${`, or an empty or malformed variable name.
Result<std::string> Interpolate(std::string_view text,
                                const std::map<std::string, std::string>& environment);

/// Return `text` with every `$` doubled, so that Interpolate() gives back `text`.
std::string EscapeForInterpolation(std::string_view text);

}  // namespace retailpipe::config
