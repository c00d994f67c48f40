// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "retailpipe/app/command.h"
#include "retailpipe/app/orders_steps.h"

namespace retailpipe::app {

/// `retailpipe subscribe orders`: consume the orders stream into the Delta tables events,
/// orders, orders_items, stock_movements and rejected_records, exactly once.
class SubscribeOrdersCommand final : public Command {
 public:
  std::string_view name() const override { return "subscribe orders"; }
  std::string_view summary() const override;
  void Configure(CLI::App& cli) override;
  Result<Outcome> Run(const Context& context) override;

 private:
  SubscribeOrdersOptions options_;
  std::string idle_timeout_ = "10s";
};

}  // namespace retailpipe::app
