// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "retailpipe/aws/http_transport.h"
#include "retailpipe/aws/sigv4.h"
#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/storage/s3_options.h"

namespace retailpipe::storage {

/// One S3 REST call, before addressing and signing.
struct S3Request {
  std::string method = "GET";
  std::string bucket;
  /// Full object key (root prefix included); empty for bucket-level calls.
  std::string key;
  /// Query parameters, not encoded.
  std::vector<std::pair<std::string, std::string>> query;
  /// Extra headers (Range, If-None-Match, x-amz-copy-source, ...); all are signed.
  std::vector<std::pair<std::string, std::string>> headers;
  /// Request body; must outlive Send().
  std::string_view body;
  /// When set, a 2xx response body is passed here in chunks instead of kept in memory.
  std::function<Status(std::string_view chunk)> sink;
  /// When `sink` is set: called before every attempt to start the body afresh.
  std::function<Status()> reset_sink;
};

/// The final answer to an S3Request: any HTTP status, with headers in lower case.
struct S3Response {
  long status = 0;
  std::map<std::string, std::string> headers;
  /// The body (error bodies always; 2xx bodies unless a sink took them).
  std::string body;
};

/// Sends signed S3 requests over an aws::HttpTransport (libcurl), retrying what is worth
/// retrying.
///
/// Addressing (path or virtual-hosted) and the S3 flavour of SigV4 (x-amz-content-sha256)
/// live here; signing, the transport and the backoff come from the aws module; the caller
/// maps the final HTTP status to a Status. 5xx, 429 and throttling answers and connection
/// errors are retried up to options.retry.max_attempts times with capped exponential backoff
/// and full jitter; other 4xx answers are returned at once. With the curl transport each
/// Send() uses its own curl handle, so one client is safe for concurrent use by many threads.
/// Secrets never reach a log line or a message.
class S3HttpClient {
 public:
  /// Return a client for `options` over libcurl.
  /// Errors: kInternal if libcurl cannot be initialised.
  static Result<std::unique_ptr<S3HttpClient>> Make(S3Options options);

  /// Return a client over libcurl without initialising it; prefer Make().
  explicit S3HttpClient(S3Options options);

  /// Return a client over `transport` (tests answer from it).
  S3HttpClient(S3Options options, std::unique_ptr<aws::HttpTransport> transport);

  /// Send `request` and return the last response. Errors: kUnavailable if the endpoint could
  /// not be reached on any attempt (the message names it and suggests scripts/s3_server.sh),
  /// the sink's error if it failed, kIoError for other transfer failures.
  Result<S3Response> Send(const S3Request& request) const;

  /// Return the endpoint requests go to, for messages ("http://127.0.0.1:19000").
  std::string EndpointFor(std::string_view bucket) const;

  const S3Options& options() const { return options_; }

 private:
  /// The scheme+authority and the encoded path of `request`.
  struct Address {
    std::string base;
    std::string host;
    std::string path;
  };
  Address AddressOf(const S3Request& request) const;
  /// Send `request` once. A transport failure comes back as an error Status.
  Result<S3Response> SendOnce(const S3Request& request, const Address& address) const;

  S3Options options_;
  aws::SigV4Signer signer_;
  std::unique_ptr<aws::HttpTransport> transport_;
};

/// Return true if an HTTP answer is worth another attempt: 5xx, 429, or a throttling or
/// request-timeout error code in `body`.
bool IsRetryableHttp(long status, std::string_view body);

}  // namespace retailpipe::storage
