// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/load/quarantine_log.h"

#include "retailpipe/base/clock.h"
#include "retailpipe/db/warehouse.h"

namespace retailpipe::load {
namespace {

constexpr std::string_view kSchema =
    "CREATE TABLE IF NOT EXISTS country_sales_quarantine ("
    "file_key VARCHAR(1024) NOT NULL, "
    "country VARCHAR(8) NOT NULL, "
    "line_number BIGINT NOT NULL, "
    "reason_code VARCHAR(32) NOT NULL, "
    "reason TEXT, "
    "raw_line TEXT, "
    "stored_at VARCHAR(1024), "
    "quarantined_at TIMESTAMP)";

}  // namespace

Status QuarantineLog::EnsureSchema() {
  return wh_.Execute(kSchema).WithContext("while creating country_sales_quarantine in " +
                                          wh_.redacted_uri());
}

Status QuarantineLog::Replace(const std::string& file_key, const std::string& country,
                              const std::string& stored_at, std::span<const QuarantinedRow> rows) {
  auto replace = [&]() -> Status {
    RP_ASSIGN_OR_RETURN(auto tx, db::Transaction::Begin(wh_));
    model::Value key[] = {file_key};
    RP_RETURN_IF_ERROR(wh_.Execute("DELETE FROM country_sales_quarantine WHERE file_key = ?", key));
    if (!rows.empty()) {
      model::RowSet set;
      set.columns = {"file_key", "country",  "line_number", "reason_code",
                     "reason",   "raw_line", "stored_at",   "quarantined_at"};
      const std::string now = NowUtcText();
      for (const QuarantinedRow& row : rows) {
        set.rows.push_back({file_key, country, row.line_number, row.reason_code, row.reason,
                            row.raw_line, stored_at, now});
      }
      RP_RETURN_IF_ERROR(wh_.BulkInsert("country_sales_quarantine", set));
    }
    return tx.Commit();
  };
  return replace().WithContext("while recording the quarantined rows of " + file_key);
}

}  // namespace retailpipe::load
