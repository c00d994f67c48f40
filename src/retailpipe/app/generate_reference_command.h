// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "retailpipe/app/command.h"
#include "retailpipe/gen/reference_tables.h"

namespace retailpipe::app {

/// `retailpipe generate reference`: the orders pipeline's gold tables (clients_address,
/// products, packages) as Delta tables in the store, deterministic with --seed.
class GenerateReferenceCommand final : public Command {
 public:
  std::string_view name() const override { return "generate reference"; }
  std::string_view summary() const override;
  void Configure(CLI::App& cli) override;
  Result<Outcome> Run(const Context& context) override;

 private:
  gen::ReferenceOptions options_;
};

}  // namespace retailpipe::app
