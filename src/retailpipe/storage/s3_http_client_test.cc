// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/storage/s3_http_client.h"

#include <chrono>
#include <string>

#include <gtest/gtest.h>

namespace retailpipe::storage {
namespace {

using std::chrono::milliseconds;

TEST(BackoffDelay, GrowsExponentiallyUpToTheCap) {
  const milliseconds base(100);
  const milliseconds cap(5000);
  EXPECT_EQ(BackoffDelay(1, base, cap, 0.999999), milliseconds(99));
  EXPECT_EQ(BackoffDelay(2, base, cap, 0.5), milliseconds(100));
  EXPECT_EQ(BackoffDelay(4, base, cap, 0.5), milliseconds(400));
  EXPECT_EQ(BackoffDelay(7, base, cap, 0.5), milliseconds(2500));
  EXPECT_EQ(BackoffDelay(60, base, cap, 0.5), milliseconds(2500));
  EXPECT_EQ(BackoffDelay(3, base, cap, 0.0), milliseconds(0)) << "full jitter reaches zero";
}

TEST(IsRetryableHttp, RetriesServerErrorsAndThrottlingOnly) {
  EXPECT_TRUE(IsRetryableHttp(500, ""));
  EXPECT_TRUE(IsRetryableHttp(503, "<Error><Code>SlowDown</Code></Error>"));
  EXPECT_TRUE(IsRetryableHttp(429, ""));
  EXPECT_TRUE(IsRetryableHttp(400, "<Error><Code>RequestTimeout</Code></Error>"));
  EXPECT_TRUE(IsRetryableHttp(400, "<Error><Code>Throttling</Code></Error>"));
  EXPECT_FALSE(IsRetryableHttp(200, ""));
  EXPECT_FALSE(IsRetryableHttp(404, "<Error><Code>NoSuchKey</Code></Error>"));
  EXPECT_FALSE(IsRetryableHttp(403, ""));
  EXPECT_FALSE(IsRetryableHttp(412, ""));
  EXPECT_FALSE(IsRetryableHttp(400, "<Error><Code>InvalidArgument</Code></Error>"));
}

S3Options LocalOptions() {
  S3Options options;
  options.endpoint = "http://127.0.0.1:9";
  options.addressing = S3Addressing::kPath;
  options.credentials = {"id", "secret", ""};
  return options;
}

TEST(S3HttpClient, EndpointFollowsAddressing) {
  S3HttpClient path_style(LocalOptions());
  EXPECT_EQ(path_style.EndpointFor("bucket"), "http://127.0.0.1:9");
  S3Options aws;
  aws.region = "eu-west-1";
  EXPECT_EQ(S3HttpClient(aws).EndpointFor("bucket"), "https://bucket.s3.eu-west-1.amazonaws.com");
  S3Options virtual_endpoint = LocalOptions();
  virtual_endpoint.addressing = S3Addressing::kVirtualHosted;
  EXPECT_EQ(S3HttpClient(virtual_endpoint).EndpointFor("b"), "http://b.127.0.0.1:9");
}

}  // namespace
}  // namespace retailpipe::storage
