// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/sql_command.h"

#include <cstdio>

#include <CLI/CLI.hpp>

#include "retailpipe/app/row_set_printer.h"
#include "retailpipe/app/services.h"

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
      "Tables: customers_data_mart, sales_team_data_mart, product_staging_table (file ledger),\n"
      "sales_quarantine (bad rows), customer, store, product, sales_team.");
}

Result<Outcome> SqlCommand::Run(const Context& context) {
  RP_ASSIGN_OR_RETURN(RowFormat format, ParseRowFormat(format_));
  RP_ASSIGN_OR_RETURN(auto wh, OpenWarehouse(context.config()));
  RP_ASSIGN_OR_RETURN(auto rows, wh->Query(query_));
  std::string text = FormatRows(rows, format);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return Outcome::kOk;
}

}  // namespace retailpipe::app
