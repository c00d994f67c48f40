// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/aws/credentials.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <stdlib.h>

namespace retailpipe::aws {
namespace {

namespace fs = std::filesystem;

/// A temp HOME with an .aws folder and a fake environment.
class CredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::path(::testing::TempDir()) / "rp-awscred-XXXXXX").native();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    home_ = tmpl;
    fs::create_directories(home_ / ".aws");
    env_["HOME"] = home_.native();
  }
  void TearDown() override { fs::remove_all(home_); }

  void WriteAws(const std::string& name, const std::string& text) {
    std::ofstream(home_ / ".aws" / name) << text;
  }
  EnvLookup Env() {
    return [this](std::string_view name) -> std::optional<std::string> {
      auto it = env_.find(std::string(name));
      if (it == env_.end()) return std::nullopt;
      return it->second;
    };
  }

  fs::path home_;
  std::map<std::string, std::string> env_;
};

TEST_F(CredentialsTest, EnvironmentCredentialsComeFirst) {
  WriteAws("credentials", "[default]\naws_access_key_id = FILEID\naws_secret_access_key = FS\n");
  env_["AWS_ACCESS_KEY_ID"] = "ENVID";
  env_["AWS_SECRET_ACCESS_KEY"] = "ENVSECRET";
  env_["AWS_SESSION_TOKEN"] = "TOKEN";
  auto credentials = ResolveCredentials(Env());
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "ENVID");
  EXPECT_EQ(credentials->secret_access_key, "ENVSECRET");
  EXPECT_EQ(credentials->session_token, "TOKEN");
}

TEST_F(CredentialsTest, SharedCredentialsFileProfile) {
  WriteAws("credentials",
           "# comment\n[default]\naws_access_key_id=DEFID\naws_secret_access_key=DEFSECRET\n\n"
           "[ci]\n  aws_access_key_id = CIID  \naws_secret_access_key = CISECRET\n"
           "aws_session_token = CITOKEN\n");
  auto credentials = ResolveCredentials(Env());
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "DEFID");
  env_["AWS_PROFILE"] = "ci";
  credentials = ResolveCredentials(Env());
  ASSERT_TRUE(credentials.ok());
  EXPECT_EQ(credentials->access_key_id, "CIID");
  EXPECT_EQ(credentials->secret_access_key, "CISECRET");
  EXPECT_EQ(credentials->session_token, "CITOKEN");
}

TEST_F(CredentialsTest, CredentialsFileOverrideAndConfigFallback) {
  fs::path other = home_ / "elsewhere";
  std::ofstream(other) << "[default]\naws_access_key_id=OTHER\naws_secret_access_key=S\n";
  env_["AWS_SHARED_CREDENTIALS_FILE"] = other.native();
  auto credentials = ResolveCredentials(Env());
  ASSERT_TRUE(credentials.ok());
  EXPECT_EQ(credentials->access_key_id, "OTHER");
  env_.erase("AWS_SHARED_CREDENTIALS_FILE");
  env_["AWS_PROFILE"] = "dev";
  WriteAws("config",
           "[profile dev]\nregion = eu-central-1\naws_access_key_id = CFGID\n"
           "aws_secret_access_key = CFGSECRET\n");
  credentials = ResolveCredentials(Env());
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "CFGID");
  EXPECT_EQ(ResolveRegion(Env()).value(), "eu-central-1");
}

TEST_F(CredentialsTest, MissingCredentialsNameTheProfile) {
  auto credentials = ResolveCredentials(Env());
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(credentials.status().message().find("profile \"default\""), std::string::npos);
}

TEST_F(CredentialsTest, RegionPrecedence) {
  EXPECT_EQ(ResolveRegion(Env()).value(), kDefaultRegion);
  WriteAws("config", "[default]\nregion = ap-south-1\n");
  EXPECT_EQ(ResolveRegion(Env()).value(), "ap-south-1");
  env_["AWS_DEFAULT_REGION"] = "us-west-2";
  EXPECT_EQ(ResolveRegion(Env()).value(), "us-west-2");
  env_["AWS_REGION"] = "eu-west-1";
  EXPECT_EQ(ResolveRegion(Env()).value(), "eu-west-1");
}

}  // namespace
}  // namespace retailpipe::aws
