// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/storage/s3_error_status.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace retailpipe::storage {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const S3Target kTarget{"s3://b/p/k", "b", "http://127.0.0.1:19000"};

S3Response Answer(long status, std::string code = "", std::string message = "") {
  S3Response response;
  response.status = status;
  if (!code.empty()) {
    response.body = "<Error><Code>" + code + "</Code><Message>" + message +
                    "</Message><AWSAccessKeyId>AKIDSECRETISH</AWSAccessKeyId></Error>";
  }
  return response;
}

TEST(S3ErrorStatus, MissingKeyIsNotFound) {
  Status status = S3ErrorStatus(Answer(404, "NoSuchKey"), kTarget);
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_THAT(status.message(), HasSubstr("s3://b/p/k"));
  EXPECT_EQ(S3ErrorStatus(Answer(404), kTarget).code(), StatusCode::kNotFound);
}

TEST(S3ErrorStatus, MissingBucketNamesBucketAndEndpoint) {
  Status status = S3ErrorStatus(Answer(404, "NoSuchBucket"), kTarget);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "bucket b does not exist at http://127.0.0.1:19000");
}

TEST(S3ErrorStatus, AccessDeniedSuggestsCredentialsWithoutLeakingThem) {
  Status status = S3ErrorStatus(Answer(403, "SignatureDoesNotMatch", "sig mismatch"), kTarget);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("access denied to s3://b/p/k (check credentials)"));
  EXPECT_THAT(status.message(), HasSubstr("SignatureDoesNotMatch"));
  EXPECT_THAT(status.message(), Not(HasSubstr("AKIDSECRETISH")));
}

TEST(S3ErrorStatus, PreconditionFailedIsAlreadyExists) {
  EXPECT_EQ(S3ErrorStatus(Answer(412, "PreconditionFailed"), kTarget).code(),
            StatusCode::kAlreadyExists);
}

TEST(S3ErrorStatus, ServerErrorsAndThrottlingAreUnavailable) {
  EXPECT_EQ(S3ErrorStatus(Answer(503, "SlowDown"), kTarget).code(), StatusCode::kUnavailable);
  EXPECT_EQ(S3ErrorStatus(Answer(500), kTarget).code(), StatusCode::kUnavailable);
  EXPECT_EQ(S3ErrorStatus(Answer(429), kTarget).code(), StatusCode::kUnavailable);
  EXPECT_EQ(S3ErrorStatus(Answer(400, "RequestTimeout"), kTarget).code(), StatusCode::kUnavailable);
}

TEST(S3ErrorStatus, OtherClientErrors) {
  EXPECT_EQ(S3ErrorStatus(Answer(416, "InvalidRange"), kTarget).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(S3ErrorStatus(Answer(400, "InvalidArgument"), kTarget).code(),
            StatusCode::kInvalidArgument);
  Status status = S3ErrorStatus(Answer(409, "OperationAborted", "try later"), kTarget);
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_THAT(status.message(), HasSubstr("HTTP 409 for s3://b/p/k (OperationAborted: try later)"));
}

}  // namespace
}  // namespace retailpipe::storage
