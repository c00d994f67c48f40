// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/aws/sigv4.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>
#include <string>
#include <utility>

#include <sodium.h>

namespace retailpipe::aws {

namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr size_t kAmzDateDayLength = 8;  // "YYYYMMDD" of "YYYYMMDDTHHMMSSZ"
constexpr std::array<char, 16> kUpperHex = {'0', '1', '2', '3', '4', '5', '6', '7',
                                            '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};

bool IsUnreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

std::string LowerHex(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    auto byte = static_cast<unsigned char>(c);
    out += static_cast<char>(std::tolower(kUpperHex[byte >> 4]));
    out += static_cast<char>(std::tolower(kUpperHex[byte & 0xf]));
  }
  return out;
}

std::string ToLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// Return `value` trimmed, with runs of spaces collapsed to one (SigV4 header rule).
std::string TrimAll(std::string_view value) {
  std::string out;
  for (char c : value) {
    bool space = c == ' ' || c == '\t';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

/// Return the headers as sorted (lower-case name, trimmed value) pairs.
std::vector<std::pair<std::string, std::string>> SortedHeaders(const SigV4Request& request) {
  std::vector<std::pair<std::string, std::string>> headers;
  for (const auto& [name, value] : request.headers) {
    headers.emplace_back(ToLower(name), TrimAll(value));
  }
  std::sort(headers.begin(), headers.end());
  return headers;
}

std::string SignedHeaderNames(const SigV4Request& request) {
  std::string names;
  for (const auto& header : SortedHeaders(request)) {
    if (!names.empty()) names += ';';
    names += header.first;
  }
  return names;
}

}  // namespace

std::string UriEncode(std::string_view text, Slash slash) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (IsUnreserved(c) || (c == '/' && slash == Slash::kKeep)) {
      out += c;
      continue;
    }
    auto byte = static_cast<unsigned char>(c);
    out += '%';
    out += kUpperHex[byte >> 4];
    out += kUpperHex[byte & 0xf];
  }
  return out;
}

std::string CanonicalQueryString(const std::vector<std::pair<std::string, std::string>>& query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  for (const auto& [name, value] : query) {
    encoded.emplace_back(UriEncode(name, Slash::kEncode), UriEncode(value, Slash::kEncode));
  }
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out += '&';
    out += name + "=" + value;
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(data.data()),
                     data.size());
  return LowerHex(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

std::string HmacSha256(std::string_view key, std::string_view message) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  std::string mac(crypto_auth_hmacsha256_BYTES, '\0');
  crypto_auth_hmacsha256_final(&state, reinterpret_cast<unsigned char*>(mac.data()));
  return mac;
}

SigV4Signer::SigV4Signer(AwsCredentials credentials, std::string region, std::string service)
    : credentials_(std::move(credentials)),
      region_(std::move(region)),
      service_(std::move(service)) {}

std::string SigV4Signer::CanonicalRequest(const SigV4Request& request) {
  std::string out = request.method + "\n" + request.canonical_uri + "\n" +
                    CanonicalQueryString(request.query) + "\n";
  for (const auto& [name, value] : SortedHeaders(request)) out += name + ":" + value + "\n";
  out += "\n" + SignedHeaderNames(request) + "\n" + request.payload_hash;
  return out;
}

std::string SigV4Signer::Scope(std::string_view amz_date) const {
  return std::string(amz_date.substr(0, kAmzDateDayLength)) + "/" + region_ + "/" + service_ +
         "/aws4_request";
}

std::string SigV4Signer::StringToSign(const SigV4Request& request,
                                      std::string_view amz_date) const {
  return std::string(kAlgorithm) + "\n" + std::string(amz_date) + "\n" + Scope(amz_date) + "\n" +
         Sha256Hex(CanonicalRequest(request));
}

std::string SigV4Signer::Signature(const SigV4Request& request, std::string_view amz_date) const {
  std::string key =
      HmacSha256("AWS4" + credentials_.secret_access_key, amz_date.substr(0, kAmzDateDayLength));
  key = HmacSha256(key, region_);
  key = HmacSha256(key, service_);
  key = HmacSha256(key, "aws4_request");
  return LowerHex(HmacSha256(key, StringToSign(request, amz_date)));
}

std::string SigV4Signer::Authorization(const SigV4Request& request,
                                       std::string_view amz_date) const {
  return std::string(kAlgorithm) + " Credential=" + credentials_.access_key_id + "/" +
         Scope(amz_date) + ", SignedHeaders=" + SignedHeaderNames(request) +
         ", Signature=" + Signature(request, amz_date);
}

std::vector<std::pair<std::string, std::string>> SigV4Signer::SignedHeaders(
    SigV4Request request, std::string_view host, std::string_view body, std::string_view amz_date,
    ContentSha256Header content_sha256) const {
  request.payload_hash = Sha256Hex(body);
  request.headers.emplace_back("host", std::string(host));
  request.headers.emplace_back("x-amz-date", std::string(amz_date));
  if (content_sha256 == ContentSha256Header::kInclude) {
    request.headers.emplace_back("x-amz-content-sha256", request.payload_hash);
  }
  if (!credentials_.session_token.empty()) {
    request.headers.emplace_back("x-amz-security-token", credentials_.session_token);
  }
  std::string authorization = Authorization(request, amz_date);
  request.headers.emplace_back("Authorization", std::move(authorization));
  return std::move(request.headers);
}

std::string AmzDate(int64_t unix_seconds) {
  std::time_t time = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  ::gmtime_r(&time, &utc);
  std::array<char, 20> text{};
  size_t length = std::strftime(text.data(), text.size(), "%Y%m%dT%H%M%SZ", &utc);
  return std::string(text.data(), length);
}

}  // namespace retailpipe::aws
