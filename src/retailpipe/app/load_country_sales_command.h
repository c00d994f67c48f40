// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "retailpipe/app/command.h"

namespace retailpipe::app {

/// `retailpipe load country-sales`: seed 004's load_s3_to_db, once, country by country.
class LoadCountrySalesCommand final : public Command {
 public:
  std::string_view name() const override { return "load country-sales"; }
  std::string_view summary() const override;
  void Configure(CLI::App& cli) override;
  Result<Outcome> Run(const Context& context) override;

 private:
  std::vector<std::string> countries_;
  std::string target_;
  bool create_table_ = false;
};

}  // namespace retailpipe::app
