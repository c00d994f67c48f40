// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/storage/s3_http_client.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <utility>

#include <curl/curl.h>

#include "retailpipe/base/log.h"
#include "retailpipe/storage/s3_xml.h"

namespace retailpipe::storage {

namespace {

/// What the curl callbacks of one attempt write into.
struct Transfer {
  CURL* curl = nullptr;
  const S3Request* request = nullptr;
  S3Response response;
  Status sink_status;
};

constexpr long kFirstServerError = 500;
constexpr long kTooManyRequests = 429;
constexpr long kFirstErrorStatus = 300;
constexpr long kStallBytesPerSecond = 1;

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

std::string ToLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TrimLine(std::string_view text) {
  while (!text.empty() && (text.back() == '\r' || text.back() == '\n' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  return text;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  // A new status line (after 100 Continue or a redirect) starts a new header set.
  if (line.starts_with("HTTP/")) transfer->response.headers.clear();
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    transfer->response.headers[ToLower(TrimLine(line.substr(0, colon)))] =
        std::string(TrimLine(line.substr(colon + 1)));
  }
  return size * count;
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view chunk(data, size * count);
  long status = 0;
  curl_easy_getinfo(transfer->curl, CURLINFO_RESPONSE_CODE, &status);
  if (status >= kFirstErrorStatus || !transfer->request->sink) {
    transfer->response.body.append(chunk);
    return chunk.size();
  }
  transfer->sink_status = transfer->request->sink(chunk);
  return transfer->sink_status.ok() ? chunk.size() : 0;
}

bool IsConnectionError(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
      return true;
    default:
      return false;
  }
}

double RandomFraction() {
  std::random_device device;
  std::uniform_real_distribution<double> distribution(0.0, 1.0);
  return distribution(device);
}

/// Initialise libcurl once per process (curl_global_init is not thread-safe by itself).
bool InitCurl() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] { ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; });
  return ok;
}

/// Return the authority ("host:port") of `url` ("http://host:port/...").
std::string HostOf(std::string_view url) {
  size_t start = url.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  size_t end = url.find('/', start);
  return std::string(url.substr(start, end == std::string_view::npos ? url.npos : end - start));
}

void SetMethod(CURL* curl, const S3Request& request) {
  if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    return;
  }
  if (request.method == "GET") return;
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "PUT" || request.method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  }
}

/// Point `handle` at `url` with `headers`, timeouts, callbacks into `transfer` and the method.
void SetTransferOptions(CURL* handle, const S3Options& options, const std::string& url,
                        curl_slist* headers, Transfer& transfer) {
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, kStallBytesPerSecond);
  curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME,
                   static_cast<long>(options.stall_timeout.count()));
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
  SetMethod(handle, *transfer.request);
}

}  // namespace

bool IsRetryableHttp(long status, std::string_view body) {
  if (status >= kFirstServerError || status == kTooManyRequests) return true;
  if (status < kFirstErrorStatus) return false;
  std::string code = ParseS3Error(body).code;
  return code == "SlowDown" || code == "Throttling" || code == "ThrottlingException" ||
         code == "RequestTimeout" || code == "RequestTimeTooSkewed";
}

std::chrono::milliseconds BackoffDelay(int attempt, std::chrono::milliseconds base,
                                       std::chrono::milliseconds cap, double random_fraction) {
  constexpr int kMaxShift = 20;
  int shift = std::clamp(attempt - 1, 0, kMaxShift);
  auto ceiling = std::min(cap, base * (int64_t{1} << shift));
  return std::chrono::milliseconds(
      static_cast<int64_t>(static_cast<double>(ceiling.count()) * random_fraction));
}

Result<std::unique_ptr<S3HttpClient>> S3HttpClient::Make(S3Options options) {
  if (!InitCurl()) return Status::Internal("curl_global_init failed");
  return std::make_unique<S3HttpClient>(std::move(options));
}

S3HttpClient::S3HttpClient(S3Options options)
    : options_(std::move(options)), signer_(options_.credentials, options_.region, "s3") {}

std::string S3HttpClient::EndpointFor(std::string_view bucket) const {
  S3Request request;
  request.bucket = std::string(bucket);
  return AddressOf(request).base;
}

S3HttpClient::Address S3HttpClient::AddressOf(const S3Request& request) const {
  std::string endpoint = options_.endpoint.empty()
                             ? "https://s3." + options_.region + ".amazonaws.com"
                             : options_.endpoint;
  std::string key_path = request.key.empty() ? "" : "/" + UriEncode(request.key, Slash::kKeep);
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
  address.host = HostOf(address.base);
  return address;
}

std::vector<std::string> S3HttpClient::SignedHeaders(const S3Request& request,
                                                     const Address& address) const {
  std::string amz_date = AmzDate(static_cast<int64_t>(std::time(nullptr)));
  SigV4Request signing;
  signing.method = request.method;
  signing.canonical_uri = address.path;
  signing.query = request.query;
  signing.payload_hash = Sha256Hex(request.body);
  signing.headers = request.headers;
  signing.headers.emplace_back("host", address.host);
  signing.headers.emplace_back("x-amz-date", amz_date);
  signing.headers.emplace_back("x-amz-content-sha256", signing.payload_hash);
  if (!signer_.session_token().empty()) {
    signing.headers.emplace_back("x-amz-security-token", signer_.session_token());
  }
  std::vector<std::string> lines;
  for (const auto& [name, value] : signing.headers) lines.push_back(name + ": " + value);
  lines.push_back("Authorization: " + signer_.Authorization(signing, amz_date));
  return lines;
}

Result<S3Response> S3HttpClient::SendOnce(const S3Request& request, const Address& address) const {
  CurlHandle curl(curl_easy_init());
  if (!curl) return Status::Internal("curl_easy_init failed");
  std::string query = CanonicalQueryString(request.query);
  std::string url = address.base + address.path + (query.empty() ? "" : "?" + query);
  HeaderList headers;
  for (const std::string& line : SignedHeaders(request, address)) {
    headers.reset(curl_slist_append(headers.release(), line.c_str()));
  }
  // No "Expect: 100-continue" round trip; a body is opaque bytes, not a form.
  headers.reset(curl_slist_append(headers.release(), "Expect:"));
  if (request.method == "PUT" || request.method == "POST") {
    headers.reset(curl_slist_append(headers.release(), "Content-Type: application/octet-stream"));
  }
  Transfer transfer{curl.get(), &request, {}, Status::OK()};
  SetTransferOptions(curl.get(), options_, url, headers.get(), transfer);
  CURLcode code = curl_easy_perform(curl.get());
  RP_RETURN_IF_ERROR(transfer.sink_status);
  std::string where = request.method + " " + address.base + address.path;
  if (code != CURLE_OK) {
    std::string what = where + ": " + curl_easy_strerror(code);
    if (IsConnectionError(code)) return Status::Unavailable(what);
    return Status::IoError(what);
  }
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &transfer.response.status);
  log::Get("storage").debug("{} -> {}", where, transfer.response.status);
  return std::move(transfer.response);
}

Result<S3Response> S3HttpClient::Send(const S3Request& request) const {
  Address address = AddressOf(request);
  Result<S3Response> result = Status::Internal("no attempt was made");
  for (int attempt = 1; attempt <= std::max(1, options_.max_attempts); ++attempt) {
    if (attempt > 1) {
      std::this_thread::sleep_for(
          BackoffDelay(attempt - 1, options_.backoff_base, options_.backoff_cap, RandomFraction()));
    }
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
