// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "retailpipe/app/command.h"
#include "retailpipe/gen/sales_generator.h"

namespace retailpipe::app {

/// `retailpipe generate sales`: sales dimension tables and deterministic sales CSV files.
class GenerateSalesCommand final : public Command {
 public:
  std::string_view name() const override { return "generate sales"; }
  std::string_view summary() const override;
  void Configure(CLI::App& cli) override;
  Result<Outcome> Run(const Context& context) override;

 private:
  gen::SalesGenOptions options_;
  std::string catalogue_ = "upstream";
  bool all_variants_ = false;
};

}  // namespace retailpipe::app
