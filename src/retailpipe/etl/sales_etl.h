// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/config/options.h"
#include "retailpipe/db/warehouse.h"
#include "retailpipe/etl/file_ledger.h"
#include "retailpipe/etl/sales_batch.h"
#include "retailpipe/etl/sales_sql.h"
#include "retailpipe/storage/object_store.h"

namespace retailpipe::etl {

/// A file refused as a whole, and why.
struct QuarantinedFile {
  std::string file_name;
  std::string reason_code;
  std::string reason;
  std::string moved_to;  ///< Where the object now is.
};

/// What one `etl sales` run did.
struct SalesEtlSummary {
  int files_processed = 0;     ///< Files whose rows went through (some rows may be bad).
  int files_resumed = 0;       ///< Of those, files a crashed run had left in state A.
  int files_already_done = 0;  ///< Files the ledger had processed; moved, not re-read.
  std::vector<QuarantinedFile> quarantined_files;
  int64_t rows_in = 0;
  int64_t rows_out = 0;
  int64_t rows_quarantined = 0;
  std::map<std::string, int64_t> rows_by_reason;  ///< Quarantined rows per reason code.
  std::vector<std::string> months;                ///< Months whose marts were rebuilt.
  int64_t customer_mart_rows = 0;                 ///< Rows written for those months.
  int64_t sales_team_mart_rows = 0;
  int parquet_files = 0;  ///< Objects written to the store.
  std::vector<std::string> batches;
  double seconds = 0;

  bool anything_quarantined() const { return !quarantined_files.empty() || rows_quarantined > 0; }
};

/// The sales ETL of seeds 002/003 with their bugs fixed (seeds.md §2.5, §2.8):
/// inbox listing (paged) -> download -> ledger -> file checks (quarantine) -> one batch in
/// the engine (typing, rules, enrichment, row quarantine) -> partitioned Parquet -> marts for
/// the affected months -> one warehouse transaction (marts, quarantine, ledger) -> move the
/// processed files. A batch a crashed run left in state A is resumed first, as the same batch,
/// so nothing is skipped or counted twice.
///
/// Holds references to the store and warehouse, which must outlive it. One Run() at a time
/// per work_dir (enforced by a lock file).
class SalesEtl {
 public:
  SalesEtl(const config::Config& config, storage::ObjectStore& store, db::Warehouse& wh);

  /// Run once over what the inbox holds. Bad files and rows are quarantined, not errors.
  /// Errors: kFailedPrecondition if another run is active, kInvalidArgument for a bad
  /// setting, and whatever the store, warehouse or engine return.
  Result<SalesEtlSummary> Run();

 private:
  struct Intake;
  Status ResumeActiveBatches();
  Status TakeInNewFiles();
  Status ProcessBatch(const std::string& batch_id, std::vector<BatchFile> files);
  Status QuarantineFile(LedgerEntry entry, const std::string& local_path);
  Status LoadDimensions(SalesBatch& batch);
  Status PublishPartitioned(SalesBatch& batch, const std::string& batch_id, const std::string& dir);
  Result<std::vector<std::string>> FetchPriorPartitions(const std::vector<std::string>& months,
                                                        const std::string& batch_id,
                                                        const std::string& dir);
  Status PublishMart(SalesBatch& batch, const std::string& table, const std::string& column,
                     const std::string& prefix, const std::string& dir);
  Status CommitBatch(const std::string& batch_id, const std::vector<BatchFile>& files,
                     const SalesBatch& batch, model::RowSet quarantine,
                     const std::pair<model::RowSet, model::RowSet>& marts,
                     const std::vector<std::string>& months);
  std::string InboxKey(const std::string& file_name) const;

  const config::Config& config_;
  storage::ObjectStore& store_;
  db::Warehouse& wh_;
  FileLedger ledger_;
  SalesSql sql_;
  SalesEtlSummary summary_;
  int64_t next_file_id_ = 1;
};

}  // namespace retailpipe::etl
