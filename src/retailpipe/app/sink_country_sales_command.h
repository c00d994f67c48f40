// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "retailpipe/app/command.h"

namespace retailpipe::app {

/// `retailpipe sink country-sales`: stream each country's topic into CSV files in the store's
/// Inbound/<CC>/ folder, cut at 10,000 rows or 45 s, exactly once (seeds.md §3.3).
class SinkCountrySalesCommand final : public Command {
 public:
  std::string_view name() const override { return "sink country-sales"; }
  std::string_view summary() const override;
  void Configure(CLI::App& cli) override;
  Result<Outcome> Run(const Context& context) override;

 private:
  std::vector<std::string> countries_;
  std::optional<int> max_records_;
  std::string max_age_;
  std::string stop_when_idle_;
};

}  // namespace retailpipe::app
