// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/generate_reference_command.h"

#include <chrono>
#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "retailpipe/app/orders_reference.h"
#include "retailpipe/app/services.h"
#include "retailpipe/config/redact.h"

namespace retailpipe::app {

std::string_view GenerateReferenceCommand::summary() const {
  return "Write the orders reference tables: clients_address, products, packages (Delta)";
}

void GenerateReferenceCommand::Configure(CLI::App& cli) {
  cli.add_option("--seed", options_.seed, "Seed: the same seed gives the same tables")
      ->capture_default_str();
  cli.add_option("--clients", options_.clients, "Clients; each has 1..--max-addresses addresses")
      ->capture_default_str();
  cli.add_option("--max-addresses", options_.max_addresses_per_client,
                 "Most addresses per client (1..16)")
      ->capture_default_str();
  cli.add_option("--products", options_.products, "Products")->capture_default_str();
  cli.add_option("--package-ids", options_.package_ids,
                 "Distinct package ids (each has subpackage 1, some also 2)")
      ->capture_default_str();
  cli.add_option("--max-components", options_.max_components,
                 "Most packages a product is made of (1..8)")
      ->capture_default_str();
  cli.add_option("--initial-stock", options_.initial_stock,
                 "stock_quantity of every package (the seeds use 1000)")
      ->capture_default_str();
  cli.footer(
      "The tables replace what is under orders.reference_prefix (default orders/gold/) in the\n"
      "store, one Delta overwrite commit each. `retailpipe publish orders` draws orders from\n"
      "them and `retailpipe subscribe orders` takes the initial stock from packages.\n"
      "List columns (coordinates, product_components) are stored as JSON text.");
}

Result<Outcome> GenerateReferenceCommand::Run(const Context& context) {
  RP_RETURN_IF_ERROR(options_.Validate());
  const auto started = std::chrono::steady_clock::now();
  RP_ASSIGN_OR_RETURN(auto store, OpenStore(context.config()));
  gen::ReferenceTables tables = gen::GenerateReferenceTables(options_);
  RP_ASSIGN_OR_RETURN(ReferenceWriteSummary summary,
                      WriteReferenceTables(context.config(), *store, tables));
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::string text = fmt::format(
      "reference tables written to {} (seed {}):\n"
      "  {:<40} {:>9} rows  (version {})\n"
      "  {:<40} {:>9} rows  (version {})\n"
      "  {:<40} {:>9} rows  (version {}, stock {} each)\n"
      "elapsed {:.2f} s\n",
      config::RedactUri(context.config().store.uri), options_.seed, summary.clients_address_path,
      summary.clients_address, summary.clients_address_version, summary.products_path,
      summary.products, summary.products_version, summary.packages_path, summary.packages,
      summary.packages_version, options_.initial_stock, seconds);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return Outcome::kOk;
}

}  // namespace retailpipe::app
