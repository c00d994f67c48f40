// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "retailpipe/app/command.h"

namespace retailpipe::app {

/// `retailpipe sql`: run one SQL query on the configured warehouse and print the result.
class SqlCommand final : public Command {
 public:
  std::string_view name() const override { return "sql"; }
  std::string_view summary() const override;
  void Configure(CLI::App& cli) override;
  Result<Outcome> Run(const Context& context) override;

 private:
  std::string query_;
  std::string format_ = "table";
};

}  // namespace retailpipe::app
