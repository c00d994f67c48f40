// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/secrets/value_cipher.h"

#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "retailpipe/secrets/base64.h"

namespace retailpipe::secrets {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr std::string_view kField = "warehouse.uri";
constexpr std::string_view kPlaintext = "mysql://etl:canary-7f3e@db.internal:3306/sales";

ValueCipher MakeCipher() { return ValueCipher(SecretKey::Generate()); }

// Return the error message of decrypting `text`, checking that it is a clean rejection.
std::string DecryptError(const ValueCipher& cipher, std::string_view text,
                         std::string_view field = kField) {
  Result<SecretBytes> result = cipher.Decrypt(text, field);
  EXPECT_FALSE(result.ok());
  if (result.ok()) return "";
  EXPECT_EQ(result.error().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(result.error().message(), Not(HasSubstr(kPlaintext)));
  if (text.size() > 12) {
    EXPECT_THAT(result.error().message(), Not(HasSubstr(text.substr(7))));
  }
  return result.error().message();
}

std::string Reencode(const SecretBytes& sealed) {
  return std::string(kEncryptedPrefix) + std::string(EncodeBase64(sealed.span()).view());
}

SecretBytes Sealed(std::string_view text) {
  Result<SecretBytes> sealed = DecodeBase64(text.substr(kEncryptedPrefix.size()));
  EXPECT_TRUE(sealed.ok());
  return sealed.ok() ? std::move(*sealed) : SecretBytes();
}

TEST(ValueCipher, RoundTrips) {
  ValueCipher cipher = MakeCipher();
  for (std::string_view plaintext :
       {kPlaintext, std::string_view(), std::string_view("é ü \0 x", 9)}) {
    std::string text = cipher.Encrypt(plaintext, kField);
    EXPECT_THAT(text, StartsWith("enc:v1:"));
    EXPECT_THAT(text, Not(HasSubstr("canary")));
    Result<SecretBytes> decrypted = cipher.Decrypt(text, kField);
    ASSERT_TRUE(decrypted.ok()) << decrypted.status().ToString();
    EXPECT_EQ(decrypted->view(), plaintext);
  }
}

TEST(ValueCipher, HasTheDocumentedLayout) {
  ValueCipher cipher = MakeCipher();
  std::string text = cipher.Encrypt("abc", kField);
  // 24-byte nonce + 3 bytes + 16-byte tag.
  EXPECT_EQ(Sealed(text).size(), 43u);
}

TEST(ValueCipher, TenThousandEncryptionsAreAllDistinct) {
  ValueCipher cipher = MakeCipher();
  std::set<std::string> texts;
  std::set<std::string> nonces;
  for (int i = 0; i < 10000; ++i) {
    std::string text = cipher.Encrypt(kPlaintext, kField);
    nonces.insert(std::string(Sealed(text).view().substr(0, 24)));
    texts.insert(std::move(text));
  }
  EXPECT_EQ(texts.size(), 10000u);
  EXPECT_EQ(nonces.size(), 10000u);
}

TEST(ValueCipher, RejectsEveryFlippedBit) {
  ValueCipher cipher = MakeCipher();
  std::string text = cipher.Encrypt(kPlaintext, kField);
  SecretBytes sealed = Sealed(text);
  size_t rejected = 0;
  for (size_t bit = 0; bit < sealed.size() * 8; ++bit) {
    sealed.data()[bit / 8] ^= static_cast<unsigned char>(1u << (bit % 8));
    std::string tampered = Reencode(sealed);
    sealed.data()[bit / 8] ^= static_cast<unsigned char>(1u << (bit % 8));
    Result<SecretBytes> result = cipher.Decrypt(tampered, kField);
    if (!result.ok() && result.error().message().find("does not decrypt") != std::string::npos) {
      ++rejected;
    }
  }
  EXPECT_EQ(rejected, sealed.size() * 8);
  EXPECT_TRUE(cipher.Decrypt(Reencode(sealed), kField).ok());
}

TEST(ValueCipher, BindsAValueToItsConfigKey) {
  ValueCipher cipher = MakeCipher();
  std::string text = cipher.Encrypt(kPlaintext, kField);
  EXPECT_THAT(DecryptError(cipher, text, "store.uri"),
              HasSubstr("encrypted for another config key than 'store.uri'"));
  EXPECT_THAT(DecryptError(cipher, text, ""), HasSubstr("does not decrypt"));
}

TEST(ValueCipher, RejectsAWrongKey) {
  std::string text = MakeCipher().Encrypt(kPlaintext, kField);
  EXPECT_THAT(DecryptError(MakeCipher(), text),
              HasSubstr("does not decrypt with this secret key: the key is wrong"));
}

TEST(ValueCipher, RejectsTruncatedValues) {
  ValueCipher cipher = MakeCipher();
  std::string text = cipher.Encrypt(kPlaintext, kField);
  // Whole base64 quanta dropped: valid base64, but the tag no longer matches.
  size_t body = text.size() - kEncryptedPrefix.size();
  std::string shorter = text.substr(0, kEncryptedPrefix.size() + (body / 4 - 1) * 4);
  EXPECT_THAT(DecryptError(cipher, shorter), HasSubstr("does not decrypt"));
  EXPECT_THAT(DecryptError(cipher, text.substr(0, text.size() - 1)),
              HasSubstr("is not valid base64"));
  EXPECT_THAT(DecryptError(cipher, "enc:v1:AAAAAAAAAAAAAAAAAAAA"),
              HasSubstr("is truncated: 15 bytes, at least 40 expected"));
  EXPECT_THAT(DecryptError(cipher, "enc:v1:"), HasSubstr("is truncated: 0 bytes"));
}

TEST(ValueCipher, RejectsBadBase64) {
  ValueCipher cipher = MakeCipher();
  std::string text = cipher.Encrypt(kPlaintext, kField);
  text[20] = '*';
  EXPECT_THAT(DecryptError(cipher, text),
              HasSubstr("damaged: the text after enc:v1: is not valid base64"));
}

TEST(ValueCipher, IgnoresLineBreaksInTheBase64) {
  ValueCipher cipher = MakeCipher();
  std::string text = cipher.Encrypt(kPlaintext, kField);
  text.insert(30, "\n  ");
  text += "\n";
  Result<SecretBytes> decrypted = cipher.Decrypt(text, kField);
  ASSERT_TRUE(decrypted.ok());
  EXPECT_EQ(decrypted->view(), kPlaintext);
}

TEST(ValueCipher, NamesAnUnknownVersion) {
  ValueCipher cipher = MakeCipher();
  EXPECT_EQ(DecryptError(cipher, "enc:v2:AAAA"),
            "the value is encrypted in format enc:v2, which this build cannot read (it reads "
            "enc:v1)");
  EXPECT_THAT(DecryptError(cipher, "plain text"), HasSubstr("not an encrypted value"));
}

TEST(IsEncryptedValue, RecognisesEveryVersion) {
  EXPECT_TRUE(IsEncryptedValue("enc:v1:AAAA"));
  EXPECT_TRUE(IsEncryptedValue("enc:v1:"));
  EXPECT_TRUE(IsEncryptedValue("enc:v22:x"));
  EXPECT_FALSE(IsEncryptedValue("enc:v:x"));
  EXPECT_FALSE(IsEncryptedValue("enc:vx:x"));
  EXPECT_FALSE(IsEncryptedValue("enc:v1"));
  EXPECT_FALSE(IsEncryptedValue("ENC:v1:x"));
  EXPECT_FALSE(IsEncryptedValue(" enc:v1:x"));
  EXPECT_FALSE(IsEncryptedValue("mysql://u:enc:v1:x@h/db"));
  EXPECT_FALSE(IsEncryptedValue(""));
}

}  // namespace
}  // namespace retailpipe::secrets
