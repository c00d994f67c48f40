// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/config/loader.h"

#include <algorithm>
#include <filesystem>
#include <span>
#include <string_view>

#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include "retailpipe/config/config_file.h"
#include "retailpipe/config/dag_yaml_internal.h"
#include "retailpipe/config/interpolate.h"
#include "retailpipe/config/key_table.h"
#include "retailpipe/config/redact.h"
#include "retailpipe/config/value_decryptor.h"

namespace retailpipe::config {
namespace {

constexpr std::string_view kDefaultConfigPath = "retailpipe.yaml";

/// The settings of one precedence layer and a name for them in messages.
struct Layer {
  Origin origin;
  std::string source;  // "retailpipe.yaml", "retailpipe.yaml (environments.prod)", "flag".
  std::vector<Setting> settings;
};

Status UnknownKey(std::string_view key, std::string_view source) {
  std::string message = "unknown key '" + std::string(key) + "' in " + std::string(source);
  std::string_view suggestion = SuggestKey(key);
  if (!suggestion.empty()) message += "; did you mean '" + std::string(suggestion) + "'?";
  return Status::InvalidArgument(std::move(message));
}

Status CheckKeys(const std::vector<Setting>& settings, std::string_view source) {
  for (const Setting& setting : settings) {
    if (FindKey(setting.key) == nullptr) return UnknownKey(setting.key, source);
  }
  return Status::OK();
}

std::string OverlaySource(const ConfigFile& file, const std::string& env) {
  return file.path + " (environments." + env + ")";
}

// Check every overlay's keys, selected or not, so a typo in `prod` shows up in `dev` too.
Status CheckFile(const ConfigFile& file) {
  RP_RETURN_IF_ERROR(CheckKeys(file.settings, file.path));
  for (const auto& [env, settings] : file.environments) {
    RP_RETURN_IF_ERROR(CheckKeys(settings, OverlaySource(file, env)));
  }
  return Status::OK();
}

Result<std::string> InterpolateText(const std::string& text, const LoadRequest& request,
                                    std::string_view context) {
  Result<std::string> result = Interpolate(text, request.environment);
  if (!result.ok()) return result.status().WithContext(context);
  return result;
}

// Expand ${VAR} references in every value of a file layer.
Status InterpolateLayer(Layer& layer, const LoadRequest& request) {
  for (Setting& setting : layer.settings) {
    std::string context = layer.source + ": " + setting.key;
    if (auto* text = std::get_if<std::string>(&setting.value)) {
      RP_ASSIGN_OR_RETURN(*text, InterpolateText(*text, request, context));
      continue;
    }
    for (std::string& item : std::get<std::vector<std::string>>(setting.value)) {
      RP_ASSIGN_OR_RETURN(item, InterpolateText(item, request, context));
    }
  }
  return Status::OK();
}

// An encrypted setting. It is decrypted only if no later layer replaces it, so that a plain
// override (an overlay, a flag) needs no key.
struct EncryptedSetting {
  std::string context;  // Where it was set, for messages.
  RawValue value;
};
using EncryptedSettings = std::map<std::string, EncryptedSetting>;

// Type and store each plain setting of `layer`; keep the encrypted ones in `encrypted`.
Status ApplyLayer(const Layer& layer, EncryptedSettings& encrypted, LoadedConfig& loaded) {
  for (const Setting& setting : layer.settings) {
    const KeySpec* spec = FindKey(setting.key);
    if (spec == nullptr) return UnknownKey(setting.key, layer.source);
    std::string context = layer.origin == Origin::kEnvironment
                              ? EnvVarName(setting.key) + " (" + setting.key + ")"
                              : layer.source + ": " + setting.key;
    loaded.origins[setting.key] = layer.origin;
    if (ValueDecryptor::IsEncrypted(setting.value)) {
      encrypted[setting.key] = {std::move(context), setting.value};
      continue;
    }
    encrypted.erase(setting.key);
    RP_RETURN_IF_ERROR(spec->set(loaded.config, setting.value).WithContext(context));
  }
  return Status::OK();
}

// Decrypt, type and store the encrypted settings still in effect. An error about a
// decrypted value is scrubbed of its plaintext.
Status ApplyEncrypted(EncryptedSettings& encrypted, ValueDecryptor& decryptor,
                      LoadedConfig& loaded) {
  for (auto& [key, setting] : encrypted) {
    RP_RETURN_IF_ERROR(decryptor.Decrypt(key, setting.value).WithContext(setting.context));
    Status set = FindKey(key)->set(loaded.config, setting.value);
    if (!set.ok()) return decryptor.Scrub(set.WithContext(setting.context));
    loaded.decrypted.insert(key);
  }
  return Status::OK();
}

// Set every key to its default; derived keys are filled in by DeriveFromDataDir().
Status ApplyDefaults(LoadedConfig& loaded) {
  for (const KeySpec& spec : Keys()) {
    loaded.origins[std::string(spec.key)] = Origin::kDefault;
    if (IsDerived(spec)) continue;
    RP_RETURN_IF_ERROR(spec.set(loaded.config, std::string(spec.default_text))
                           .WithContext("built-in default of " + std::string(spec.key)));
  }
  return Status::OK();
}

Result<std::optional<ConfigFile>> ReadRequestedFile(const LoadRequest& request) {
  std::string path = request.config_path.value_or(std::string(kDefaultConfigPath));
  std::error_code ec;
  if (!request.config_path && !std::filesystem::exists(path, ec)) {
    return std::optional<ConfigFile>();
  }
  RP_ASSIGN_OR_RETURN(ConfigFile file, ReadConfigFile(path));
  return std::optional<ConfigFile>(std::move(file));
}

Result<Layer> OverlayLayer(const LoadRequest& request, const std::optional<ConfigFile>& file) {
  if (!file) {
    return Status::InvalidArgument("--env " + request.env +
                                   " needs a config file with an 'environments:' section, "
                                   "but no config file was read");
  }
  auto it = file->environments.find(request.env);
  if (it == file->environments.end()) {
    std::string available;
    for (const auto& [name, settings] : file->environments) {
      available += (available.empty() ? "" : ", ") + name;
    }
    return Status::InvalidArgument("unknown environment '" + request.env +
                                   "' (--env): " + file->path + " defines " +
                                   (available.empty() ? "no environments" : available));
  }
  return Layer{Origin::kEnvOverlay, OverlaySource(*file, request.env), it->second};
}

Status ApplyFileLayers(const LoadRequest& request, const std::optional<ConfigFile>& file,
                       EncryptedSettings& encrypted, LoadedConfig& loaded) {
  if (file) {
    RP_RETURN_IF_ERROR(CheckFile(*file));
    loaded.file = file->path;
    Layer base{Origin::kFile, file->path, file->settings};
    RP_RETURN_IF_ERROR(InterpolateLayer(base, request));
    RP_RETURN_IF_ERROR(ApplyLayer(base, encrypted, loaded));
  }
  if (request.env.empty()) return Status::OK();
  RP_ASSIGN_OR_RETURN(Layer overlay, OverlayLayer(request, file));
  RP_RETURN_IF_ERROR(InterpolateLayer(overlay, request));
  return ApplyLayer(overlay, encrypted, loaded);
}

Layer EnvironmentLayer(const std::map<std::string, std::string>& environment) {
  Layer layer{Origin::kEnvironment, "the environment", {}};
  for (const KeySpec& spec : Keys()) {
    auto it = environment.find(EnvVarName(spec.key));
    if (it != environment.end()) layer.settings.push_back({std::string(spec.key), it->second});
  }
  return layer;
}

Layer FlagLayer(const std::vector<std::pair<std::string, std::string>>& flags) {
  Layer layer{Origin::kFlag, "flags", {}};
  for (const auto& [key, value] : flags) layer.settings.push_back({key, value});
  return layer;
}

Result<std::string> AbsoluteDir(const std::string& dir) {
  if (dir.empty()) return Status::InvalidArgument("data_dir must not be empty");
  std::error_code ec;
  std::filesystem::path path = std::filesystem::absolute(dir, ec);
  if (ec) return Status::InvalidArgument("data_dir: cannot resolve '" + dir + "': " + ec.message());
  path = path.lexically_normal();
  // "/a/b/" -> "/a/b", so derived paths do not get a double slash.
  if (!path.has_filename() && path != path.root_path()) path = path.parent_path();
  return path.string();
}

std::string ReplaceAll(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// Make data_dir absolute, then derive the keys no layer has set from it.
Status DeriveFromDataDir(LoadedConfig& loaded) {
  RP_ASSIGN_OR_RETURN(loaded.config.data_dir, AbsoluteDir(loaded.config.data_dir));
  for (const KeySpec& spec : Keys()) {
    if (!IsDerived(spec) || loaded.origins[std::string(spec.key)] != Origin::kDefault) continue;
    std::string value =
        ReplaceAll(std::string(spec.default_text), kDataDirPlaceholder, loaded.config.data_dir);
    RP_RETURN_IF_ERROR(spec.set(loaded.config, value));
  }
  return Status::OK();
}

// Return the built-in DAGs (over the effective country_sales.countries), each replaced by the
// file's DAG with the same id, followed by the file's other DAGs; ${VAR} in params is expanded.
Result<std::vector<DagOptions>> EffectiveDags(const std::optional<ConfigFile>& file,
                                              const LoadRequest& request, const Config& config) {
  std::vector<DagOptions> dags = BuiltInDags(config.country_sales.countries);
  if (!file) return dags;
  for (DagOptions dag : file->dags) {
    for (TaskOptions& task : dag.tasks) {
      for (auto& [name, value] : task.params) {
        std::string context =
            file->path + ": dags." + dag.id + ".tasks." + task.id + ".params." + name;
        RP_ASSIGN_OR_RETURN(value, InterpolateText(value, request, context));
      }
    }
    auto same =
        std::find_if(dags.begin(), dags.end(), [&](const DagOptions& d) { return d.id == dag.id; });
    if (same != dags.end()) {
      *same = std::move(dag);
    } else {
      dags.push_back(std::move(dag));
    }
  }
  return dags;
}

std::string OriginName(const LoadedConfig& loaded, std::string_view key) {
  auto it = loaded.origins.find(std::string(key));
  Origin origin = it == loaded.origins.end() ? Origin::kDefault : it->second;
  switch (origin) {
    case Origin::kDefault:
      return "default";
    case Origin::kFile:
      return "file";
    case Origin::kEnvOverlay:
      return "env overlay '" + loaded.config.env + "'";
    case Origin::kEnvironment:
      return EnvVarName(key);
    case Origin::kFlag:
      return "flag";
  }
  return "unknown";
}

std::string OriginComment(const LoadedConfig& loaded, std::string_view key) {
  std::string comment = OriginName(loaded, key);
  if (loaded.decrypted.count(std::string(key)) != 0) comment += ", decrypted";
  return comment;
}

// Return `text` as the file would need to hold it: secrets hidden, '$' escaped so that
// reading the output back does not interpolate.
std::string ShownText(const KeySpec& spec, std::string_view text) {
  if (spec.secrecy == Secrecy::kSecret) return std::string(kRedacted);
  return EscapeForInterpolation(RedactUri(text));
}

void EmitValue(YAML::Emitter& out, const KeySpec& spec, const LoadedConfig& loaded) {
  // A value that was written encrypted is secret as a whole, whatever the key.
  if (loaded.decrypted.count(std::string(spec.key)) != 0) {
    out << std::string(kRedacted);
    return;
  }
  RawValue value = spec.get(loaded.config);
  if (const auto* text = std::get_if<std::string>(&value)) {
    out << ShownText(spec, *text);
    return;
  }
  out << YAML::Flow << YAML::BeginSeq;
  for (const std::string& item : std::get<std::vector<std::string>>(value)) {
    out << ShownText(spec, item);
  }
  out << YAML::EndSeq;
}

std::vector<std::string_view> SplitKey(std::string_view key) {
  std::vector<std::string_view> parts;
  for (size_t dot = key.find('.'); dot != std::string_view::npos; dot = key.find('.')) {
    parts.push_back(key.substr(0, dot));
    key.remove_prefix(dot + 1);
  }
  parts.push_back(key);
  return parts;
}

// Close and open section maps so that the emitter sits inside `sections`.
void MoveToSection(YAML::Emitter& out, std::vector<std::string_view>& open,
                   std::span<const std::string_view> sections) {
  size_t common = 0;
  while (common < open.size() && common < sections.size() && open[common] == sections[common]) {
    ++common;
  }
  for (; open.size() > common; open.pop_back()) out << YAML::EndMap;
  for (; open.size() < sections.size(); open.push_back(sections[open.size()])) {
    out << YAML::Key << std::string(sections[open.size()]) << YAML::Value << YAML::BeginMap;
  }
}

std::string Header(const LoadedConfig& loaded) {
  std::string header = "retailpipe configuration";
  if (!loaded.file.empty()) header += " from " + loaded.file;
  if (!loaded.config.env.empty()) header += ", env '" + loaded.config.env + "'";
  return header + "; secrets are shown as " + std::string(kRedacted);
}

}  // namespace

Result<LoadedConfig> LoadConfig(const LoadRequest& request) {
  LoadedConfig loaded;
  EncryptedSettings encrypted;
  ValueDecryptor decryptor(request.environment);
  RP_RETURN_IF_ERROR(ApplyDefaults(loaded));
  RP_ASSIGN_OR_RETURN(std::optional<ConfigFile> file, ReadRequestedFile(request));
  RP_RETURN_IF_ERROR(ApplyFileLayers(request, file, encrypted, loaded));
  RP_RETURN_IF_ERROR(ApplyLayer(EnvironmentLayer(request.environment), encrypted, loaded));
  RP_RETURN_IF_ERROR(ApplyLayer(FlagLayer(request.flags), encrypted, loaded));
  RP_RETURN_IF_ERROR(ApplyEncrypted(encrypted, decryptor, loaded));
  RP_RETURN_IF_ERROR(decryptor.Scrub(DeriveFromDataDir(loaded)));
  RP_ASSIGN_OR_RETURN(loaded.config.dags, EffectiveDags(file, request, loaded.config));
  loaded.config.env = request.env;
  RP_RETURN_IF_ERROR(decryptor.Scrub(loaded.config.Validate()));
  return loaded;
}

std::string ShowConfig(const LoadedConfig& loaded) {
  YAML::Emitter out;
  out << YAML::Comment(Header(loaded)) << YAML::Newline << YAML::BeginMap;
  std::vector<std::string_view> open;
  for (const KeySpec& spec : Keys()) {
    std::vector<std::string_view> parts = SplitKey(spec.key);
    MoveToSection(out, open, std::span(parts).first(parts.size() - 1));
    out << YAML::Key << std::string(parts.back()) << YAML::Value;
    EmitValue(out, spec, loaded);
    out << YAML::Comment(OriginComment(loaded, spec.key));
  }
  MoveToSection(out, open, {});
  out << YAML::Key << "dags" << YAML::Value;
  EmitDags(out, loaded.config.dags);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> environment;
  for (char** entry = ::environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    size_t eq = text.find('=');
    if (eq == std::string_view::npos) continue;
    environment.emplace(text.substr(0, eq), text.substr(eq + 1));
  }
  return environment;
}

}  // namespace retailpipe::config
