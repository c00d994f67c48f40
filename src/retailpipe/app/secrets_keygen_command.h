// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "retailpipe/app/command.h"

namespace retailpipe::app {

/// `retailpipe secrets keygen --key-file PATH`: write a new random secret key to a new file
/// with mode 0600. Never overwrites.
class SecretsKeygenCommand final : public Command {
 public:
  std::string_view name() const override { return "secrets keygen"; }
  std::string_view summary() const override;
  ConfigUse config_use() const override { return ConfigUse::kNone; }
  void Configure(CLI::App& cli) override;
  Result<Outcome> Run(const Context& context) override;

 private:
  std::string key_file_;
};

}  // namespace retailpipe::app
