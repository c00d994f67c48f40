// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/storage/s3_options.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <stdlib.h>

namespace retailpipe::storage {
namespace {

namespace fs = std::filesystem;

/// A temp HOME with an .aws folder and a fake environment.
class S3OptionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::path(::testing::TempDir()) / "rp-s3opt-XXXXXX").native();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    home_ = tmpl;
    fs::create_directories(home_ / ".aws");
    env_["HOME"] = home_.native();
  }
  void TearDown() override { fs::remove_all(home_); }

  void WriteAws(const std::string& name, const std::string& text) {
    std::ofstream(home_ / ".aws" / name) << text;
  }
  Result<S3Options> Resolve() {
    return ResolveS3Options([this](std::string_view name) -> std::optional<std::string> {
      auto it = env_.find(std::string(name));
      if (it == env_.end()) return std::nullopt;
      return it->second;
    });
  }

  fs::path home_;
  std::map<std::string, std::string> env_;
};

// Credential and region resolution is tested in aws/credentials_test.cc; here only that
// S3 options take them from there.
TEST_F(S3OptionsTest, CredentialsAndRegionComeFromTheAwsChain) {
  WriteAws("credentials", "[default]\naws_access_key_id = FILEID\naws_secret_access_key = FS\n");
  WriteAws("config", "[default]\nregion = ap-south-1\n");
  auto options = Resolve();
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->credentials.access_key_id, "FILEID");
  EXPECT_EQ(options->region, "ap-south-1");
  env_["AWS_REGION"] = "eu-west-1";
  EXPECT_EQ(Resolve()->region, "eu-west-1");
}

TEST_F(S3OptionsTest, MissingCredentialsNameTheProfile) {
  auto options = Resolve();
  ASSERT_FALSE(options.ok());
  EXPECT_EQ(options.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(options.status().message().find("profile \"default\""), std::string::npos);
}

TEST_F(S3OptionsTest, EndpointSelectsPathStyle) {
  env_["AWS_ACCESS_KEY_ID"] = "id";
  env_["AWS_SECRET_ACCESS_KEY"] = "s";
  auto options = Resolve();
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->endpoint, "");
  EXPECT_EQ(options->addressing, S3Addressing::kVirtualHosted);
  env_["AWS_ENDPOINT_URL"] = "http://general:1";
  env_["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:19000/";
  options = Resolve();
  EXPECT_EQ(options->endpoint, "http://127.0.0.1:19000");
  EXPECT_EQ(options->addressing, S3Addressing::kPath);
  env_["RP_S3_ENDPOINT"] = "https://rp:2";
  env_["RP_S3_ADDRESSING"] = "virtual";
  options = Resolve();
  EXPECT_EQ(options->endpoint, "https://rp:2");
  EXPECT_EQ(options->addressing, S3Addressing::kVirtualHosted);
  env_["RP_S3_ADDRESSING"] = "sideways";
  EXPECT_EQ(Resolve().status().code(), StatusCode::kInvalidArgument);
  env_["RP_S3_ADDRESSING"] = "path";
  env_["RP_S3_ENDPOINT"] = "ftp://x";
  EXPECT_EQ(Resolve().status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace retailpipe::storage
