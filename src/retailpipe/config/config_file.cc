// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/config/config_file.h"

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <yaml-cpp/yaml.h>

#include "retailpipe/config/dag_yaml_internal.h"

namespace retailpipe::config {
namespace {

constexpr std::string_view kEnvironments = "environments";
constexpr std::string_view kDags = "dags";

std::string Join(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : prefix + "." + name;
}

Result<RawValue> ListValue(const YAML::Node& node, const std::string& key) {
  std::vector<std::string> items;
  for (const YAML::Node& item : node) {
    if (!item.IsScalar()) {
      return Status::InvalidArgument(key + ": list items must be plain values, not lists or maps");
    }
    items.push_back(item.Scalar());
  }
  return RawValue(std::move(items));
}

// Append the leaves of `node` under `prefix` to `out`.
Status Flatten(const YAML::Node& node, const std::string& prefix, std::vector<Setting>& out) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return Status::OK();
    case YAML::NodeType::Scalar:
      out.push_back({prefix, node.Scalar()});
      return Status::OK();
    case YAML::NodeType::Sequence: {
      RP_ASSIGN_OR_RETURN(RawValue items, ListValue(node, prefix));
      out.push_back({prefix, std::move(items)});
      return Status::OK();
    }
    case YAML::NodeType::Map:
      for (const auto& entry : node) {
        if (!entry.first.IsScalar()) {
          return Status::InvalidArgument("a key under '" + prefix + "' is not a plain name");
        }
        RP_RETURN_IF_ERROR(Flatten(entry.second, Join(prefix, entry.first.Scalar()), out));
      }
      return Status::OK();
  }
  return Status::OK();
}

Result<std::map<std::string, std::vector<Setting>>> ParseEnvironments(const YAML::Node& node) {
  std::map<std::string, std::vector<Setting>> environments;
  if (node.IsNull()) return environments;
  if (!node.IsMap()) {
    return Status::InvalidArgument("'environments' must map names (dev, qa, prod) to settings");
  }
  for (const auto& entry : node) {
    std::string name = entry.first.Scalar();
    if (!entry.second.IsMap() && !entry.second.IsNull()) {
      return Status::InvalidArgument("environments." + name + " must be a map of settings");
    }
    if (entry.second.IsMap() && entry.second[std::string(kDags)].IsDefined()) {
      return Status::InvalidArgument("environments." + name +
                                     ".dags: DAGs are defined once, at the top level of the file");
    }
    std::vector<Setting>& settings = environments[name];
    RP_RETURN_IF_ERROR(Flatten(entry.second, "", settings));
  }
  return environments;
}

Result<ConfigFile> ParseDocument(const YAML::Node& root, std::string path) {
  ConfigFile file;
  file.path = std::move(path);
  if (root.IsNull()) return file;
  if (!root.IsMap()) return Status::InvalidArgument("the document must be a map of settings");
  for (const auto& entry : root) {
    if (!entry.first.IsScalar()) return Status::InvalidArgument("a top-level key is not a name");
    const std::string& name = entry.first.Scalar();
    if (name == kEnvironments) {
      RP_ASSIGN_OR_RETURN(file.environments, ParseEnvironments(entry.second));
    } else if (name == kDags) {
      RP_ASSIGN_OR_RETURN(file.dags, ParseDags(entry.second));
    } else {
      RP_RETURN_IF_ERROR(Flatten(entry.second, name, file.settings));
    }
  }
  return file;
}

}  // namespace

Result<ConfigFile> ParseConfigFile(std::string_view yaml, std::string path) {
  Result<ConfigFile> file = Status::Internal("unreachable");
  try {
    file = ParseDocument(YAML::Load(std::string(yaml)), path);
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument("cannot parse " + path + ": " + e.what());
  }
  if (!file.ok()) return file.status().WithContext(path);
  return file;
}

Result<ConfigFile> ReadConfigFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Status::InvalidArgument("config file " + path + " does not exist");
  }
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Status::InvalidArgument("config file " + path + " is not a regular file");
  }
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.is_open() || in.bad()) return ErrnoStatus("cannot read config file " + path, errno);
  return ParseConfigFile(text, path);
}

}  // namespace retailpipe::config
