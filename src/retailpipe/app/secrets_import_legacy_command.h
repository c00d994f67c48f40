// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "retailpipe/app/command.h"

namespace retailpipe::app {

/// `retailpipe secrets import-legacy --for KEY`: decrypt a value the seeds'
/// encrypt_decrypt.py wrote (read from standard input) and print it re-encrypted as
/// "enc:v1:...".
class SecretsImportLegacyCommand final : public Command {
 public:
  std::string_view name() const override { return "secrets import-legacy"; }
  std::string_view summary() const override;
  ConfigUse config_use() const override { return ConfigUse::kNone; }
  void Configure(CLI::App& cli) override;
  Result<Outcome> Run(const Context& context) override;

 private:
  std::string config_key_;
  std::string key_file_;
  std::string legacy_key_;
  std::string legacy_iv_;
  std::string legacy_salt_;
};

}  // namespace retailpipe::app
