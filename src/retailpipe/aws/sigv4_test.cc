// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/aws/sigv4.h"

#include <string>

#include <gtest/gtest.h>

namespace retailpipe::aws {
namespace {

// The AWS SigV4 test suite's credentials and time (get-vanilla and friends).
SigV4Signer SuiteSigner() {
  return SigV4Signer({"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""}, "us-east-1",
                     "service");
}
constexpr std::string_view kSuiteDate = "20150830T123600Z";
constexpr std::string_view kEmptySha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

SigV4Request SuiteGet(std::vector<std::pair<std::string, std::string>> query) {
  SigV4Request request;
  request.method = "GET";
  request.canonical_uri = "/";
  request.query = std::move(query);
  request.headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", std::string(kSuiteDate)}};
  request.payload_hash = std::string(kEmptySha256);
  return request;
}

TEST(SigV4Signer, GetVanilla) {
  SigV4Request request = SuiteGet({});
  EXPECT_EQ(SigV4Signer::CanonicalRequest(request),
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            "host;x-amz-date\n" +
                std::string(kEmptySha256));
  EXPECT_EQ(SuiteSigner().StringToSign(request, kSuiteDate),
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
  EXPECT_EQ(SuiteSigner().Authorization(request, kSuiteDate),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(SigV4Signer, GetVanillaQueryOrderKeyCase) {
  SigV4Request request = SuiteGet({{"Param2", "value2"}, {"Param1", "value1"}});
  EXPECT_EQ(SuiteSigner().Signature(request, kSuiteDate),
            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
}

// "Authenticating Requests: Using the Authorization Header", Amazon S3 API reference.
SigV4Signer S3ExampleSigner() {
  return SigV4Signer({"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""},
                     "us-east-1", "s3");
}
constexpr std::string_view kS3ExampleDate = "20130524T000000Z";

TEST(SigV4Signer, S3DocsGetObjectWithRange) {
  SigV4Request request;
  request.method = "GET";
  request.canonical_uri = "/test.txt";
  request.headers = {{"Host", "examplebucket.s3.amazonaws.com"},
                     {"Range", "bytes=0-9"},
                     {"x-amz-content-sha256", std::string(kEmptySha256)},
                     {"x-amz-date", std::string(kS3ExampleDate)}};
  request.payload_hash = std::string(kEmptySha256);
  EXPECT_EQ(S3ExampleSigner().Signature(request, kS3ExampleDate),
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4Signer, S3DocsPutObject) {
  std::string body = "Welcome to Amazon S3.";
  SigV4Request request;
  request.method = "PUT";
  request.canonical_uri = "/" + UriEncode("test$file.text", Slash::kKeep);
  request.payload_hash = Sha256Hex(body);
  request.headers = {{"Host", "examplebucket.s3.amazonaws.com"},
                     {"Date", "Fri, 24 May 2013 00:00:00 GMT"},
                     {"x-amz-date", std::string(kS3ExampleDate)},
                     {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
                     {"x-amz-content-sha256", request.payload_hash}};
  EXPECT_EQ(request.payload_hash,
            "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  EXPECT_EQ(S3ExampleSigner().Signature(request, kS3ExampleDate),
            "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

TEST(SigV4Signer, S3DocsListObjects) {
  SigV4Request request;
  request.method = "GET";
  request.canonical_uri = "/";
  request.query = {{"prefix", "J"}, {"max-keys", "2"}};
  request.headers = {{"Host", "examplebucket.s3.amazonaws.com"},
                     {"x-amz-content-sha256", std::string(kEmptySha256)},
                     {"x-amz-date", std::string(kS3ExampleDate)}};
  request.payload_hash = std::string(kEmptySha256);
  EXPECT_EQ(S3ExampleSigner().Signature(request, kS3ExampleDate),
            "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

TEST(SigV4Signer, HeaderValuesAreTrimmedAndCollapsed) {
  SigV4Request request = SuiteGet({});
  request.headers.emplace_back("My-Header1", "  value1   with  spaces ");
  std::string canonical = SigV4Signer::CanonicalRequest(request);
  EXPECT_NE(canonical.find("\nmy-header1:value1 with spaces\n"), std::string::npos) << canonical;
  EXPECT_NE(canonical.find("\nhost;my-header1;x-amz-date\n"), std::string::npos) << canonical;
}

TEST(SigV4Signer, SignedHeadersAddsTheSigningHeadersAndAuthorizationLast) {
  SigV4Signer signer({"AKIDEXAMPLE", "secret", "TOKEN"}, "us-east-1", "s3");
  SigV4Request request;
  request.method = "PUT";
  request.canonical_uri = "/bucket/key";
  request.headers = {{"If-None-Match", "*"}};
  auto headers = signer.SignedHeaders(request, "127.0.0.1:19000", "body", kSuiteDate,
                                      ContentSha256Header::kInclude);
  ASSERT_EQ(headers.size(), 6u);
  EXPECT_EQ(headers[0], (std::pair<std::string, std::string>("If-None-Match", "*")));
  EXPECT_EQ(headers[1].second, "127.0.0.1:19000");
  EXPECT_EQ(headers[2].second, kSuiteDate);
  EXPECT_EQ(headers[3],
            (std::pair<std::string, std::string>("x-amz-content-sha256", Sha256Hex("body"))));
  EXPECT_EQ(headers[4], (std::pair<std::string, std::string>("x-amz-security-token", "TOKEN")));
  // The Authorization value is the one the lower-level calls give for the same request.
  request.payload_hash = Sha256Hex("body");
  request.headers.assign(headers.begin(), headers.end() - 1);
  EXPECT_EQ(headers[5], (std::pair<std::string, std::string>(
                            "Authorization", signer.Authorization(request, kSuiteDate))));
  EXPECT_NE(headers[5].second.find("SignedHeaders=host;if-none-match;x-amz-content-sha256;"
                                   "x-amz-date;x-amz-security-token,"),
            std::string::npos)
      << headers[5].second;
  auto omitted =
      signer.SignedHeaders(SigV4Request{}, "h", "", kSuiteDate, ContentSha256Header::kOmit);
  for (const auto& header : omitted) EXPECT_NE(header.first, "x-amz-content-sha256");
}

TEST(UriEncode, KeepsUnreservedAndOptionallySlash) {
  EXPECT_EQ(UriEncode("AZaz09-_.~", Slash::kEncode), "AZaz09-_.~");
  EXPECT_EQ(UriEncode("a b/c+d=e&f%", Slash::kEncode), "a%20b%2Fc%2Bd%3De%26f%25");
  EXPECT_EQ(UriEncode("dir/a b*.csv", Slash::kKeep), "dir/a%20b%2A.csv");
  EXPECT_EQ(UriEncode("\xc3\xa9", Slash::kKeep), "%C3%A9");
}

TEST(CanonicalQueryString, SortsEncodedNamesThenValues) {
  EXPECT_EQ(CanonicalQueryString({{"prefix", "a/b c"},
                                  {"list-type", "2"},
                                  {"continuation-token", "1/x+y="},
                                  {"delimiter", "/"},
                                  {"foo", "b"},
                                  {"foo", "a"}}),
            "continuation-token=1%2Fx%2By%3D&delimiter=%2F&foo=a&foo=b&list-type=2&"
            "prefix=a%2Fb%20c");
  EXPECT_EQ(CanonicalQueryString({{"uploads", ""}}), "uploads=");
}

TEST(Sha256Hex, MatchesKnownDigests) {
  EXPECT_EQ(Sha256Hex(""), kEmptySha256);
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(AmzDate, FormatsUtc) { EXPECT_EQ(AmzDate(1440938160), "20150830T123600Z"); }

}  // namespace
}  // namespace retailpipe::aws
