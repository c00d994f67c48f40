// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "retailpipe/app/command.h"

namespace retailpipe::app {

/// `retailpipe dag history [<id>]`: the latest runs with their task states, tries and
/// durations, from the warehouse.
class DagHistoryCommand final : public Command {
 public:
  std::string_view name() const override { return "dag history"; }
  std::string_view summary() const override;
  void Configure(CLI::App& cli) override;
  Result<Outcome> Run(const Context& context) override;

 private:
  std::string dag_id_;
  std::string run_id_;
  int limit_ = 10;
};

}  // namespace retailpipe::app
