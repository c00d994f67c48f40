// SPDX-License-Identifier: Apache-2.0
#include "s3_test_env.h"

#include <atomic>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include "retailpipe/storage/s3_xml.h"

namespace retailpipe::storage::testing {

namespace {

constexpr long kOk = 200;
constexpr long kPreconditionFailed = 412;

S3Request Object(const S3TestEnv& env, std::string method, const std::string& key) {
  S3Request request;
  request.method = std::move(method);
  request.bucket = env.bucket;
  request.key = key;
  return request;
}

std::string CheckPutIfAbsent(const S3HttpClient& client, const S3TestEnv& env,
                             const std::string& root) {
  std::string key = root + "canary/lock";
  S3Request put = Object(env, "PUT", key);
  put.body = "first";
  auto first = client.Send(put);
  if (!first.ok() || first->status != kOk) return "cannot PUT an object at all; ";
  S3Request again = Object(env, "PUT", key);
  again.body = "second";
  again.headers = {{"if-none-match", "*"}};
  auto second = client.Send(again);
  auto read = client.Send(Object(env, "GET", key));
  std::string problems;
  if (!second.ok() || second->status != kPreconditionFailed) {
    problems += "PUT with If-None-Match: * on an existing key did not answer 412 (got " +
                (second.ok() ? std::to_string(second->status) : second.status().ToString()) + "); ";
  }
  if (!read.ok() || read->body != "first") problems += "conditional PUT replaced the object; ";
  return problems;
}

std::string CheckPaging(const S3HttpClient& client, const S3TestEnv& env, const std::string& root) {
  for (int i = 0; i < 5; ++i) {
    S3Request put = Object(env, "PUT", root + "canary/page/k" + std::to_string(i));
    put.body = "x";
    auto done = client.Send(put);
    if (!done.ok() || done->status != kOk) return "cannot PUT the paging keys; ";
  }
  std::vector<size_t> sizes;
  std::string token;
  do {
    S3Request list = Object(env, "GET", "");
    list.query = {{"list-type", "2"}, {"prefix", root + "canary/page/"}, {"max-keys", "2"}};
    if (!token.empty()) list.query.emplace_back("continuation-token", token);
    auto answer = client.Send(list);
    if (!answer.ok() || answer->status != kOk) return "ListObjectsV2 failed; ";
    auto page = ParseListObjectsV2(answer->body);
    if (!page.ok()) return "ListObjectsV2 answer unreadable: " + page.status().ToString() + "; ";
    sizes.push_back(page->objects.size());
    token = page->is_truncated ? page->next_continuation_token : "";
  } while (!token.empty() && sizes.size() < 10);
  if (sizes != std::vector<size_t>{2, 2, 1}) {
    return "ListObjectsV2 with max-keys=2 over 5 keys did not page 2+2+1 with continuation "
           "tokens; ";
  }
  return "";
}

std::string RunCanary(const S3TestEnv& env) {
  auto client = S3HttpClient::Make(env.options);
  if (!client.ok()) return client.status().ToString();
  std::string root = env.prefix + "canary-" + std::to_string(::getpid()) + "/";
  std::string problems = CheckPutIfAbsent(**client, env, root) + CheckPaging(**client, env, root);
  for (std::string key : {"canary/lock", "canary/page/k0", "canary/page/k1", "canary/page/k2",
                          "canary/page/k3", "canary/page/k4"}) {
    (void)(*client)->Send(Object(env, "DELETE", root + key));
  }
  if (problems.empty()) return "";
  return "the S3 emulator lacks semantics the store relies on: " + problems +
         "try the other emulator (RP_S3_SERVER=minio|moto scripts/s3_server.sh start)";
}

}  // namespace

Result<std::optional<S3TestEnv>> LoadS3TestEnv() {
  aws::EnvLookup env = aws::ProcessEnvironment();
  std::optional<std::string> uri = env("RP_TEST_S3_URI");
  if (!uri) return std::optional<S3TestEnv>();
  if (!uri->starts_with("s3://")) return Status::InvalidArgument("RP_TEST_S3_URI is not s3://");
  S3TestEnv result;
  std::string rest = uri->substr(5);
  size_t slash = rest.find('/');
  result.bucket = rest.substr(0, slash);
  if (slash != std::string::npos && slash + 1 < rest.size()) {
    result.prefix = rest.substr(slash + 1);
    if (result.prefix.back() != '/') result.prefix += '/';
  }
  RP_ASSIGN_OR_RETURN(result.options, ResolveS3Options(env));
  if (auto endpoint = env("RP_TEST_S3_ENDPOINT")) {
    result.options.endpoint = *endpoint;
    result.options.addressing = S3Addressing::kPath;
  }
  return std::optional<S3TestEnv>(std::move(result));
}

std::string UniqueRoot(const S3TestEnv& env) {
  static std::atomic<int> counter{0};
  std::random_device device;
  return "s3://" + env.bucket + "/" + env.prefix + "run-" + std::to_string(::getpid()) + "-" +
         std::to_string(device() % 1000000) + "-" + std::to_string(counter++);
}

std::string CanaryProblems(const S3TestEnv& env) {
  static std::once_flag once;
  static std::string problems;
  std::call_once(once, [&] { problems = RunCanary(env); });
  return problems;
}

}  // namespace retailpipe::storage::testing
