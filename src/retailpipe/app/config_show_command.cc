// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/config_show_command.h"

#include <cstdio>

#include <CLI/CLI.hpp>

namespace retailpipe::app {

std::string_view ConfigShowCommand::summary() const {
  return "Print the effective configuration (secrets redacted) and where each value came from";
}

void ConfigShowCommand::Configure(CLI::App& cli) {
  cli.footer(
      "Precedence, lowest first: built-in defaults, the config file, its environments.<env>\n"
      "overlay (--env), RP_* environment variables (store.uri -> RP_STORE_URI), flags.\n"
      "The output is valid YAML: save it as retailpipe.yaml to start a config file.");
}

Result<Outcome> ConfigShowCommand::Run(const Context& context) {
  std::string text = config::ShowConfig(context.loaded);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return Outcome::kOk;
}

}  // namespace retailpipe::app
