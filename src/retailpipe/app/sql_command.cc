// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/sql_command.h"

#include <cstdio>

#include <CLI/CLI.hpp>

#include "retailpipe/app/lake_tables.h"
#include "retailpipe/app/row_set_printer.h"
#include "retailpipe/app/services.h"
#include "retailpipe/base/log.h"
#include "retailpipe/db/duckdb_warehouse.h"

namespace retailpipe::app {

std::string_view SqlCommand::summary() const {
  return "Run one SQL query on the warehouse and print the result";
}

void SqlCommand::Configure(CLI::App& cli) {
  cli.add_option("query", query_, "The SQL statement, e.g. \"SELECT * FROM sales_team_data_mart\"")
      ->required();
  cli.add_option("-f,--format", format_, "Output: table (default), csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  cli.footer(
      "Warehouse tables: customers_data_mart, sales_team_data_mart, product_staging_table (file\n"
      "ledger), sales_quarantine (bad rows), customer, store, product, sales_team.\n"
      "Lake (Delta) tables in the store, by name: clients_address, products, packages (orders\n"
      "reference), events, orders, orders_items, stock_movements, rejected_records (orders\n"
      "subscriber), package_stock (current stock). A query that names lake tables runs in DuckDB: "
      "on the DuckDB warehouse\n"
      "beside its tables, or, with a MySQL/PostgreSQL warehouse, on the lake tables alone.");
}

Result<Outcome> SqlCommand::Run(const Context& context) {
  RP_ASSIGN_OR_RETURN(RowFormat format, ParseRowFormat(format_));
  const config::Config& config = context.config();
  std::vector<LakeTable> lake = LakeTablesNamedIn(config, query_);
  RP_ASSIGN_OR_RETURN(std::unique_ptr<db::Warehouse> wh, OpenWarehouse(config));
  std::vector<std::string> missing;
  if (!lake.empty()) {
    if (wh->dialect() != db::Dialect::kDuckDb) {
      log::Get("app").info(
          "the query names lake tables: running it in DuckDB, where the tables "
          "of {} are not visible",
          wh->redacted_uri());
      RP_ASSIGN_OR_RETURN(wh, db::DuckDbWarehouse::Open("", config.engine));
    }
    RP_ASSIGN_OR_RETURN(auto store, OpenStore(config));
    RP_RETURN_IF_ERROR(CreateLakeViews(config, *store, *wh, lake, &missing));
  }
  auto rows = wh->Query(query_);
  if (!rows.has_value() && !missing.empty()) {
    std::string names;
    for (const std::string& name : missing) names += (names.empty() ? "" : ", ") + name;
    return rows.error().WithContext(
        "not written yet: " + names +
        " (`retailpipe generate reference` writes the reference tables, `retailpipe subscribe "
        "orders` the others)");
  }
  if (!rows.has_value()) return rows.error();
  std::string text = FormatRows(*rows, format);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return Outcome::kOk;
}

}  // namespace retailpipe::app
