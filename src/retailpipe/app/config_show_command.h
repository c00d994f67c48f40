// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "retailpipe/app/command.h"

namespace retailpipe::app {

/// `retailpipe config show`: print the effective configuration, secrets redacted.
class ConfigShowCommand final : public Command {
 public:
  std::string_view name() const override { return "config show"; }
  std::string_view summary() const override;
  void Configure(CLI::App& cli) override;
  Result<Outcome> Run(const Context& context) override;
};

}  // namespace retailpipe::app
