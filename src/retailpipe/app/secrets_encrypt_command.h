// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "retailpipe/app/command.h"

namespace retailpipe::app {

/// `retailpipe secrets encrypt --for KEY`: encrypt the value on standard input for one config
/// key and print it as "enc:v1:...".
class SecretsEncryptCommand final : public Command {
 public:
  std::string_view name() const override { return "secrets encrypt"; }
  std::string_view summary() const override;
  ConfigUse config_use() const override { return ConfigUse::kNone; }
  void Configure(CLI::App& cli) override;
  Result<Outcome> Run(const Context& context) override;

 private:
  std::string config_key_;
  std::string key_file_;
};

}  // namespace retailpipe::app
