// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace retailpipe::aws {

struct AwsCredentials;
struct AwsClientOptions;
struct AwsJsonService;
struct AwsJsonReply;
struct AwsError;
struct HttpRequest;
struct HttpResponse;
struct HttpTimeouts;
struct RetryPolicy;
struct SigV4Request;
class AwsJsonClient;
class CurlHttpTransport;
class HttpTransport;
class SigV4Signer;

}  // namespace retailpipe::aws
