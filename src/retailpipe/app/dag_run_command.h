// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "retailpipe/app/command.h"
#include "retailpipe/dag/run_model.h"

namespace retailpipe::app {

/// `retailpipe dag run <id>` (trigger cli: scripts, cron, other commands) and
/// `retailpipe dag trigger <id>` (trigger manual: a person): run a DAG of the config now,
/// in the foreground, and keep its history in the warehouse.
class DagRunCommand final : public Command {
 public:
  /// `name` is "dag run" or "dag trigger"; `trigger` is what the run records.
  DagRunCommand(std::string_view name, dag::Trigger trigger) : name_(name), trigger_(trigger) {}

  std::string_view name() const override { return name_; }
  std::string_view summary() const override;
  void Configure(CLI::App& cli) override;
  Result<Outcome> Run(const Context& context) override;

 private:
  std::string_view name_;
  dag::Trigger trigger_;
  std::string dag_id_;
  std::string logical_date_;
  bool fail_crashed_ = false;
};

}  // namespace retailpipe::app
