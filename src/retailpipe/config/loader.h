// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/config/options.h"

namespace retailpipe::config {

/// Where a setting's effective value came from, lowest precedence first.
enum class Origin { kDefault, kFile, kEnvOverlay, kEnvironment, kFlag };

/// What LoadConfig() reads. Precedence: defaults < file < file's `environments.<env>`
/// overlay < RP_* environment variables < flags.
struct LoadRequest {
  /// The YAML file; nullopt means ./retailpipe.yaml if it exists, else built-in defaults only.
  std::optional<std::string> config_path;
  /// Name of the overlay under `environments:` in the file ("dev", "qa", "prod"), or "".
  std::string env;
  /// The process environment (RP_* variables and ${VAR} interpolation), name -> value.
  std::map<std::string, std::string> environment;
  /// key=value settings from flags, e.g. {"engine.threads", "2"}, applied in order.
  /// List keys take comma-separated text, as in RP_* variables.
  std::vector<std::pair<std::string, std::string>> flags;
};

/// The effective configuration and where each key's value came from.
struct LoadedConfig {
  Config config;
  std::map<std::string, Origin> origins;  ///< Dotted key -> origin.
  std::string file;                       ///< The file that was read, or "".
  /// Keys whose effective value was written encrypted ("enc:v1:..."); ShowConfig() prints
  /// them as "***" whatever their Secrecy.
  std::set<std::string> decrypted;
};

/// Build the effective configuration. ${VAR} references in file values are expanded from
/// request.environment; RP_* values and flags are taken literally. data_dir is made
/// absolute, then keys whose default depends on it (store.uri, warehouse.uri, log.file,
/// engine.temp_dir, sales.work_dir) are derived unless a layer set them. The result passes
/// Config::Validate(). RP_* variables that name no key are ignored.
/// A value (or list item) written as "enc:v1:..." (`retailpipe secrets encrypt`) is decrypted
/// after ${VAR} expansion and before typing and validation, with the key that
/// request.environment's RP_SECRET_KEY_FILE or RP_SECRET_KEY gives (see
/// secrets::ValueCipher); it must have been encrypted for the config key it is set on. Only
/// effective values are decrypted: one a later layer replaces needs no key. No error message
/// contains a decrypted value.
/// Errors (kInvalidArgument, the message names the key, the offending value and what is
/// allowed): an unknown key (with the closest known key), a bad value or unit, an unknown
/// --env, a missing explicit config file, an unset ${VAR} without a default, an encrypted
/// value with no usable key or that does not decrypt (the message names the key, not the
/// value), a failed Validate(); kIoError if the file cannot be read.
Result<LoadedConfig> LoadConfig(const LoadRequest& request);

/// Return the effective configuration as YAML, one line per key with its origin as a
/// comment (# default, # file, # env overlay 'prod', # RP_STORE_URI, # flag; ", decrypted"
/// for an encrypted value), secrets (passwords in URIs, keys marked secret, every value that
/// was encrypted) replaced by "***". '$' is written as '$$', so
/// LoadConfig() of the output gives the same values (unless something was redacted).
std::string ShowConfig(const LoadedConfig& loaded);

/// Return a copy of the process environment as a map (for LoadRequest::environment).
std::map<std::string, std::string> ProcessEnvironment();

}  // namespace retailpipe::config
