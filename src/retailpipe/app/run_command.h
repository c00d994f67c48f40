// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "retailpipe/app/command.h"
#include "retailpipe/gen/sales_generator.h"

namespace retailpipe::app {

/// `retailpipe run`: the main job on the configured services (embedded by default).
class RunCommand final : public Command {
 public:
  std::string_view name() const override { return "run"; }
  std::string_view summary() const override;
  void Configure(CLI::App& cli) override;
  Result<Outcome> Run(const Context& context) override;

 private:
  gen::SalesGenOptions options_;
  bool with_bad_data_ = false;
};

}  // namespace retailpipe::app
