// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "retailpipe/base/result.h"
#include "retailpipe/storage/s3_http_client.h"
#include "retailpipe/storage/s3_object_store.h"
#include "retailpipe/storage/s3_options.h"

namespace retailpipe::storage::testing {

/// Where the integration tests' server is, from RP_TEST_S3_URI and RP_TEST_S3_ENDPOINT.
struct S3TestEnv {
  std::string bucket;
  std::string prefix;  ///< "" or ending in '/'.
  S3Options options;
};

/// Return the test server's settings, or nullopt when RP_TEST_S3_URI is unset (tests skip).
/// Errors: those of ResolveS3Options, kInvalidArgument for a malformed RP_TEST_S3_URI.
Result<std::optional<S3TestEnv>> LoadS3TestEnv();

/// Return a fresh, unique "s3://bucket/prefix/run-..." root for one test.
std::string UniqueRoot(const S3TestEnv& env);

/// Return "" if the server has the semantics the S3 store relies on, else a message saying
/// which are missing: put-if-absent (If-None-Match: * -> 412, object unchanged) and
/// ListObjectsV2 paging with continuation tokens. Computed once per process.
std::string CanaryProblems(const S3TestEnv& env);

}  // namespace retailpipe::storage::testing
