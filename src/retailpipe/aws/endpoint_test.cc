// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/aws/endpoint.h"

#include <map>
#include <string>

#include <gtest/gtest.h>

namespace retailpipe::aws {
namespace {

TEST(NormalizeEndpoint, DropsTrailingSlashesAndWantsHttp) {
  EXPECT_EQ(NormalizeEndpoint("http://127.0.0.1:19010//", "Kinesis").value(),
            "http://127.0.0.1:19010");
  EXPECT_EQ(NormalizeEndpoint("https://kinesis.eu-west-1.amazonaws.com", "Kinesis").value(),
            "https://kinesis.eu-west-1.amazonaws.com");
  auto bad = NormalizeEndpoint("ftp://x", "Kinesis");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(),
            "the Kinesis endpoint \"ftp://x\" must start with http:// or https://");
}

TEST(EndpointFromEnvironment, TakesTheFirstSetVariable) {
  std::map<std::string, std::string> vars = {{"AWS_ENDPOINT_URL", "http://general:1/"}};
  EnvLookup env = [&](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
  EXPECT_EQ(
      EndpointFromEnvironment(env, {"AWS_ENDPOINT_URL_KINESIS", "AWS_ENDPOINT_URL"}, "x").value(),
      "http://general:1");
  vars["AWS_ENDPOINT_URL_KINESIS"] = "http://127.0.0.1:19010";
  EXPECT_EQ(
      EndpointFromEnvironment(env, {"AWS_ENDPOINT_URL_KINESIS", "AWS_ENDPOINT_URL"}, "x").value(),
      "http://127.0.0.1:19010");
  EXPECT_EQ(EndpointFromEnvironment(env, {"AWS_ENDPOINT_URL_DYNAMODB"}, "x").value(), "");
}

TEST(HostOf, ReturnsTheAuthority) {
  EXPECT_EQ(HostOf("http://127.0.0.1:19010"), "127.0.0.1:19010");
  EXPECT_EQ(HostOf("https://b.s3.eu-west-1.amazonaws.com/key?x=1"), "b.s3.eu-west-1.amazonaws.com");
}

}  // namespace
}  // namespace retailpipe::aws
