// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>

#include "retailpipe/aws/http_transport.h"
#include "retailpipe/base/result.h"

namespace retailpipe::aws {

/// An HttpTransport over libcurl's easy interface.
///
/// Each Send() uses its own curl handle, so one transport is safe for concurrent use by many
/// threads and holds no connection between calls. Never sends "Expect: 100-continue".
/// `CURL*` never leaves this file.
class CurlHttpTransport final : public HttpTransport {
 public:
  /// Return a transport, initialising libcurl once per process.
  /// Errors: kInternal if libcurl cannot be initialised.
  static Result<std::unique_ptr<CurlHttpTransport>> Make(HttpTimeouts timeouts);

  /// Take the timeouts; prefer Make(), which also initialises libcurl.
  explicit CurlHttpTransport(HttpTimeouts timeouts) : timeouts_(timeouts) {}

  /// See HttpTransport::Send().
  Result<HttpResponse> Send(const HttpRequest& request) override;

 private:
  HttpTimeouts timeouts_;
};

}  // namespace retailpipe::aws
