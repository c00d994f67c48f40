// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/aws/aws_json_client.h"

#include <algorithm>
#include <ctime>
#include <string>
#include <thread>
#include <utility>

#include "retailpipe/aws/curl_http_transport.h"
#include "retailpipe/aws/endpoint.h"
#include "retailpipe/base/log.h"

namespace retailpipe::aws {

Result<std::unique_ptr<AwsJsonClient>> AwsJsonClient::Make(AwsJsonService service,
                                                           AwsClientOptions options) {
  RP_ASSIGN_OR_RETURN(std::unique_ptr<CurlHttpTransport> transport,
                      CurlHttpTransport::Make(options.timeouts));
  return std::make_unique<AwsJsonClient>(std::move(service), std::move(options),
                                         std::move(transport));
}

AwsJsonClient::AwsJsonClient(AwsJsonService service, AwsClientOptions options,
                             std::unique_ptr<HttpTransport> transport)
    : service_(std::move(service)),
      options_(std::move(options)),
      endpoint_(options_.EndpointFor(service_)),
      signer_(options_.credentials, options_.region, service_.signing_name),
      transport_(std::move(transport)) {}

std::string AwsJsonClient::Describe(std::string_view operation) const {
  return service_.name + " " + std::string(operation) + " at " + endpoint_;
}

HttpRequest AwsJsonClient::BuildRequest(std::string_view operation, std::string_view body,
                                        std::string_view amz_date) const {
  SigV4Request signing;
  signing.method = "POST";
  signing.canonical_uri = "/";
  signing.headers = {{"content-type", service_.content_type},
                     {"x-amz-target", service_.target_prefix + "." + std::string(operation)}};
  HttpRequest request;
  request.method = "POST";
  request.url = endpoint_ + "/";
  request.body = body;
  request.headers = signer_.SignedHeaders(std::move(signing), HostOf(endpoint_), body, amz_date,
                                          ContentSha256Header::kOmit);
  return request;
}

Result<AwsJsonReply> AwsJsonClient::Send(std::string_view operation, std::string_view body) const {
  Result<AwsJsonReply> result = Status::Internal("no attempt was made");
  const int attempts = std::max(1, options_.retry.max_attempts);
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    if (attempt > 1) std::this_thread::sleep_for(options_.retry.Delay(attempt - 1));
    HttpRequest request =
        BuildRequest(operation, body, AmzDate(static_cast<int64_t>(std::time(nullptr))));
    Result<HttpResponse> response = transport_->Send(request);
    bool retry = false;
    if (response.ok()) {
      AwsJsonReply reply{response->status, std::move(response->body), {}};
      if (!reply.ok()) reply.error = ParseAwsError(reply.body, response->headers);
      retry = !reply.ok() && IsRetryableAwsError(reply.http_status, reply.error.type);
      log::Get("aws").debug("{} -> HTTP {} {}", Describe(operation), reply.http_status,
                            reply.error.type);
      result = std::move(reply);
    } else {
      retry = response.status().IsUnavailable();
      log::Get("aws").debug("{} -> {}", Describe(operation), response.status().ToString());
      result = response.status();
    }
    if (!retry) break;
    if (attempt < attempts) {
      log::Get("aws").debug("attempt {} of {} failed; retrying", attempt, Describe(operation));
    }
  }
  if (!result.ok() && result.status().IsUnavailable()) {
    return Status::Unavailable("cannot reach the " + service_.name + " endpoint " + endpoint_ +
                               " (" + result.status().message() +
                               "); is it running? For tests: scripts/aws_emulator.sh start");
  }
  return result;
}

Result<std::string> AwsJsonClient::Call(std::string_view operation, std::string_view body) const {
  RP_ASSIGN_OR_RETURN(AwsJsonReply reply, Send(operation, body));
  if (!reply.ok()) return AwsErrorStatus(reply.http_status, reply.error, Describe(operation));
  return std::move(reply.body);
}

}  // namespace retailpipe::aws
