// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/config/dag_options.h"
#include "retailpipe/config/key_table.h"

namespace retailpipe::config {

/// One `key: value` of a layer, before interpolation and typing.
struct Setting {
  std::string key;  ///< Dotted key; not yet checked against the key table.
  RawValue value;
};

/// A YAML config file flattened to dotted keys: nested maps mirror the keys
/// (`store: {uri: ...}` is "store.uri"), and the top-level `environments:` map holds
/// overlays of the same shape. A null value (`key:` or `key: ~`) yields no setting. The
/// top-level `dags:` map is not flattened: it is parsed into DagOptions (see dag_options.h).
struct ConfigFile {
  std::string path;                                          ///< As given, for messages.
  std::vector<Setting> settings;                             ///< The base layer, in file order.
  std::map<std::string, std::vector<Setting>> environments;  ///< Overlay name -> settings.
  std::vector<DagOptions> dags;                              ///< The `dags:` section, in order.
};

/// Parse `yaml` (the text of the file at `path`).
/// Errors: kInvalidArgument for YAML syntax errors, a document that is not a map, a
/// non-scalar map key, a list of non-scalars, a malformed `dags:` section, or `dags:` in an
/// environment overlay.
Result<ConfigFile> ParseConfigFile(std::string_view yaml, std::string path);

/// Read and parse the file at `path`.
/// Errors: kInvalidArgument if it does not exist, kIoError if it cannot be read, and
/// those of ParseConfigFile().
Result<ConfigFile> ReadConfigFile(const std::string& path);

}  // namespace retailpipe::config
