// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "retailpipe/app/command.h"

namespace retailpipe::app {

/// `retailpipe dag list`: the DAGs of the config, their tasks, schedule and last run.
class DagListCommand final : public Command {
 public:
  std::string_view name() const override { return "dag list"; }
  std::string_view summary() const override;
  void Configure(CLI::App& cli) override;
  Result<Outcome> Run(const Context& context) override;
};

}  // namespace retailpipe::app
