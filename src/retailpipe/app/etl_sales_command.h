// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "retailpipe/app/command.h"

namespace retailpipe::app {

/// `retailpipe etl sales`: the sales ETL of seeds 002/003, once over the inbox.
class EtlSalesCommand final : public Command {
 public:
  std::string_view name() const override { return "etl sales"; }
  std::string_view summary() const override;
  void Configure(CLI::App& cli) override;
  Result<Outcome> Run(const Context& context) override;
};

}  // namespace retailpipe::app
