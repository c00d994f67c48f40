// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "retailpipe/app/command.h"

namespace retailpipe::app {

/// `retailpipe secrets decrypt --for KEY`: print the plaintext of the "enc:v1:..." value on
/// standard input.
class SecretsDecryptCommand final : public Command {
 public:
  std::string_view name() const override { return "secrets decrypt"; }
  std::string_view summary() const override;
  ConfigUse config_use() const override { return ConfigUse::kNone; }
  void Configure(CLI::App& cli) override;
  Result<Outcome> Run(const Context& context) override;

 private:
  std::string config_key_;
  std::string key_file_;
};

}  // namespace retailpipe::app
