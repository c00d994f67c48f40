// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "retailpipe/aws/aws_client_options.h"
#include "retailpipe/aws/aws_error.h"
#include "retailpipe/aws/http_transport.h"
#include "retailpipe/aws/sigv4.h"
#include "retailpipe/base/result.h"

namespace retailpipe::aws {

/// The final answer to one AWS JSON call, after retries.
struct AwsJsonReply {
  long http_status = 0;
  /// The JSON body ("{}" or empty for operations that return nothing).
  std::string body;
  /// Set when http_status is not 2xx.
  AwsError error;

  bool ok() const { return http_status >= 200 && http_status < 300; }
};

/// Calls one AWS service in the AWS JSON protocol (Kinesis, DynamoDB): every operation is a
/// POST of a JSON document to "/" with `X-Amz-Target: <target_prefix>.<Operation>` and the
/// service's Content-Type, signed with SigV4 under the service's signing name.
///
/// Answers worth another attempt (HTTP 5xx and 429, throttling types such as
/// ProvisionedThroughputExceededException, connection failures) are retried up to
/// options.retry.max_attempts times with capped exponential backoff and full jitter; other
/// answers are returned at once. Neither the Authorization header nor a credential reaches a
/// log line or a message (the "aws" logger gets one debug line per attempt: operation,
/// endpoint, HTTP status).
///
/// Immutable after construction; safe for concurrent use by many threads when its transport
/// is (CurlHttpTransport is).
class AwsJsonClient {
 public:
  /// Return a client over libcurl. Makes no request.
  /// Errors: kInternal if libcurl cannot be initialised.
  static Result<std::unique_ptr<AwsJsonClient>> Make(AwsJsonService service,
                                                     AwsClientOptions options);

  /// Take a transport; for tests (canned answers) and for Make().
  AwsJsonClient(AwsJsonService service, AwsClientOptions options,
                std::unique_ptr<HttpTransport> transport);

  /// Call `operation` ("PutRecords") with the JSON document `body` and return the last answer,
  /// 2xx or not. Errors: kUnavailable if the endpoint could not be reached on any attempt
  /// (the message names it and suggests scripts/aws_emulator.sh), kIoError for other transfer
  /// failures.
  Result<AwsJsonReply> Send(std::string_view operation, std::string_view body) const;

  /// Call `operation` and return the body of its 2xx answer.
  /// Errors: those of Send(); a non-2xx answer as AwsErrorStatus() maps it.
  Result<std::string> Call(std::string_view operation, std::string_view body) const;

  /// Return the URL requests go to, for messages ("http://127.0.0.1:19010").
  const std::string& endpoint() const { return endpoint_; }
  const AwsJsonService& service() const { return service_; }

  /// Return "<service> <operation> at <endpoint>", the subject of error messages.
  std::string Describe(std::string_view operation) const;

  /// Return the HTTP request for `operation` with `body`, signed at `amz_date`
  /// ("20150830T123600Z"). Exposed for tests of the request format.
  HttpRequest BuildRequest(std::string_view operation, std::string_view body,
                           std::string_view amz_date) const;

 private:
  AwsJsonService service_;
  AwsClientOptions options_;
  std::string endpoint_;
  SigV4Signer signer_;
  std::unique_ptr<HttpTransport> transport_;
};

}  // namespace retailpipe::aws
