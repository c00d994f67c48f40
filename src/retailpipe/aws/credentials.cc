// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/aws/credentials.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <system_error>
#include <utility>

namespace retailpipe::aws {

namespace {

/// The key = value pairs of one [section] of an AWS INI file.
using IniSection = std::map<std::string, std::string>;

std::string_view Trim(std::string_view text) {
  size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  size_t last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

/// Return the pairs of section `wanted` in INI file `path`, nullopt if the file is missing.
/// Errors: kIoError if it exists but cannot be read.
Result<std::optional<IniSection>> ReadIniSection(const std::string& path, std::string_view wanted) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::optional<IniSection>();
  std::ifstream in(path);
  if (!in) return Status::IoError("cannot read " + path);
  IniSection section;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    std::string_view text = Trim(line);
    if (text.empty() || text.front() == '#' || text.front() == ';') continue;
    if (text.front() == '[' && text.back() == ']') {
      inside = Trim(text.substr(1, text.size() - 2)) == wanted;
      continue;
    }
    size_t equals = text.find('=');
    if (!inside || equals == std::string_view::npos) continue;
    section[std::string(Trim(text.substr(0, equals)))] = std::string(Trim(text.substr(equals + 1)));
  }
  return std::optional<IniSection>(std::move(section));
}

std::string Lookup(const IniSection& section, const std::string& name) {
  auto it = section.find(name);
  return it == section.end() ? "" : it->second;
}

std::string HomeFile(const EnvLookup& env, std::string_view override_var,
                     std::string_view relative) {
  if (auto path = env(override_var)) return *path;
  return env("HOME").value_or("") + "/" + std::string(relative);
}

std::string Profile(const EnvLookup& env) { return env("AWS_PROFILE").value_or("default"); }

/// Return the profile's section of the config file ("[default]" or "[profile NAME]").
Result<IniSection> ConfigSection(const EnvLookup& env) {
  std::string profile = Profile(env);
  std::string section = profile == "default" ? profile : "profile " + profile;
  RP_ASSIGN_OR_RETURN(std::optional<IniSection> found,
                      ReadIniSection(HomeFile(env, "AWS_CONFIG_FILE", ".aws/config"), section));
  return found.value_or(IniSection());
}

/// Return credentials from `section` if it holds a key pair.
std::optional<AwsCredentials> FromSection(const IniSection& section) {
  AwsCredentials credentials{Lookup(section, "aws_access_key_id"),
                             Lookup(section, "aws_secret_access_key"),
                             Lookup(section, "aws_session_token")};
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) return {};
  return credentials;
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
  };
}

Result<AwsCredentials> ResolveCredentials(const EnvLookup& env) {
  auto key_id = env("AWS_ACCESS_KEY_ID");
  auto secret = env("AWS_SECRET_ACCESS_KEY");
  if (key_id && secret)
    return AwsCredentials{*key_id, *secret, env("AWS_SESSION_TOKEN").value_or("")};
  std::string path = HomeFile(env, "AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials");
  RP_ASSIGN_OR_RETURN(std::optional<IniSection> shared, ReadIniSection(path, Profile(env)));
  if (shared) {
    if (auto credentials = FromSection(*shared)) return *credentials;
  }
  RP_ASSIGN_OR_RETURN(IniSection config, ConfigSection(env));
  if (auto credentials = FromSection(config)) return *credentials;
  return Status::InvalidArgument(
      "no AWS credentials found for profile \"" + Profile(env) +
      "\": set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add the profile to " + path +
      " or the AWS config file");
}

Result<std::string> ResolveRegion(const EnvLookup& env) {
  if (auto region = env("AWS_REGION")) return *region;
  if (auto region = env("AWS_DEFAULT_REGION")) return *region;
  RP_ASSIGN_OR_RETURN(IniSection config, ConfigSection(env));
  if (std::string configured = Lookup(config, "region"); !configured.empty()) return configured;
  return std::string(kDefaultRegion);
}

}  // namespace retailpipe::aws
