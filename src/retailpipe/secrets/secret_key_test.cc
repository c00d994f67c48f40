// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/secrets/secret_key.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "retailpipe/testing/temp_dir.h"

namespace retailpipe::secrets {
namespace {

using ::retailpipe::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

// 32 bytes 0x00..0x1f in base64.
constexpr std::string_view kKeyBase64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

std::string WriteKeyFile(const TempDir& dir, std::string_view name, std::string_view content,
                         mode_t mode) {
  std::string path = dir.Write(name, content);
  EXPECT_EQ(::chmod(path.c_str(), mode), 0);
  return path;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

mode_t ModeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0);
  return st.st_mode & 07777;
}

TEST(SecretKey, ParsesBase64) {
  Result<SecretKey> key =
      SecretKey::FromBase64(std::string("  ") + std::string(kKeyBase64) + "\n", "test");
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  for (size_t i = 0; i < kSecretKeyBytes; ++i) EXPECT_EQ(key->bytes()[i], i);
  EXPECT_EQ(key->ToBase64().view(), kKeyBase64);
}

TEST(SecretKey, RejectsTextThatIsNotAKeyWithoutEchoingIt) {
  Result<SecretKey> bad = SecretKey::FromBase64("not-base64!", "RP_SECRET_KEY");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.error().message(), HasSubstr("RP_SECRET_KEY does not hold a key"));
  EXPECT_THAT(bad.error().message(), Not(HasSubstr("not-base64!")));

  Result<SecretKey> short_key = SecretKey::FromBase64("c2hvcnQ=", "RP_SECRET_KEY");
  ASSERT_FALSE(short_key.ok());
  EXPECT_THAT(short_key.error().message(), HasSubstr("decodes to 5 bytes, a key has 32"));
}

TEST(SecretKey, GeneratesDistinctKeys) {
  SecretKey a = SecretKey::Generate();
  SecretKey b = SecretKey::Generate();
  EXPECT_FALSE(std::equal(a.bytes().begin(), a.bytes().end(), b.bytes().begin()));
}

TEST(SecretKey, WritesANewPrivateFileAndReadsItBack) {
  TempDir dir("secret_key");
  std::string path = dir.File("rp.key");
  SecretKey key = SecretKey::Generate();
  ASSERT_TRUE(key.WriteNewFile(path).ok());
  EXPECT_EQ(ModeOf(path), 0600u);
  EXPECT_EQ(ReadText(path), std::string(key.ToBase64().view()) + "\n");

  Result<SecretKey> read = SecretKey::ReadFile(path);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_TRUE(std::equal(key.bytes().begin(), key.bytes().end(), read->bytes().begin()));
}

TEST(SecretKey, NeverOverwritesAKeyFile) {
  TempDir dir("secret_key");
  std::string path = WriteKeyFile(dir, "rp.key", "old\n", 0600);
  Status st = SecretKey::Generate().WriteNewFile(path);
  EXPECT_EQ(st.code(), StatusCode::kAlreadyExists);
  EXPECT_THAT(st.message(), HasSubstr(path + " already exists"));
  EXPECT_EQ(ReadText(path), "old\n");
}

TEST(SecretKey, ReportsAMissingFolderWhenWriting) {
  TempDir dir("secret_key");
  Status st = SecretKey::Generate().WriteNewFile(dir.File("missing/rp.key"));
  EXPECT_EQ(st.code(), StatusCode::kIoError);
  EXPECT_THAT(st.message(), HasSubstr("cannot create key file"));
}

TEST(SecretKey, RefusesAKeyFileOthersCanAccess) {
  TempDir dir("secret_key");
  for (mode_t mode : {0644, 0640, 0604, 0660, 0602, 0620}) {
    std::string path = WriteKeyFile(dir, "loose.key", std::string(kKeyBase64) + "\n", mode);
    Result<SecretKey> key = SecretKey::ReadFile(path);
    ASSERT_FALSE(key.ok()) << std::oct << mode;
    EXPECT_EQ(key.error().code(), StatusCode::kInvalidArgument);
    char expected_mode[8];
    std::snprintf(expected_mode, sizeof expected_mode, "%04o", static_cast<unsigned>(mode));
    EXPECT_EQ(key.error().message(), "key file " + path + " has mode " + expected_mode +
                                         ", so its group or others can access it; make it "
                                         "private to its owner with: chmod 600 " +
                                         path);
  }
}

TEST(SecretKey, AcceptsOwnerOnlyModes) {
  TempDir dir("secret_key");
  for (mode_t mode : {0600, 0400}) {
    std::string path = WriteKeyFile(dir, "ok.key", kKeyBase64, mode);
    EXPECT_TRUE(SecretKey::ReadFile(path).ok()) << std::oct << mode;
  }
}

TEST(SecretKey, ReportsMissingAndMalformedFiles) {
  TempDir dir("secret_key");
  Result<SecretKey> missing = SecretKey::ReadFile(dir.File("nope.key"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(missing.error().message(), HasSubstr("nope.key does not exist"));

  Result<SecretKey> folder = SecretKey::ReadFile(dir.path());
  ASSERT_FALSE(folder.ok());
  EXPECT_THAT(folder.error().message(), HasSubstr("is not a regular file"));

  std::string garbage = WriteKeyFile(dir, "garbage.key", "hunter2 hunter2\n", 0600);
  Result<SecretKey> malformed = SecretKey::ReadFile(garbage);
  ASSERT_FALSE(malformed.ok());
  EXPECT_THAT(malformed.error().message(),
              HasSubstr("key file " + garbage + " does not hold a key"));
  EXPECT_THAT(malformed.error().message(), Not(HasSubstr("hunter2")));

  std::string large = WriteKeyFile(dir, "large.key", std::string(1000, 'A'), 0600);
  ASSERT_FALSE(SecretKey::ReadFile(large).ok());
}

TEST(SecretKey, ComesFromTheEnvironment) {
  TempDir dir("secret_key");
  std::string path = WriteKeyFile(dir, "rp.key", kKeyBase64, 0600);
  EXPECT_TRUE(SecretKey::FromEnvironment({{"RP_SECRET_KEY_FILE", path}}).ok());
  EXPECT_TRUE(SecretKey::FromEnvironment({{"RP_SECRET_KEY", std::string(kKeyBase64)}}).ok());
  // An empty variable counts as unset.
  EXPECT_TRUE(SecretKey::FromEnvironment(
                  {{"RP_SECRET_KEY", std::string(kKeyBase64)}, {"RP_SECRET_KEY_FILE", ""}})
                  .ok());

  Result<SecretKey> none = SecretKey::FromEnvironment({{"HOME", "/root"}});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(none.error().message(), HasSubstr("no secret key: set RP_SECRET_KEY_FILE"));
  EXPECT_THAT(none.error().message(), HasSubstr("retailpipe secrets keygen"));

  Result<SecretKey> both = SecretKey::FromEnvironment(
      {{"RP_SECRET_KEY_FILE", path}, {"RP_SECRET_KEY", std::string(kKeyBase64)}});
  ASSERT_FALSE(both.ok());
  EXPECT_THAT(both.error().message(), HasSubstr("unset one of them"));
}

}  // namespace
}  // namespace retailpipe::secrets
