// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"

namespace retailpipe::aws {

/// An AWS identity. The secret and the token are never logged or put in a message.
struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  /// Set for temporary credentials; sent as x-amz-security-token.
  std::string session_token;
};

/// Return the value of an environment variable, or nullopt if it is unset or empty.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

/// Return an EnvLookup over the process environment.
EnvLookup ProcessEnvironment();

/// The region every client uses when nothing names one.
inline constexpr std::string_view kDefaultRegion = "us-east-1";

/// Resolve credentials the way the AWS CLI does (without SSO or instance roles):
/// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, else the profile
/// (AWS_PROFILE or "default") in the shared credentials file (AWS_SHARED_CREDENTIALS_FILE or
/// $HOME/.aws/credentials), else in the config file (AWS_CONFIG_FILE or $HOME/.aws/config,
/// section "[profile NAME]" or "[default]").
/// Errors: kInvalidArgument if none is found (the message names the profile and the files,
/// never a secret); kIoError if a file exists but cannot be read.
Result<AwsCredentials> ResolveCredentials(const EnvLookup& env);

/// Resolve the region: AWS_REGION, else AWS_DEFAULT_REGION, else the profile's `region` in
/// the config file, else kDefaultRegion. Errors: kIoError if the config file exists but
/// cannot be read.
Result<std::string> ResolveRegion(const EnvLookup& env);

}  // namespace retailpipe::aws
