// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "retailpipe/app/command.h"

namespace retailpipe::app {

/// `retailpipe publish country-sales`: generate the seed's product sales per country
/// (seeds.md §3.1) and publish them to one topic per country (§3.2), countries in parallel.
class PublishCountrySalesCommand final : public Command {
 public:
  std::string_view name() const override { return "publish country-sales"; }
  std::string_view summary() const override;
  void Configure(CLI::App& cli) override;
  Result<Outcome> Run(const Context& context) override;

 private:
  std::vector<std::string> countries_;
  std::optional<int> batches_;
  std::string delay_;
  std::optional<uint64_t> seed_;
  std::optional<int> sale_frequency_;
  std::string start_time_;
};

}  // namespace retailpipe::app
