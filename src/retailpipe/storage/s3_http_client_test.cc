// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/storage/s3_http_client.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "retailpipe/aws/fake_http_transport.h"

namespace retailpipe::storage {
namespace {

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

TEST(S3HttpClient, SendsSignedRequestsAndRetriesWithAFreshSink) {
  S3Options options = LocalOptions();
  options.retry.backoff_base = std::chrono::milliseconds(1);
  std::vector<aws::HttpRequest> sent;
  auto transport = std::make_unique<aws::FakeHttpTransport>(
      [&](const aws::HttpRequest& request) -> Result<aws::HttpResponse> {
        sent.push_back(request);
        if (sent.size() == 1) return Status::Unavailable("connection reset");
        if (request.sink) RP_RETURN_IF_ERROR(request.sink("chunk"));
        return aws::HttpResponse{200, {}, ""};
      });
  S3HttpClient client(options, std::move(transport));
  std::string received;
  int resets = 0;
  S3Request request;
  request.method = "PUT";
  request.bucket = "bucket";
  request.key = "dir/a b.csv";
  request.query = {{"partNumber", "1"}};
  request.body = "data";
  request.sink = [&](std::string_view chunk) {
    received += chunk;
    return Status::OK();
  };
  request.reset_sink = [&] {
    ++resets;
    received.clear();
    return Status::OK();
  };
  auto response = client.Send(request);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(resets, 2);
  EXPECT_EQ(received, "chunk");
  const aws::HttpRequest& put = sent.back();
  EXPECT_EQ(put.method, "PUT");
  EXPECT_EQ(put.url, "http://127.0.0.1:9/bucket/dir/a%20b.csv?partNumber=1");
  EXPECT_EQ(put.body, "data");
  EXPECT_EQ(aws::HeaderValue(put, "host"), "127.0.0.1:9");
  EXPECT_EQ(aws::HeaderValue(put, "x-amz-content-sha256"), aws::Sha256Hex("data"));
  EXPECT_EQ(aws::HeaderValue(put, "Content-Type"), "application/octet-stream");
  EXPECT_NE(aws::HeaderValue(put, "Authorization").find("/us-east-1/s3/aws4_request"),
            std::string::npos);
}

TEST(S3HttpClient, UnreachableEndpointNamesItAndTheScript) {
  S3Options options = LocalOptions();
  options.retry.max_attempts = 2;
  options.retry.backoff_base = std::chrono::milliseconds(1);
  int attempts = 0;
  S3HttpClient client(options, std::make_unique<aws::FakeHttpTransport>(
                                   [&](const aws::HttpRequest&) -> Result<aws::HttpResponse> {
                                     ++attempts;
                                     return Status::Unavailable("refused");
                                   }));
  S3Request request;
  request.bucket = "bucket";
  auto response = client.Send(request);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(response.status().message().find("scripts/s3_server.sh"), std::string::npos);
  EXPECT_EQ(attempts, 2);
}

}  // namespace
}  // namespace retailpipe::storage
