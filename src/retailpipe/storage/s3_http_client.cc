// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/storage/s3_http_client.h"

#include <algorithm>
#include <ctime>
#include <string>
#include <thread>
#include <utility>

#include "retailpipe/aws/curl_http_transport.h"
#include "retailpipe/aws/endpoint.h"
#include "retailpipe/base/log.h"
#include "retailpipe/storage/s3_xml.h"

namespace retailpipe::storage {

namespace {

constexpr long kFirstServerError = 500;
constexpr long kTooManyRequests = 429;
constexpr long kFirstErrorStatus = 300;

}  // namespace

bool IsRetryableHttp(long status, std::string_view body) {
  if (status >= kFirstServerError || status == kTooManyRequests) return true;
  if (status < kFirstErrorStatus) return false;
  std::string code = ParseS3Error(body).code;
  return code == "SlowDown" || code == "Throttling" || code == "ThrottlingException" ||
         code == "RequestTimeout" || code == "RequestTimeTooSkewed";
}

Result<std::unique_ptr<S3HttpClient>> S3HttpClient::Make(S3Options options) {
  RP_ASSIGN_OR_RETURN(std::unique_ptr<aws::CurlHttpTransport> transport,
                      aws::CurlHttpTransport::Make(options.timeouts));
  return std::make_unique<S3HttpClient>(std::move(options), std::move(transport));
}

S3HttpClient::S3HttpClient(S3Options options)
    : S3HttpClient(options, std::make_unique<aws::CurlHttpTransport>(options.timeouts)) {}

S3HttpClient::S3HttpClient(S3Options options, std::unique_ptr<aws::HttpTransport> transport)
    : options_(std::move(options)),
      signer_(options_.credentials, options_.region, "s3"),
      transport_(std::move(transport)) {}

std::string S3HttpClient::EndpointFor(std::string_view bucket) const {
  S3Request request;
  request.bucket = std::string(bucket);
  return AddressOf(request).base;
}

S3HttpClient::Address S3HttpClient::AddressOf(const S3Request& request) const {
  std::string endpoint = options_.endpoint.empty()
                             ? "https://s3." + options_.region + ".amazonaws.com"
                             : options_.endpoint;
  std::string key_path =
      request.key.empty() ? "" : "/" + aws::UriEncode(request.key, aws::Slash::kKeep);
  Address address;
  if (options_.addressing == S3Addressing::kPath) {
    address.base = endpoint;
    address.path = "/" + request.bucket + key_path;
  } else {
    size_t scheme_end = endpoint.find("://") + 3;
    address.base =
        endpoint.substr(0, scheme_end) + request.bucket + "." + endpoint.substr(scheme_end);
    address.path = key_path.empty() ? "/" : key_path;
  }
  address.host = aws::HostOf(address.base);
  return address;
}

Result<S3Response> S3HttpClient::SendOnce(const S3Request& request, const Address& address) const {
  aws::SigV4Request signing;
  signing.method = request.method;
  signing.canonical_uri = address.path;
  signing.query = request.query;
  signing.headers = request.headers;
  std::string amz_date = aws::AmzDate(static_cast<int64_t>(std::time(nullptr)));
  std::string query = aws::CanonicalQueryString(request.query);
  aws::HttpRequest http;
  http.method = request.method;
  http.url = address.base + address.path + (query.empty() ? "" : "?" + query);
  http.headers = signer_.SignedHeaders(std::move(signing), address.host, request.body, amz_date,
                                       aws::ContentSha256Header::kInclude);
  // A body is opaque bytes, not a form.
  if (request.method == "PUT" || request.method == "POST") {
    http.headers.emplace_back("Content-Type", "application/octet-stream");
  }
  http.body = request.body;
  http.sink = request.sink;
  RP_ASSIGN_OR_RETURN(aws::HttpResponse response, transport_->Send(http));
  log::Get("storage").debug("{} {} -> {}", request.method, address.base + address.path,
                            response.status);
  return S3Response{response.status, std::move(response.headers), std::move(response.body)};
}

Result<S3Response> S3HttpClient::Send(const S3Request& request) const {
  Address address = AddressOf(request);
  Result<S3Response> result = Status::Internal("no attempt was made");
  for (int attempt = 1; attempt <= std::max(1, options_.retry.max_attempts); ++attempt) {
    if (attempt > 1) std::this_thread::sleep_for(options_.retry.Delay(attempt - 1));
    if (request.reset_sink) RP_RETURN_IF_ERROR(request.reset_sink());
    result = SendOnce(request, address);
    bool retry = result.ok() ? IsRetryableHttp(result->status, result->body)
                             : result.status().IsUnavailable();
    if (!retry) break;
    log::Get("storage").debug(
        "attempt {} of {} {} failed ({}); retrying", attempt, request.method,
        address.base + address.path,
        result.ok() ? std::to_string(result->status) : result.status().message());
  }
  if (!result.ok() && result.status().IsUnavailable()) {
    return Status::Unavailable("cannot reach the S3 endpoint " + address.base + " (" +
                               result.status().message() +
                               "); is the server running? For tests: scripts/s3_server.sh start");
  }
  return result;
}

}  // namespace retailpipe::storage
