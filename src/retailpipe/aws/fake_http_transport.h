// SPDX-License-Identifier: Apache-2.0
// For tests only: an HttpTransport that answers from a function instead of the network.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "retailpipe/aws/http_transport.h"

namespace retailpipe::aws {

/// An HttpTransport that hands every request to a handler (canned answers, a simulated
/// service). Owned by the client it is given to; the handler may refer to state the test
/// owns, which must outlive the client. Not thread-safe unless the handler is.
class FakeHttpTransport final : public HttpTransport {
 public:
  using Handler = std::function<Result<HttpResponse>(const HttpRequest& request)>;

  explicit FakeHttpTransport(Handler handler) : handler_(std::move(handler)) {}

  Result<HttpResponse> Send(const HttpRequest& request) override { return handler_(request); }

 private:
  Handler handler_;
};

/// Return the value of header `name` (compared without case) in `request`, "" if absent.
inline std::string HeaderValue(const HttpRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (key.size() != name.size()) continue;
    bool same = true;
    for (size_t i = 0; i < key.size() && same; ++i) {
      same = (key[i] | 0x20) == (name[i] | 0x20);
    }
    if (same) return value;
  }
  return "";
}

}  // namespace retailpipe::aws
