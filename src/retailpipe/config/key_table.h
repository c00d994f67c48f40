// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "retailpipe/base/status.h"
#include "retailpipe/config/fwd.h"

namespace retailpipe::config {

/// A setting's value before it is typed: a scalar's text, or the items of a YAML list.
using RawValue = std::variant<std::string, std::vector<std::string>>;

/// How a key's text is parsed.
enum class KeyType {
  kString,    ///< Any text.
  kSize,      ///< Bytes with a unit: "4GiB" (see ParseSize()).
  kInteger,   ///< A whole number.
  kDecimal,   ///< A decimal number: "0.01".
  kList,      ///< A YAML list, or comma-separated text from the environment and flags.
  kDuration,  ///< A duration with a unit: "45s", "250ms" (see ParseDuration()).
};

/// Stands for the final data_dir in a KeySpec's default_text.
inline constexpr std::string_view kDataDirPlaceholder = "<data_dir>";

/// Whether ShowConfig() prints a key's value or "***".
enum class Secrecy { kPlain, kSecret };

/// One configuration key: the single source for the YAML parser, the RP_* environment
/// name, flag overrides and ShowConfig(). A constant; see Keys().
struct KeySpec {
  /// Dotted key as in the file's nested maps, e.g. "engine.memory_limit".
  std::string_view key;
  KeyType type;
  /// The default as it is written in a file. "<data_dir>" stands for the final data_dir:
  /// such a key is derived after all layers are applied, unless a layer sets it.
  std::string_view default_text;
  Secrecy secrecy;
  /// One line for `config show --help` and documentation.
  std::string_view doc;
  /// Parse `value` and store it in the config. Errors: kInvalidArgument naming the value
  /// and what is allowed (the caller adds the key and where the value came from).
  Status (*set)(Config& config, const RawValue& value);
  /// Return the current value in a form `set` accepts.
  RawValue (*get)(const Config& config);
};

/// Return every key, grouped by section in the order ShowConfig() prints them.
std::span<const KeySpec> Keys();

/// Return the key named `key`, or nullptr if there is none.
const KeySpec* FindKey(std::string_view key);

/// Return the known key closest to `unknown` (a likely typo), or "" if none is close.
std::string_view SuggestKey(std::string_view unknown);

/// Return the environment variable that sets `key`: "engine.memory_limit" ->
/// "RP_ENGINE_MEMORY_LIMIT".
std::string EnvVarName(std::string_view key);

/// Return true if `spec`'s default is derived from data_dir ("<data_dir>" in default_text).
bool IsDerived(const KeySpec& spec);

/// Return a short description of what `type` accepts, for error messages and help.
std::string_view KeyTypeName(KeyType type);

}  // namespace retailpipe::config
