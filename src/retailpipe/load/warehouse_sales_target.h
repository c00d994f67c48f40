// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "retailpipe/db/fwd.h"
#include "retailpipe/load/sales_target.h"

namespace retailpipe::load {

/// The embedded default target: the warehouse table stage_sales (the seed's stage.sales),
/// keyed by sale_id, with typed columns (datetime a timestamp, selling_price DECIMAL(12,2))
/// and where each row came from (source_key, source_line, loaded_at).
///
/// Each Write() is one transaction: the rows go into the staging table
/// stage_sales_incoming under a fresh load id, then replace the rows with the same sale_ids
/// in stage_sales (DELETE ... IN (SELECT ...) + INSERT ... SELECT: portable across DuckDB,
/// MySQL/MariaDB and PostgreSQL, where MERGE is not), so a re-run is idempotent and a crash
/// leaves the table as it was.
///
/// Holds a reference to the warehouse, which must outlive it; use from one thread.
class WarehouseSalesTarget final : public SalesTarget {
 public:
  explicit WarehouseSalesTarget(db::Warehouse& wh) : wh_(wh) {}

  std::string Describe() const override;
  Status Prepare() override;
  Result<WriteStats> Write(std::span<const CountrySale> rows, std::string_view source_key,
                           std::stop_token stop) override;

 private:
  db::Warehouse& wh_;
  int64_t loads_ = 0;
};

}  // namespace retailpipe::load
