// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "retailpipe/aws/credentials.h"
#include "retailpipe/base/result.h"

namespace retailpipe::aws {

/// Return `url` ("http://127.0.0.1:19010/") without its trailing slashes.
/// Errors: kInvalidArgument "the <what> endpoint "X" must start with http:// or https://".
Result<std::string> NormalizeEndpoint(std::string_view url, std::string_view what);

/// Return the first of `variables` that is set, normalised (NormalizeEndpoint), or "" if none
/// is: e.g. {"AWS_ENDPOINT_URL_KINESIS", "AWS_ENDPOINT_URL"}. Errors: as NormalizeEndpoint.
Result<std::string> EndpointFromEnvironment(const EnvLookup& env,
                                            std::initializer_list<std::string_view> variables,
                                            std::string_view what);

/// Return the authority ("host:port") of `url` ("http://host:port/...").
std::string HostOf(std::string_view url);

}  // namespace retailpipe::aws
