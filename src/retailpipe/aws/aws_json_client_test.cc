// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/aws/aws_json_client.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "retailpipe/aws/fake_http_transport.h"

namespace retailpipe::aws {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Signatures computed by botocore's SigV4Auth (an independent implementation) for the same
// requests at the same time.
constexpr std::string_view kBotocoreDate = "20261123T142115Z";

AwsClientOptions SuiteOptions(std::string endpoint, std::string region, std::string token) {
  AwsClientOptions options;
  options.endpoint = std::move(endpoint);
  options.region = std::move(region);
  options.credentials = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                         std::move(token)};
  options.retry.backoff_base = std::chrono::milliseconds(1);
  options.retry.backoff_cap = std::chrono::milliseconds(2);
  return options;
}

std::unique_ptr<HttpTransport> Unused() {
  return std::make_unique<FakeHttpTransport>(
      [](const HttpRequest&) -> Result<HttpResponse> { return Status::Internal("unused"); });
}

TEST(AwsJsonClient, KinesisRequestMatchesBotocore) {
  AwsJsonClient client(AwsJsonService::Kinesis(), SuiteOptions("", "eu-west-1", ""), Unused());
  EXPECT_EQ(client.endpoint(), "https://kinesis.eu-west-1.amazonaws.com");
  const std::string body = R"({"StreamName":"orders","Limit":10})";
  HttpRequest request = client.BuildRequest("ListShards", body, kBotocoreDate);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "https://kinesis.eu-west-1.amazonaws.com/");
  EXPECT_EQ(request.body, body);
  EXPECT_EQ(HeaderValue(request, "X-Amz-Target"), "Kinesis_20131202.ListShards");
  EXPECT_EQ(HeaderValue(request, "Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(HeaderValue(request, "Host"), "kinesis.eu-west-1.amazonaws.com");
  EXPECT_EQ(HeaderValue(request, "X-Amz-Content-Sha256"), "");
  EXPECT_EQ(HeaderValue(request, "Authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/eu-west-1/kinesis/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
            "Signature=e4914ef215bade88a32026dc6d532435c8255e05c9f773f775d7f0b6367ed1f9");
}

TEST(AwsJsonClient, DynamoDbRequestWithSessionTokenMatchesBotocore) {
  AwsJsonClient client(AwsJsonService::DynamoDb(),
                       SuiteOptions("http://127.0.0.1:19010", "us-east-1", "SESSIONTOKEN"),
                       Unused());
  HttpRequest request = client.BuildRequest("ListTables", "{}", kBotocoreDate);
  EXPECT_EQ(request.url, "http://127.0.0.1:19010/");
  EXPECT_EQ(HeaderValue(request, "Content-Type"), "application/x-amz-json-1.0");
  EXPECT_EQ(HeaderValue(request, "X-Amz-Target"), "DynamoDB_20120810.ListTables");
  EXPECT_EQ(HeaderValue(request, "X-Amz-Security-Token"), "SESSIONTOKEN");
  EXPECT_EQ(HeaderValue(request, "Authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/us-east-1/dynamodb/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, "
            "Signature=a6b0300ed4fe86ff549c5728828e719446bae48b3488c719629f3d5e419f7ff1");
}

HttpResponse Answer(long status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

/// A client whose transport answers with `answers` in turn and counts the attempts.
struct Scripted {
  explicit Scripted(std::vector<Result<HttpResponse>> answers_in, int max_attempts = 5)
      : answers(std::move(answers_in)) {
    AwsClientOptions options = SuiteOptions("http://127.0.0.1:19010", "us-east-1", "");
    options.retry.max_attempts = max_attempts;
    client = std::make_unique<AwsJsonClient>(
        AwsJsonService::Kinesis(), options,
        std::make_unique<FakeHttpTransport>([this](const HttpRequest&) -> Result<HttpResponse> {
          size_t at = std::min(static_cast<size_t>(attempts), answers.size() - 1);
          ++attempts;
          return answers[at];
        }));
  }
  std::vector<Result<HttpResponse>> answers;
  int attempts = 0;
  std::unique_ptr<AwsJsonClient> client;
};

TEST(AwsJsonClient, RetriesServerErrorsAndThrottling) {
  Scripted scripted({Answer(500, ""),
                     Answer(400, R"({"__type":"ProvisionedThroughputExceededException",)"
                                 R"("message":"Rate exceeded for shard"})"),
                     Status::Unavailable("connection refused"), Answer(200, R"({"ok":1})")});
  auto body = scripted.client->Call("GetRecords", "{}");
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(*body, R"({"ok":1})");
  EXPECT_EQ(scripted.attempts, 4);
}

TEST(AwsJsonClient, GivesUpAfterMaxAttempts) {
  Scripted scripted({Answer(400, R"({"__type":"com.amazonaws#ThrottlingException"})")}, 3);
  auto body = scripted.client->Call("ListShards", "{}");
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(body.status().message(), HasSubstr("ThrottlingException"));
  EXPECT_EQ(scripted.attempts, 3);
}

TEST(AwsJsonClient, MapsErrorsWithTypeAndMessage) {
  Scripted scripted({Answer(400, R"({"__type":"ResourceNotFoundException",)"
                                 R"("message":"Stream orders under account 1 not found."})")});
  auto body = scripted.client->Call("PutRecords", "{}");
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(scripted.attempts, 1) << "a 4xx that is not throttling is not retried";
  EXPECT_EQ(body.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(body.status().message(),
            "Kinesis PutRecords at http://127.0.0.1:19010 failed with ResourceNotFoundException: "
            "Stream orders under account 1 not found. (HTTP 400)");
}

TEST(AwsJsonClient, SendReturnsTheErrorReply) {
  Scripted scripted({Answer(400, R"({"__type":"ExpiredIteratorException","message":"old"})")});
  auto reply = scripted.client->Send("GetRecords", "{}");
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_FALSE(reply->ok());
  EXPECT_EQ(reply->error.type, "ExpiredIteratorException");
  EXPECT_EQ(reply->error.message, "old");
}

TEST(AwsJsonClient, UnreachableEndpointIsUnavailableAndNamesIt) {
  Scripted scripted({Status::Unavailable("POST http://127.0.0.1:19010/: Couldn't connect")}, 2);
  auto body = scripted.client->Call("ListShards", "{}");
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(body.status().message(), HasSubstr("http://127.0.0.1:19010"));
  EXPECT_THAT(body.status().message(), HasSubstr("scripts/aws_emulator.sh"));
  EXPECT_THAT(body.status().message(), Not(HasSubstr("wJalrXUtnFEMI")));
  EXPECT_EQ(scripted.attempts, 2);
}

TEST(ParseAwsError, ReadsTypeFromBodyOrHeader) {
  AwsError error = ParseAwsError(
      R"({"__type":"com.amazon.coral.validate#ValidationException","Message":"bad"})", {});
  EXPECT_EQ(error.type, "ValidationException");
  EXPECT_EQ(error.message, "bad");
  error = ParseAwsError("<html>busy</html>",
                        {{"x-amzn-errortype", "ServiceUnavailableException:http://internal/"}});
  EXPECT_EQ(error.type, "ServiceUnavailableException");
  EXPECT_EQ(error.message, "<html>busy</html>");
}

TEST(AwsErrorStatus, MapsTypesToCodes) {
  auto code = [](long http, std::string type) {
    return AwsErrorStatus(http, {std::move(type), "m"}, "call").code();
  };
  EXPECT_EQ(code(400, "ResourceNotFoundException"), StatusCode::kNotFound);
  EXPECT_EQ(code(400, "ValidationException"), StatusCode::kInvalidArgument);
  EXPECT_EQ(code(400, "UnrecognizedClientException"), StatusCode::kInvalidArgument);
  EXPECT_EQ(code(403, ""), StatusCode::kInvalidArgument);
  EXPECT_EQ(code(400, "ConditionalCheckFailedException"), StatusCode::kFailedPrecondition);
  EXPECT_EQ(code(400, "ExpiredIteratorException"), StatusCode::kFailedPrecondition);
  EXPECT_EQ(code(400, "LimitExceededException"), StatusCode::kUnavailable);
  EXPECT_EQ(code(503, ""), StatusCode::kUnavailable);
  EXPECT_EQ(code(400, "SomethingNew"), StatusCode::kIoError);
  EXPECT_THAT(AwsErrorStatus(403, {"AccessDeniedException", ""}, "call").message(),
              HasSubstr("check credentials"));
}

TEST(IsRetryableAwsError, RetriesServerErrorsAndThrottlingOnly) {
  EXPECT_TRUE(IsRetryableAwsError(500, ""));
  EXPECT_TRUE(IsRetryableAwsError(429, ""));
  EXPECT_TRUE(IsRetryableAwsError(400, "ProvisionedThroughputExceededException"));
  EXPECT_TRUE(IsRetryableAwsError(400, "ThrottlingException"));
  EXPECT_FALSE(IsRetryableAwsError(400, "ValidationException"));
  EXPECT_FALSE(IsRetryableAwsError(400, "ResourceNotFoundException"));
  EXPECT_FALSE(IsRetryableAwsError(200, ""));
}

}  // namespace
}  // namespace retailpipe::aws
