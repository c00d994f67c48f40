// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "retailpipe/app/command.h"

namespace retailpipe::app {

/// `retailpipe publish orders`: draw orders from the reference tables (seeds.md §0.5) and
/// publish their JSON payload (§0.6) to the stream, keyed by order_id.
class PublishOrdersCommand final : public Command {
 public:
  std::string_view name() const override { return "publish orders"; }
  std::string_view summary() const override;
  void Configure(CLI::App& cli) override;
  Result<Outcome> Run(const Context& context) override;

 private:
  int64_t num_orders_ = 1000;
  std::string interval_;
  double rate_ = 0;
  std::optional<uint64_t> seed_;
  int max_items_ = 5;
  int max_quantity_ = 3;
  std::string start_time_;
  std::string topic_;
};

}  // namespace retailpipe::app
