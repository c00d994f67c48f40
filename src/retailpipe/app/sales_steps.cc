// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/sales_steps.h"

#include <fmt/format.h>

#include "retailpipe/base/log.h"
#include "retailpipe/config/redact.h"
#include "retailpipe/db/sql_script.h"
#include "retailpipe/etl/sales_sql.h"
#include "retailpipe/gen/sales_dimensions.h"

namespace retailpipe::app {
namespace {

Status ReplaceTable(db::Warehouse& wh, const std::string& table, const model::RowSet& rows) {
  RP_RETURN_IF_ERROR(wh.Execute("DELETE FROM " + table));
  return wh.BulkInsert(table, rows);
}

}  // namespace

std::string WithCommas(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

Result<gen::SalesGenSummary> GenerateSales(const config::Config& config,
                                           const gen::SalesGenOptions& options,
                                           storage::ObjectStore& store, db::Warehouse& wh) {
  RP_RETURN_IF_ERROR(options.Validate());
  RP_ASSIGN_OR_RETURN(auto sql, etl::SalesSql::Load(config.sales.sql_dir));
  RP_RETURN_IF_ERROR(db::ExecuteScript(wh, sql.schema)
                         .WithContext("while applying schema.sql to " + wh.redacted_uri()));
  gen::SalesDimensionOptions dims;
  dims.seed = options.seed;
  dims.customers = options.customers;
  {
    RP_ASSIGN_OR_RETURN(auto tx, db::Transaction::Begin(wh));
    RP_RETURN_IF_ERROR(ReplaceTable(wh, "customer", gen::CustomerRows(dims)));
    RP_RETURN_IF_ERROR(ReplaceTable(wh, "store", gen::StoreRows()));
    RP_RETURN_IF_ERROR(ReplaceTable(wh, "product", gen::ProductRows(options.catalogue)));
    RP_RETURN_IF_ERROR(ReplaceTable(wh, "sales_team", gen::SalesTeamRows()));
    RP_RETURN_IF_ERROR(tx.Commit());
  }
  log::Get("gen").info("dimension tables customer, store, product, sales_team written to {}",
                       wh.redacted_uri());
  return gen::GenerateSalesFiles(options, store, config.sales.inbox_prefix,
                                 config.sales.work_dir + "/generate");
}

std::string DescribeGeneration(const gen::SalesGenSummary& summary, const config::Config& config) {
  int64_t rows = 0, bad = 0;
  for (const auto& [key, n] : summary.rows_per_file) rows += n;
  for (int64_t n : summary.bad_rows_per_class) bad += n;
  std::string out = fmt::format("generated {} file(s), {} rows ({} bad on purpose) into {}/{}\n",
                                summary.rows_per_file.size(), WithCommas(rows), WithCommas(bad),
                                config::RedactUri(config.store.uri), config.sales.inbox_prefix);
  for (size_t i = 0; i < summary.bad_rows_per_class.size(); ++i) {
    if (summary.bad_rows_per_class[i] == 0) continue;
    out +=
        fmt::format("  bad rows {}: {}\n", gen::BadRowClassName(static_cast<gen::BadRowClass>(i)),
                    WithCommas(summary.bad_rows_per_class[i]));
  }
  out += fmt::format("dimension tables customer, store, product, sales_team written to {}\n",
                     config::RedactUri(config.warehouse.uri));
  return out;
}

std::string DescribeSalesRun(const etl::SalesEtlSummary& s, const config::Config& config) {
  std::string store = config::RedactUri(config.store.uri);
  const auto& o = config.sales;
  std::string out = fmt::format("sales ETL finished in {:.1f} s\n", s.seconds);
  out += fmt::format(
      "  files: {} processed ({} resumed from an interrupted run), {} quarantined, "
      "{} already processed earlier\n",
      s.files_processed, s.files_resumed, s.quarantined_files.size(), s.files_already_done);
  out += fmt::format("  rows:  {} read, {} loaded, {} quarantined\n", WithCommas(s.rows_in),
                     WithCommas(s.rows_out), WithCommas(s.rows_quarantined));
  for (const auto& [code, n] : s.rows_by_reason) {
    out += fmt::format("         {} {}: {}\n", "", code, WithCommas(n));
  }
  for (const auto& f : s.quarantined_files) {
    out += fmt::format("  quarantined file {}: {} ({})\n", f.file_name, f.reason_code, f.reason);
  }
  if (!s.months.empty()) {
    out += fmt::format(
        "  marts rebuilt for {} month(s) {}..{}: customers_data_mart {} rows, "
        "sales_team_data_mart {} rows\n",
        s.months.size(), s.months.front(), s.months.back(), WithCommas(s.customer_mart_rows),
        WithCommas(s.sales_team_mart_rows));
  }
  out += "landed:\n";
  out += fmt::format(
      "  warehouse {}: tables customers_data_mart, sales_team_data_mart, "
      "product_staging_table (file ledger), sales_quarantine\n",
      config::RedactUri(config.warehouse.uri));
  out += fmt::format("  store {}/: {} ({} Parquet files this run), {}, {}\n", store,
                     o.partitioned_prefix, s.parquet_files, o.customer_mart_prefix,
                     o.sales_team_mart_prefix);
  out += fmt::format("  inputs moved to {}/{} (processed) and {}/{} (quarantined)\n", store,
                     o.processed_prefix, store, o.error_prefix);
  if (s.rows_quarantined > 0) {
    out +=
        "look at bad rows: retailpipe sql \"SELECT file_name, line_number, reason_code, "
        "raw_line FROM sales_quarantine ORDER BY file_name, line_number LIMIT 20\"\n";
  }
  return out;
}

}  // namespace retailpipe::app
