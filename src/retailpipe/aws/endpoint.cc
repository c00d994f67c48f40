// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/aws/endpoint.h"

#include <string>

namespace retailpipe::aws {

Result<std::string> NormalizeEndpoint(std::string_view url, std::string_view what) {
  std::string endpoint(url);
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  if (!endpoint.starts_with("http://") && !endpoint.starts_with("https://")) {
    return Status::InvalidArgument("the " + std::string(what) + " endpoint \"" + endpoint +
                                   "\" must start with http:// or https://");
  }
  return endpoint;
}

Result<std::string> EndpointFromEnvironment(const EnvLookup& env,
                                            std::initializer_list<std::string_view> variables,
                                            std::string_view what) {
  for (std::string_view variable : variables) {
    if (std::optional<std::string> url = env(variable)) return NormalizeEndpoint(*url, what);
  }
  return std::string();
}

std::string HostOf(std::string_view url) {
  size_t start = url.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  size_t end = url.find('/', start);
  return std::string(url.substr(start, end == std::string_view::npos ? url.npos : end - start));
}

}  // namespace retailpipe::aws
