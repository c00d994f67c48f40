// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/storage/s3_options.h"

#include <optional>
#include <string>

#include "retailpipe/aws/endpoint.h"

namespace retailpipe::storage {

namespace {

Result<S3Addressing> ResolveAddressing(const aws::EnvLookup& env, bool has_endpoint) {
  std::optional<std::string> style = env("RP_S3_ADDRESSING");
  if (!style) return has_endpoint ? S3Addressing::kPath : S3Addressing::kVirtualHosted;
  if (*style == "path") return S3Addressing::kPath;
  if (*style == "virtual") return S3Addressing::kVirtualHosted;
  return Status::InvalidArgument("RP_S3_ADDRESSING must be \"path\" or \"virtual\", not \"" +
                                 *style + "\"");
}

}  // namespace

Result<S3Options> ResolveS3Options(const aws::EnvLookup& env) {
  S3Options options;
  RP_ASSIGN_OR_RETURN(
      options.endpoint,
      aws::EndpointFromEnvironment(
          env, {"RP_S3_ENDPOINT", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"}, "S3"));
  RP_ASSIGN_OR_RETURN(options.addressing, ResolveAddressing(env, !options.endpoint.empty()));
  RP_ASSIGN_OR_RETURN(options.region, aws::ResolveRegion(env));
  RP_ASSIGN_OR_RETURN(options.credentials, aws::ResolveCredentials(env));
  return options;
}

}  // namespace retailpipe::storage
