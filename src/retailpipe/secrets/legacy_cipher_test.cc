// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/secrets/legacy_cipher.h"

#include <cstdio>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace retailpipe::secrets {
namespace {

using ::testing::HasSubstr;

// The upstream tutorial's constants (seeds.md 2.1, manisnitt/youtube_de_project1
// resources/dev/config.py): key, iv, salt.
const LegacyParams kUpstream = {"youtube_project", "youtube_encyptyo", "youtube_AesEncryption"};
// Seed 003's constants (seeds.md 2.1).
const LegacyParams kSeed003 = {"my_de_project", "de_proj_enctrpto", "myde_AesEncryption"};

std::string Hex(const SecretBytes& bytes) {
  std::string out;
  for (unsigned char byte : bytes.span()) {
    char pair[3];
    std::snprintf(pair, sizeof pair, "%02x", byte);
    out += pair;
  }
  return out;
}

std::string Decrypt(std::string_view base64, const LegacyParams& params) {
  Result<SecretBytes> plaintext = DecryptLegacy(base64, params);
  EXPECT_TRUE(plaintext.ok()) << plaintext.status().ToString();
  return plaintext.ok() ? std::string(plaintext->view()) : "";
}

std::string DecryptError(std::string_view base64, const LegacyParams& params) {
  Result<SecretBytes> plaintext = DecryptLegacy(base64, params);
  EXPECT_FALSE(plaintext.ok());
  if (plaintext.ok()) return "";
  EXPECT_EQ(plaintext.error().code(), StatusCode::kInvalidArgument);
  return plaintext.error().message();
}

// Vectors verbatim from seeds.md 2.2 (computed there with hashlib.pbkdf2_hmac and
// `openssl enc -aes-256-cbc`).
TEST(LegacyCipher, DerivesTheSeedsKey) {
  Result<SecretBytes> key = DeriveLegacyKey(kUpstream.key, kUpstream.salt);
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(Hex(*key), "6e609631bd7c3a6f6e64bf69b3e242e8a72c5fa1fc093a279f3e50db8aa36264");
}

TEST(LegacyCipher, DecryptsTheSeedsVectors) {
  EXPECT_EQ(Decrypt("hpnaYyafaWJjM/jjnoQmtA==", kUpstream), "hello");
  EXPECT_EQ(Decrypt("c38EUUvY6vwoSu+cU7wU7CF661y8/YJlKxsneC1ijDU=", kUpstream),
            "AKIAEXAMPLEKEY000000");
}

// Vectors generated for this test with the seed's own encrypt() (encrypt_decrypt.py of
// manisnitt/youtube_de_project1@3c29bc9, parameterised by key/iv/salt) on pycryptodomex 3.24.2
// from PyPI: an implementation independent of OpenSSL's PBKDF2 and AES.
TEST(LegacyCipher, DecryptsValuesTheSeedsCodeWrote) {
  EXPECT_EQ(Decrypt("p7+k/loIEa0FYUbzwLzvFmWbsSCi7O2sPx+/GchMU9SQDrO5Z8w0jNXLEJQYaDFP", kSeed003),
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  // A whole block of plaintext gets a whole block of padding.
  EXPECT_EQ(Decrypt("mb5gabn/C4VATh6iYD4MR8IwZ3jMaHoCmLEPdgVWoTs=", kUpstream), "0123456789abcdef");
  EXPECT_EQ(Decrypt("QJvrqLpt5nw/Ga6r8p26WA==", kUpstream), "");
  // 16 x U+00E9: the seed pads by characters, which only works when the byte count lines up.
  std::string e_acute_16;
  for (int i = 0; i < 16; ++i) e_acute_16 += "\u00e9";
  EXPECT_EQ(Decrypt("sIgRxaGjdL6UBRghX795OORzlpgQorV1M10rPjQ4J0xoiLSI/eabdOBI49jPgej1", kUpstream),
            e_acute_16);
  // pycryptodome encodes a str password as Latin-1, the salt explicitly as UTF-8.
  EXPECT_EQ(Decrypt("8ALOF1mJ/KaNheDAeZ1Vkw==",
                    {"cl\u00e9_projet", "youtube_encyptyo", "youtube_AesEncryption"}),
            "hello");
  EXPECT_EQ(
      Decrypt("Qbp1lcoKnW3KZPSAMhcLkQ==", {"youtube_project", "youtube_encyptyo", "s\u00e9l"}),
      "hello");
}

TEST(LegacyCipher, RejectsWrongConstants) {
  constexpr std::string_view kValue = "c38EUUvY6vwoSu+cU7wU7CF661y8/YJlKxsneC1ijDU=";
  for (const LegacyParams& wrong :
       {kSeed003, LegacyParams{"youtube_projecT", kUpstream.iv, kUpstream.salt},
        LegacyParams{kUpstream.key, kUpstream.iv, "salt"}}) {
    std::string error = DecryptError(kValue, wrong);
    EXPECT_THAT(error, HasSubstr("does not match the ones it was encrypted with"));
    EXPECT_THAT(error, ::testing::Not(HasSubstr("AKIA")));
  }
  // A wrong IV garbles only the first block, so the padding still checks out; here the
  // garbled block is not UTF-8. (The scheme has no integrity check: an IV that differs in a
  // few low bits can go unnoticed.)
  std::string wrong_iv =
      DecryptError(kValue, LegacyParams{kUpstream.key, "\u00e9utube_encyptyo", kUpstream.salt});
  EXPECT_THAT(wrong_iv, HasSubstr("not UTF-8 text"));
}

TEST(LegacyCipher, RejectsMalformedInput) {
  EXPECT_THAT(DecryptError("not base64!", kUpstream), HasSubstr("is not valid base64"));
  EXPECT_THAT(DecryptError("aGVsbG8=", kUpstream),
              HasSubstr("5 bytes after base64 decoding; AES-CBC needs a positive multiple of 16"));
  EXPECT_THAT(DecryptError("", kUpstream), HasSubstr("0 bytes after base64 decoding"));
  EXPECT_THAT(DecryptError("hpnaYyafaWJjM/jjnoQmtA==", {"k", "short", "s"}),
              HasSubstr("IV must be exactly 16 bytes, got 5"));
  EXPECT_THAT(DecryptError("hpnaYyafaWJjM/jjnoQmtA==", {"", kUpstream.iv, kUpstream.salt}),
              HasSubstr("must not be empty"));
  EXPECT_THAT(DecryptError("hpnaYyafaWJjM/jjnoQmtA==",
                           {"\u043a\u043b\u044e\u0447", kUpstream.iv, kUpstream.salt}),
              HasSubstr("character above U+00FF"));
  EXPECT_THAT(DecryptError("hpnaYyafaWJjM/jjnoQmtA==", {"\xff\xfe", kUpstream.iv, kUpstream.salt}),
              HasSubstr("not valid UTF-8"));
}

}  // namespace
}  // namespace retailpipe::secrets
