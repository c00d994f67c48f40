// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "retailpipe/aws/credentials.h"

namespace retailpipe::aws {

/// What SigV4 signs of one HTTP request.
struct SigV4Request {
  std::string method;  ///< "GET", "PUT", ...
  /// The path exactly as sent: already URI-encoded ("/bucket/a%20b"), "/" for the root.
  std::string canonical_uri;
  /// Query parameters, not encoded; order does not matter.
  std::vector<std::pair<std::string, std::string>> query;
  /// Every header to sign, including host and x-amz-date; names in any case.
  std::vector<std::pair<std::string, std::string>> headers;
  /// Lower-case hex SHA-256 of the body, or "UNSIGNED-PAYLOAD".
  std::string payload_hash;
};

/// Whether SigV4Signer::SignedHeaders() adds x-amz-content-sha256: S3 requires it, the
/// other services do not ask for it.
enum class ContentSha256Header { kOmit, kInclude };

/// Whether UriEncode() keeps '/' (object key paths) or encodes it (query values).
enum class Slash { kEncode, kKeep };

/// Return `text` percent-encoded as SigV4 requires: unreserved bytes (A-Z a-z 0-9 - _ . ~)
/// stay, every other byte becomes %XX (upper-case hex); '/' stays with Slash::kKeep.
std::string UriEncode(std::string_view text, Slash slash);

/// Return the canonical query string: names and values URI-encoded, sorted by name then value,
/// joined with '&'.
std::string CanonicalQueryString(const std::vector<std::pair<std::string, std::string>>& query);

/// Return the lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

/// Return the raw 32-byte HMAC-SHA256 of `message` under `key`.
std::string HmacSha256(std::string_view key, std::string_view message);

/// Signs requests with AWS Signature Version 4 (header form, AWS4-HMAC-SHA256).
///
/// Holds the credentials, region and service; an immutable value, safe to share between
/// threads. SignedHeaders() adds host, x-amz-date, (x-amz-content-sha256) and, for temporary
/// credentials, x-amz-security-token before signing; the lower-level calls expect the caller
/// to have added them.
class SigV4Signer {
 public:
  SigV4Signer(AwsCredentials credentials, std::string region, std::string service);

  /// Return the canonical request text (step 1 of the algorithm).
  static std::string CanonicalRequest(const SigV4Request& request);

  /// Return the string to sign for `request` at `amz_date` ("20150830T123600Z").
  std::string StringToSign(const SigV4Request& request, std::string_view amz_date) const;

  /// Return the lower-case hex signature of `request` at `amz_date`.
  std::string Signature(const SigV4Request& request, std::string_view amz_date) const;

  /// Return the Authorization header value for `request` at `amz_date`.
  std::string Authorization(const SigV4Request& request, std::string_view amz_date) const;

  /// Return the headers to send with `request`: its own headers, then host (`host`,
  /// "host[:port]"), x-amz-date (`amz_date`), x-amz-content-sha256 if asked and
  /// x-amz-security-token for temporary credentials, all signed, and Authorization last.
  /// `request.payload_hash` is set to the SHA-256 of `body`.
  std::vector<std::pair<std::string, std::string>> SignedHeaders(
      SigV4Request request, std::string_view host, std::string_view body, std::string_view amz_date,
      ContentSha256Header content_sha256) const;

  /// Return the session token ("" for long-term credentials).
  const std::string& session_token() const { return credentials_.session_token; }

 private:
  std::string Scope(std::string_view amz_date) const;

  AwsCredentials credentials_;
  std::string region_;
  std::string service_;
};

/// Return `unix_seconds` as an x-amz-date, "YYYYMMDDTHHMMSSZ" in UTC.
std::string AmzDate(int64_t unix_seconds);

}  // namespace retailpipe::aws
