// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/load/warehouse_sales_target.h"

#include <chrono>

#include <unistd.h>

#include "retailpipe/base/clock.h"
#include "retailpipe/db/warehouse.h"

namespace retailpipe::load {
namespace {

constexpr std::string_view kColumns =
    "sale_id, product_code, country_of_sale, datetime, selling_price, currency, source_key, "
    "source_line, loaded_at";

// MySQL's TIMESTAMP keeps whole seconds and ends in 2038; DATETIME(6) keeps microseconds.
std::string TimeType(db::Dialect dialect) {
  return dialect == db::Dialect::kMySql ? "DATETIME(6)" : "TIMESTAMP";
}

std::string TableDdl(std::string_view table, db::Dialect dialect, std::string_view extra) {
  return "CREATE TABLE IF NOT EXISTS " + std::string(table) +
         " (sale_id VARCHAR(128) NOT NULL, product_code VARCHAR(32) NOT NULL, "
         "country_of_sale VARCHAR(8) NOT NULL, datetime " +
         TimeType(dialect) +
         " NOT NULL, selling_price DECIMAL(12,2) NOT NULL, currency VARCHAR(3) NOT NULL, "
         "source_key VARCHAR(1024), source_line BIGINT, loaded_at TIMESTAMP" +
         std::string(extra) + ")";
}

}  // namespace

std::string WarehouseSalesTarget::Describe() const {
  return "warehouse table stage_sales in " + wh_.redacted_uri();
}

Status WarehouseSalesTarget::Prepare() {
  const db::Dialect dialect = wh_.dialect();
  RP_RETURN_IF_ERROR(wh_.Execute(TableDdl("stage_sales", dialect, ", PRIMARY KEY (sale_id)"))
                         .WithContext("while creating stage_sales in " + wh_.redacted_uri()));
  return wh_.Execute(TableDdl("stage_sales_incoming", dialect, ", load_id VARCHAR(64) NOT NULL"))
      .WithContext("while creating stage_sales_incoming in " + wh_.redacted_uri());
}

Result<WriteStats> WarehouseSalesTarget::Write(std::span<const CountrySale> rows,
                                               std::string_view source_key, std::stop_token stop) {
  WriteStats stats;
  if (rows.empty()) return stats;
  if (stop.stop_requested()) return Status::Cancelled("the load was asked to stop");
  // Unique per process and write, so a concurrent loader's staged rows are never touched.
  const std::string load_id =
      std::to_string(::getpid()) + "-" +
      std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "-" +
      std::to_string(++loads_);
  model::RowSet set;
  set.columns = {"sale_id",  "product_code", "country_of_sale", "datetime",  "selling_price",
                 "currency", "source_key",   "source_line",     "loaded_at", "load_id"};
  const std::string now = NowUtcText();
  set.rows.reserve(rows.size());
  for (const CountrySale& sale : rows) {
    set.rows.push_back({sale.sale_id, sale.product_code, sale.country_of_sale, sale.datetime,
                        sale.selling_price, sale.currency, std::string(source_key),
                        sale.line_number, now, load_id});
  }
  auto write = [&]() -> Status {
    RP_ASSIGN_OR_RETURN(auto tx, db::Transaction::Begin(wh_));
    RP_RETURN_IF_ERROR(wh_.BulkInsert("stage_sales_incoming", set));
    model::Value id[] = {load_id};
    RP_RETURN_IF_ERROR(
        wh_.Execute("DELETE FROM stage_sales WHERE sale_id IN "
                    "(SELECT sale_id FROM stage_sales_incoming WHERE load_id = ?)",
                    id));
    RP_RETURN_IF_ERROR(wh_.Execute("INSERT INTO stage_sales (" + std::string(kColumns) +
                                       ") SELECT " + std::string(kColumns) +
                                       " FROM stage_sales_incoming WHERE load_id = ?",
                                   id));
    RP_RETURN_IF_ERROR(wh_.Execute("DELETE FROM stage_sales_incoming WHERE load_id = ?", id));
    return tx.Commit();
  };
  RP_RETURN_IF_ERROR(write().WithContext("while writing " + std::to_string(rows.size()) +
                                         " rows to stage_sales in " + wh_.redacted_uri()));
  stats.rows = static_cast<int64_t>(rows.size());
  stats.requests = 1;
  return stats;
}

}  // namespace retailpipe::load
