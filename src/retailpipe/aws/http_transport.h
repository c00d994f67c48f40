// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"

namespace retailpipe::aws {

/// One HTTP request, ready to send: signed already, if it needs signing.
struct HttpRequest {
  /// "GET", "HEAD", "PUT", "POST", "DELETE".
  std::string method = "GET";
  /// Scheme, authority, encoded path and encoded query.
  std::string url;
  /// Header lines in the order to send them ("name", "value").
  std::vector<std::pair<std::string, std::string>> headers;
  /// Request body for PUT and POST; must outlive Send().
  std::string_view body;
  /// When set, a 2xx response body is passed here in chunks instead of kept in memory; an
  /// error stops the transfer and becomes Send()'s result.
  std::function<Status(std::string_view chunk)> sink;
};

/// The answer to an HttpRequest: any HTTP status, with header names in lower case.
struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;
  /// The body (error bodies always; 2xx bodies unless a sink took them).
  std::string body;
};

/// Limits on one HTTP exchange.
struct HttpTimeouts {
  /// Longest wait for a TCP/TLS connection.
  std::chrono::milliseconds connect_timeout{10'000};
  /// A transfer slower than 1 byte/s for this long is abandoned.
  std::chrono::seconds stall_timeout{60};
};

/// Sends one HTTP request and returns the answer, without retrying: the AWS clients sign,
/// retry and map answers to Status. An interface so that tests can answer with canned
/// responses; CurlHttpTransport is the real one.
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;

  /// Send `request` once and return the response, whatever its HTTP status.
  /// Errors: kUnavailable when the server could not be reached or the connection broke
  /// (worth a retry), the sink's error if it failed, kIoError for other transfer failures.
  /// Messages name the method and the URL without its query, never a header.
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

}  // namespace retailpipe::aws
