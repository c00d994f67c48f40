// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/aws/curl_http_transport.h"

#include <cctype>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include <curl/curl.h>

namespace retailpipe::aws {

namespace {

/// What the curl callbacks of one transfer write into.
struct Transfer {
  CURL* curl = nullptr;
  const HttpRequest* request = nullptr;
  HttpResponse response;
  Status sink_status;
};

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

/// Initialise libcurl once per process (curl_global_init is not thread-safe by itself).
bool InitCurl() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] { ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; });
  return ok;
}

void SetMethod(CURL* curl, const HttpRequest& request) {
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

/// Point `handle` at the request with `headers`, timeouts, callbacks into `transfer`.
void SetTransferOptions(CURL* handle, const HttpTimeouts& timeouts, curl_slist* headers,
                        Transfer& transfer) {
  curl_easy_setopt(handle, CURLOPT_URL, transfer.request->url.c_str());
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(timeouts.connect_timeout.count()));
  curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, kStallBytesPerSecond);
  curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME,
                   static_cast<long>(timeouts.stall_timeout.count()));
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
  SetMethod(handle, *transfer.request);
}

}  // namespace

Result<std::unique_ptr<CurlHttpTransport>> CurlHttpTransport::Make(HttpTimeouts timeouts) {
  if (!InitCurl()) return Status::Internal("curl_global_init failed");
  return std::make_unique<CurlHttpTransport>(timeouts);
}

Result<HttpResponse> CurlHttpTransport::Send(const HttpRequest& request) {
  CurlHandle curl(curl_easy_init());
  if (!curl) return Status::Internal("curl_easy_init failed");
  HeaderList headers;
  for (const auto& [name, value] : request.headers) {
    std::string line = name + ": " + value;
    headers.reset(curl_slist_append(headers.release(), line.c_str()));
  }
  // No "Expect: 100-continue" round trip.
  headers.reset(curl_slist_append(headers.release(), "Expect:"));
  Transfer transfer{curl.get(), &request, {}, Status::OK()};
  SetTransferOptions(curl.get(), timeouts_, headers.get(), transfer);
  CURLcode code = curl_easy_perform(curl.get());
  RP_RETURN_IF_ERROR(transfer.sink_status);
  if (code != CURLE_OK) {
    std::string what = request.method + " " + request.url.substr(0, request.url.find('?')) + ": " +
                       curl_easy_strerror(code);
    if (IsConnectionError(code)) return Status::Unavailable(what);
    return Status::IoError(what);
  }
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &transfer.response.status);
  return std::move(transfer.response);
}

}  // namespace retailpipe::aws
