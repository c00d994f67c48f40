// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/kinesis_options.h"

#include <map>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "retailpipe/stream/stream.h"

namespace retailpipe::stream {
namespace {

using ::testing::HasSubstr;

aws::EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

const std::map<std::string, std::string> kKeys = {
    {"AWS_ACCESS_KEY_ID", "id"}, {"AWS_SECRET_ACCESS_KEY", "secret"}, {"HOME", "/nonexistent"}};

TEST(KinesisOptions, ParsesEveryOption) {
  auto options = KinesisOptions::FromUri(
      "kinesis://?region=eu-west-1&endpoint=http%3A%2F%2F127.0.0.1%3A19010%2F&checkpoint=dir&"
      "checkpoint_dir=/var/lib/rp/kinesis&delivery_timeout=30s&read_interval=250ms&"
      "idle_interval=2s&records_per_read=500",
      Env(kKeys));
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->client.region, "eu-west-1");
  EXPECT_EQ(options->client.endpoint, "http://127.0.0.1:19010");
  EXPECT_EQ(options->client.credentials.access_key_id, "id");
  EXPECT_EQ(options->checkpoint_dir, "/var/lib/rp/kinesis");
  EXPECT_EQ(options->delivery_timeout, std::chrono::seconds(30));
  EXPECT_EQ(options->read_interval, std::chrono::milliseconds(250));
  EXPECT_EQ(options->idle_interval, std::chrono::seconds(2));
  EXPECT_EQ(options->records_per_read, 500);
  EXPECT_EQ(options->ToUri(),
            "kinesis://?region=eu-west-1&endpoint=http://127.0.0.1:19010&checkpoint=dir&"
            "checkpoint_dir=/var/lib/rp/kinesis&delivery_timeout=30s&read_interval=250ms&"
            "idle_interval=2s&records_per_read=500");
  auto again = KinesisOptions::FromUri(options->ToUri(), Env(kKeys));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->ToUri(), options->ToUri());
}

TEST(KinesisOptions, DefaultsComeFromTheEnvironment) {
  auto vars = kKeys;
  vars["AWS_REGION"] = "ap-south-1";
  vars["AWS_ENDPOINT_URL_KINESIS"] = "http://127.0.0.1:19010";
  auto options = KinesisOptions::FromUri("kinesis://", Env(vars));
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->client.region, "ap-south-1");
  EXPECT_EQ(options->client.endpoint, "http://127.0.0.1:19010");
  EXPECT_EQ(options->read_interval, std::chrono::milliseconds(200));
  EXPECT_EQ(options->records_per_read, 10'000);
  EXPECT_EQ(options->checkpoint_dir, "");
  auto region = KinesisOptions::FromUri("kinesis://?region=us-west-2", Env(vars));
  ASSERT_TRUE(region.ok());
  EXPECT_EQ(region->client.region, "us-west-2") << "the URI wins over the environment";
}

TEST(KinesisOptions, RejectsBadUris) {
  for (const char* uri :
       {"kafka://x", "kinesis://host:1", "kinesis://?colour=blue", "kinesis://?region",
        "kinesis://?checkpoint=s3", "kinesis://?endpoint=ftp://x", "kinesis://?read_interval=5",
        "kinesis://?records_per_read=0", "kinesis://?records_per_read=10001",
        "kinesis://?delivery_timeout=0s", "kinesis://?records_per_read=1x"}) {
    auto options = KinesisOptions::FromUri(uri, Env(kKeys));
    ASSERT_FALSE(options.ok()) << uri;
    EXPECT_EQ(options.status().code(), StatusCode::kInvalidArgument) << uri;
  }
  auto unknown = KinesisOptions::FromUri("kinesis://?colour=blue", Env(kKeys));
  EXPECT_THAT(unknown.status().message(), HasSubstr("unknown option 'colour'"));
  EXPECT_THAT(unknown.status().message(), HasSubstr("the topic is the Kinesis stream name"));
}

TEST(KinesisOptions, MessagesNeverEchoASecret) {
  for (const char* uri : {"kinesis://u:pw@host", "kinesis://?colour=blue&secret_key=pw",
                          "kinesis://?read_interval=5&token=pw"}) {
    auto options = KinesisOptions::FromUri(uri, Env(kKeys));
    ASSERT_FALSE(options.ok()) << uri;
    EXPECT_EQ(options.status().message().find("pw"), std::string::npos)
        << options.status().message();
  }
}

TEST(KinesisOptions, DynamoDbCheckpointsAreNotImplementedYet) {
  auto options = KinesisOptions::FromUri("kinesis://?checkpoint=dynamodb", Env(kKeys));
  ASSERT_FALSE(options.ok());
  EXPECT_EQ(options.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(options.status().message(), HasSubstr("not implemented yet"));
}

TEST(KinesisOptions, MissingCredentialsAreAnError) {
  auto options = KinesisOptions::FromUri("kinesis://?region=eu-west-1", Env({{"HOME", "/x"}}));
  ASSERT_FALSE(options.ok());
  EXPECT_EQ(options.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(options.status().message(), HasSubstr("AWS_ACCESS_KEY_ID"));
}

TEST(OpenStream, NamesKinesisAmongTheSchemes) {
  auto stream = OpenStream("pulsar://x");
  ASSERT_FALSE(stream.ok());
  EXPECT_THAT(stream.status().message(), HasSubstr("kinesis://?region="));
}

}  // namespace
}  // namespace retailpipe::stream
