// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/command_registry.h"

#include <cstdio>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>

#include "retailpipe/app/config_show_command.h"
#include "retailpipe/app/dag_history_command.h"
#include "retailpipe/app/dag_list_command.h"
#include "retailpipe/app/dag_run_command.h"
#include "retailpipe/app/etl_sales_command.h"
#include "retailpipe/app/generate_reference_command.h"
#include "retailpipe/app/generate_sales_command.h"
#include "retailpipe/app/load_country_sales_command.h"
#include "retailpipe/app/publish_country_sales_command.h"
#include "retailpipe/app/publish_orders_command.h"
#include "retailpipe/app/run_command.h"
#include "retailpipe/app/secrets_decrypt_command.h"
#include "retailpipe/app/secrets_encrypt_command.h"
#include "retailpipe/app/secrets_import_legacy_command.h"
#include "retailpipe/app/secrets_keygen_command.h"
#include "retailpipe/app/sink_country_sales_command.h"
#include "retailpipe/app/sql_command.h"
#include "retailpipe/app/subscribe_orders_command.h"
#include "retailpipe/base/log.h"

namespace retailpipe::app {
namespace {

constexpr const char* kDescription =
    "retailpipe: the five retail data pipelines in one binary.\n"
    "Runs on one machine with no server (the store is a folder, the warehouse a DuckDB file),\n"
    "or against real services named in the config. Start with `retailpipe run`.";

constexpr const char* kFooter =
    "Configuration: ./retailpipe.yaml or --config FILE; settings are overridden by RP_* "
    "environment variables and --set KEY=VALUE (see `retailpipe config show`).\n"
    "Exit codes: 0 ok, 1 failure, 2 usage or config error, 3 finished but some input was "
    "quarantined.";

// Groups of two-word commands and their summaries.
const std::map<std::string, std::string>& GroupSummaries() {
  static const std::map<std::string, std::string> kGroups = {
      {"generate", "Generate deterministic test data"},
      {"etl", "Run a batch ETL pipeline once"},
      {"publish", "Generate records and publish them to the stream"},
      {"sink", "Stream records from the stream into the store"},
      {"subscribe", "Consume a stream into tables"},
      {"load", "Load files from the store into tables"},
      {"dag", "Run DAGs of tasks (seed 004's Airflow DAG) and show their history"},
      {"config", "Inspect the configuration"},
      {"secrets", "Encrypt config values, make the secret key, import the seeds' ciphertexts"},
  };
  return kGroups;
}

struct GlobalFlags {
  std::string config_path;
  std::string env;
  std::string data_dir;
  std::string log_level;
  std::vector<std::string> sets;
};

void AddGlobalFlags(CLI::App& app, GlobalFlags& flags) {
  app.add_option("-c,--config", flags.config_path, "YAML config file (default ./retailpipe.yaml)")
      ->check(CLI::ExistingFile);
  app.add_option("--env", flags.env, "Apply the config file's environments.<NAME> overlay");
  app.add_option("--data-dir", flags.data_dir,
                 "Root folder of the embedded defaults (store, warehouse, logs)");
  app.add_option("--log-level", flags.log_level, "trace, debug, info, warn, error or off");
  app.add_option("--set", flags.sets, "Override one setting, e.g. --set engine.threads=2")
      ->type_name("KEY=VALUE");
}

Result<config::LoadedConfig> LoadEffectiveConfig(const GlobalFlags& flags) {
  config::LoadRequest request;
  if (!flags.config_path.empty()) request.config_path = flags.config_path;
  request.env = flags.env;
  request.environment = config::ProcessEnvironment();
  if (!flags.data_dir.empty()) request.flags.emplace_back("data_dir", flags.data_dir);
  if (!flags.log_level.empty()) request.flags.emplace_back("log.level", flags.log_level);
  for (const auto& set : flags.sets) {
    size_t eq = set.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::InvalidArgument("--set takes KEY=VALUE, got '" + set + "'");
    }
    request.flags.emplace_back(set.substr(0, eq), set.substr(eq + 1));
  }
  return config::LoadConfig(request);
}

// Load the configuration `command` needs and set up logging. Errors are printed here.
std::optional<Context> MakeContext(const Command& command, const GlobalFlags& flags) {
  if (command.config_use() == ConfigUse::kNone) {
    log::LogOptions options;
    if (!flags.log_level.empty()) options.level = flags.log_level;
    if (Status st = log::Configure(options); !st.ok()) {
      std::fprintf(stderr, "retailpipe: %s\n", st.message().c_str());
      return std::nullopt;
    }
    return Context{};
  }
  auto loaded = LoadEffectiveConfig(flags);
  if (!loaded.has_value()) {
    std::fprintf(stderr, "retailpipe: config error: %s\n", loaded.error().message().c_str());
    return std::nullopt;
  }
  if (Status st = log::Configure(loaded->config.log); !st.ok()) {
    std::fprintf(stderr, "retailpipe: %s\n", st.message().c_str());
    return std::nullopt;
  }
  return Context{std::move(*loaded)};
}

ExitCode ExitFor(const Status& status) {
  return status.code() == StatusCode::kInvalidArgument ? ExitCode::kUsage : ExitCode::kFailure;
}

}  // namespace

CommandRegistry CommandRegistry::Default() {
  CommandRegistry r;
  r.commands_.push_back(std::make_unique<RunCommand>());
  r.commands_.push_back(std::make_unique<GenerateSalesCommand>());
  r.commands_.push_back(std::make_unique<EtlSalesCommand>());
  r.commands_.push_back(std::make_unique<GenerateReferenceCommand>());
  r.commands_.push_back(std::make_unique<PublishOrdersCommand>());
  r.commands_.push_back(std::make_unique<SubscribeOrdersCommand>());
  r.commands_.push_back(std::make_unique<PublishCountrySalesCommand>());
  r.commands_.push_back(std::make_unique<SinkCountrySalesCommand>());
  r.commands_.push_back(std::make_unique<LoadCountrySalesCommand>());
  r.commands_.push_back(std::make_unique<DagRunCommand>("dag run", dag::Trigger::kCli));
  r.commands_.push_back(std::make_unique<DagRunCommand>("dag trigger", dag::Trigger::kManual));
  r.commands_.push_back(std::make_unique<DagListCommand>());
  r.commands_.push_back(std::make_unique<DagHistoryCommand>());
  r.commands_.push_back(std::make_unique<SqlCommand>());
  r.commands_.push_back(std::make_unique<ConfigShowCommand>());
  r.commands_.push_back(std::make_unique<SecretsKeygenCommand>());
  r.commands_.push_back(std::make_unique<SecretsEncryptCommand>());
  r.commands_.push_back(std::make_unique<SecretsDecryptCommand>());
  r.commands_.push_back(std::make_unique<SecretsImportLegacyCommand>());
  return r;
}

ExitCode CommandRegistry::Dispatch(int argc, char** argv) {
  CLI::App root(kDescription, "retailpipe");
  root.footer(kFooter);
  root.require_subcommand(1);
  root.set_version_flag("--version", "retailpipe 0.1.0 (DuckDB 1.4.4)");
  GlobalFlags flags;
  AddGlobalFlags(root, flags);
  std::map<std::string, CLI::App*> groups;
  std::map<CLI::App*, Command*> leaves;
  for (auto& cmd : commands_) {
    std::string name(cmd->name());
    CLI::App* parent = &root;
    if (size_t space = name.find(' '); space != std::string::npos) {
      std::string group = name.substr(0, space);
      if (!groups.count(group)) {
        groups[group] = root.add_subcommand(group, GroupSummaries().at(group));
        groups[group]->require_subcommand(1);
        groups[group]->fallthrough();
      }
      parent = groups[group];
      name = name.substr(space + 1);
    }
    CLI::App* sub = parent->add_subcommand(name, std::string(cmd->summary()));
    sub->fallthrough();
    cmd->Configure(*sub);
    leaves[sub] = cmd.get();
  }
  try {
    root.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = root.exit(e);
    return code == 0 ? ExitCode::kOk : ExitCode::kUsage;
  }
  Command* selected = nullptr;
  for (auto& [sub, cmd] : leaves) {
    if (sub->parsed()) selected = cmd;
  }
  if (selected == nullptr) return ExitCode::kUsage;

  std::optional<Context> made = MakeContext(*selected, flags);
  if (!made) return ExitCode::kUsage;
  const Context& context = *made;
  auto outcome = selected->Run(context);
  if (!outcome.has_value()) {
    // One line for a person on the terminal; the log file gets it too.
    std::fprintf(stderr, "retailpipe: error: %s\n", outcome.error().message().c_str());
    if (!context.config().log.file.empty()) {
      log::Get("app").debug("{} failed: {}", selected->name(), outcome.error().message());
    }
    return ExitFor(outcome.error());
  }
  return *outcome == Outcome::kPartial ? ExitCode::kPartial : ExitCode::kOk;
}

}  // namespace retailpipe::app
