// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/config/value_decryptor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "retailpipe/config/loader.h"
#include "retailpipe/secrets/secret_key.h"
#include "retailpipe/secrets/value_cipher.h"
#include "retailpipe/testing/temp_dir.h"

namespace retailpipe::config {
namespace {

using ::retailpipe::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kWarehouse = "mysql://etl:canary-pw-91@db.internal:3306/sales";

// A random key, given to LoadConfig() as RP_SECRET_KEY, and a cipher with the same key.
class EncryptedConfigTest : public ::testing::Test {
 protected:
  EncryptedConfigTest()
      : key_base64_(secrets::SecretKey::Generate().ToBase64().view()),
        cipher_(*secrets::SecretKey::FromBase64(key_base64_, "test")) {}

  std::string Encrypt(std::string_view plaintext, std::string_view field) const {
    return cipher_.Encrypt(plaintext, field);
  }

  LoadRequest Request() const {
    LoadRequest request;
    request.config_path = dir_.Write("empty.yaml", "{}\n");
    request.environment = {{"RP_SECRET_KEY", key_base64_}};
    return request;
  }

  LoadRequest FileRequest(std::string_view yaml) const {
    LoadRequest request = Request();
    request.config_path = dir_.Write("retailpipe.yaml", yaml);
    return request;
  }

  static LoadedConfig Load(const LoadRequest& request) {
    Result<LoadedConfig> loaded = LoadConfig(request);
    EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
    return loaded.ok() ? *loaded : LoadedConfig{};
  }

  // Return the message of a failed load, checking it is a config error that shows neither
  // the plaintext nor the encrypted text.
  static std::string LoadError(const LoadRequest& request, std::string_view plaintext,
                               std::string_view encrypted) {
    Result<LoadedConfig> loaded = LoadConfig(request);
    EXPECT_FALSE(loaded.ok());
    if (loaded.ok()) return "";
    EXPECT_EQ(loaded.error().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(loaded.error().message(), Not(HasSubstr(plaintext)));
    if (encrypted.size() > 10) {
      EXPECT_THAT(loaded.error().message(), Not(HasSubstr(encrypted.substr(7, 10))));
    }
    return loaded.error().message();
  }

  TempDir dir_{"decrypt"};
  std::string key_base64_;
  secrets::ValueCipher cipher_;
};

TEST_F(EncryptedConfigTest, DecryptsValuesFromEveryLayer) {
  LoadRequest request = FileRequest("warehouse:\n  uri: " + Encrypt(kWarehouse, "warehouse.uri") +
                                    "\nsales:\n  mandatory_columns: [a, " +
                                    Encrypt("secret_column", "sales.mandatory_columns") + "]\n");
  request.environment["RP_STORE_URI"] = Encrypt("s3://canary-bucket/p", "store.uri");
  request.flags = {{"sales.sql_dir", Encrypt("/srv/canary-sql", "sales.sql_dir")},
                   {"engine.threads", Encrypt("3", "engine.threads")}};
  LoadedConfig loaded = Load(request);
  EXPECT_EQ(loaded.config.warehouse.uri, kWarehouse);
  EXPECT_EQ(loaded.config.store.uri, "s3://canary-bucket/p");
  EXPECT_EQ(loaded.config.sales.sql_dir, "/srv/canary-sql");
  EXPECT_EQ(loaded.config.engine.threads, 3);
  EXPECT_THAT(loaded.config.sales.mandatory_columns, ElementsAre("a", "secret_column"));
  EXPECT_THAT(loaded.decrypted, ElementsAre("engine.threads", "sales.mandatory_columns",
                                            "sales.sql_dir", "store.uri", "warehouse.uri"));
}

TEST_F(EncryptedConfigTest, DecryptsAnInterpolatedValue) {
  LoadRequest request = FileRequest("warehouse:\n  uri: ${DB_URI}\n");
  request.environment["DB_URI"] = Encrypt(kWarehouse, "warehouse.uri");
  EXPECT_EQ(Load(request).config.warehouse.uri, kWarehouse);
}

TEST_F(EncryptedConfigTest, ShowConfigRedactsEveryDecryptedValue) {
  LoadRequest request =
      FileRequest("warehouse:\n  uri: " + Encrypt(kWarehouse, "warehouse.uri") + "\n");
  request.environment["RP_STORE_URI"] = Encrypt("s3://canary-bucket/p", "store.uri");
  std::string shown = ShowConfig(Load(request));
  EXPECT_THAT(shown, Not(HasSubstr("canary")));
  EXPECT_THAT(shown, Not(HasSubstr("enc:v1:")));
  EXPECT_THAT(shown, HasSubstr("uri: \"***\"  # file, decrypted"));
  EXPECT_THAT(shown, HasSubstr("uri: \"***\"  # RP_STORE_URI, decrypted"));
}

TEST_F(EncryptedConfigTest, APlainValueInALaterLayerIsNoLongerSecret) {
  LoadRequest request =
      FileRequest("store:\n  uri: " + Encrypt("s3://canary/p", "store.uri") + "\n");
  request.flags = {{"store.uri", "s3://plain-bucket/p"}};
  LoadedConfig loaded = Load(request);
  EXPECT_TRUE(loaded.decrypted.empty());
  EXPECT_THAT(ShowConfig(loaded), HasSubstr("uri: s3://plain-bucket/p  # flag"));
}

TEST_F(EncryptedConfigTest, APlainOverrideNeedsNoKey) {
  LoadRequest request = FileRequest("warehouse:\n  uri: " + Encrypt(kWarehouse, "warehouse.uri") +
                                    "\nenvironments:\n  dev:\n    warehouse:\n      uri: "
                                    "duckdb:///tmp/dev.duckdb\n");
  request.environment.clear();
  request.env = "dev";
  LoadedConfig loaded = Load(request);
  EXPECT_EQ(loaded.config.warehouse.uri, "duckdb:///tmp/dev.duckdb");
  EXPECT_TRUE(loaded.decrypted.empty());

  // An encrypted flag replaces a plain file value and is decrypted.
  request = FileRequest("warehouse:\n  uri: duckdb:///tmp/plain.duckdb\n");
  request.flags = {{"warehouse.uri", Encrypt(kWarehouse, "warehouse.uri")}};
  loaded = Load(request);
  EXPECT_EQ(loaded.config.warehouse.uri, kWarehouse);
  EXPECT_THAT(loaded.decrypted, ElementsAre("warehouse.uri"));
}

TEST_F(EncryptedConfigTest, NeedsAKeyOnlyForEncryptedValues) {
  LoadRequest request = FileRequest("engine:\n  threads: 2\n");
  request.environment.clear();
  EXPECT_EQ(Load(request).config.engine.threads, 2);

  std::string encrypted = Encrypt(kWarehouse, "warehouse.uri");
  request = FileRequest("warehouse:\n  uri: " + encrypted + "\n");
  request.environment.clear();
  std::string error = LoadError(request, kWarehouse, encrypted);
  EXPECT_THAT(error, HasSubstr(*request.config_path +
                               ": warehouse.uri: the value is encrypted, but there is no usable "
                               "key: no secret key: set RP_SECRET_KEY_FILE"));
}

TEST_F(EncryptedConfigTest, RejectsAWrongKey) {
  std::string encrypted = Encrypt(kWarehouse, "warehouse.uri");
  LoadRequest request = Request();
  request.environment["RP_WAREHOUSE_URI"] = encrypted;
  request.environment["RP_SECRET_KEY"] =
      std::string(secrets::SecretKey::Generate().ToBase64().view());
  EXPECT_THAT(LoadError(request, kWarehouse, encrypted),
              HasSubstr("RP_WAREHOUSE_URI (warehouse.uri): the encrypted value does not decrypt "
                        "with this secret key"));
}

TEST_F(EncryptedConfigTest, RejectsAValueEncryptedForAnotherKey) {
  std::string encrypted = Encrypt("s3://canary/p", "warehouse.uri");
  LoadRequest request = Request();
  request.flags = {{"store.uri", encrypted}};
  EXPECT_THAT(LoadError(request, "s3://canary/p", encrypted),
              HasSubstr("flags: store.uri: the encrypted value does not decrypt"));
}

TEST_F(EncryptedConfigTest, RejectsTamperedTruncatedAndMalformedValues) {
  std::string encrypted = Encrypt(kWarehouse, "warehouse.uri");
  std::string tampered = encrypted;
  tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
  std::string truncated = encrypted.substr(0, encrypted.size() - 8);
  std::string bad_base64 = encrypted;
  bad_base64[12] = '%';
  const std::pair<std::string, std::string_view> kCases[] = {
      {tampered, "does not decrypt with this secret key"},
      {truncated, "does not decrypt with this secret key"},
      {"enc:v1:AAAA", "is truncated"},
      {bad_base64, "is not valid base64"},
      {"enc:v7:AAAA", "format enc:v7, which this build cannot read"},
  };
  for (const auto& [text, expected] : kCases) {
    LoadRequest request = Request();
    request.flags = {{"warehouse.uri", text}};
    std::string error = LoadError(request, kWarehouse, text);
    EXPECT_THAT(error, HasSubstr("flags: warehouse.uri: "));
    EXPECT_THAT(error, HasSubstr(expected));
  }
}

TEST_F(EncryptedConfigTest, RefusesAKeyFileOthersCanRead) {
  std::string key_file = dir_.Write("rp.key", key_base64_ + "\n");
  ASSERT_EQ(::chmod(key_file.c_str(), 0644), 0);
  std::string encrypted = Encrypt(kWarehouse, "warehouse.uri");
  LoadRequest request = FileRequest("warehouse:\n  uri: " + encrypted + "\n");
  request.environment = {{"RP_SECRET_KEY_FILE", key_file}};
  std::string error = LoadError(request, kWarehouse, encrypted);
  EXPECT_THAT(error, HasSubstr("warehouse.uri"));
  EXPECT_THAT(error, HasSubstr("key file " + key_file + " has mode 0644"));
  EXPECT_THAT(error, HasSubstr("chmod 600 " + key_file));

  ASSERT_EQ(::chmod(key_file.c_str(), 0600), 0);
  EXPECT_EQ(Load(request).config.warehouse.uri, kWarehouse);
}

TEST_F(EncryptedConfigTest, HidesADecryptedValueThatIsInvalid) {
  std::string threads = Encrypt("canary-threads", "engine.threads");
  LoadRequest request = Request();
  request.flags = {{"engine.threads", threads}};
  EXPECT_EQ(LoadError(request, "canary-threads", threads),
            "flags: engine.threads: '***' is not a whole number");

  std::string store = Encrypt("ftp://canary-host/x", "store.uri");
  request.flags = {{"store.uri", store}};
  EXPECT_THAT(LoadError(request, "canary-host", store),
              HasSubstr("store.uri: '***' has no known scheme"));

  std::string warehouse = Encrypt("oracle://etl:canary-pw@canary-host/db", "warehouse.uri");
  request.flags = {{"warehouse.uri", warehouse}};
  EXPECT_THAT(LoadError(request, "canary", warehouse),
              HasSubstr("warehouse.uri: '***' has no known scheme"));
}

TEST(ValueDecryptor, LeavesPlainValuesAlone) {
  std::map<std::string, std::string> environment;
  ValueDecryptor decryptor(environment);
  RawValue plain = std::string("not encrypted");
  EXPECT_FALSE(ValueDecryptor::IsEncrypted(plain));
  EXPECT_TRUE(decryptor.Decrypt("store.uri", plain).ok());
  EXPECT_EQ(std::get<std::string>(plain), "not encrypted");
  EXPECT_TRUE(ValueDecryptor::IsEncrypted(std::vector<std::string>{"a", "enc:v1:x"}));
  EXPECT_FALSE(ValueDecryptor::IsEncrypted(std::vector<std::string>{"a", "b"}));
  Status status = Status::InvalidArgument("not encrypted stays");
  EXPECT_EQ(decryptor.Scrub(status).message(), "not encrypted stays");
  EXPECT_TRUE(decryptor.Scrub(Status::OK()).ok());
}

}  // namespace
}  // namespace retailpipe::config
