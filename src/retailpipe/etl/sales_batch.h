// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/config/options.h"
#include "retailpipe/engine/fwd.h"
#include "retailpipe/etl/sales_file_check.h"
#include "retailpipe/etl/sales_sql.h"
#include "retailpipe/model/row_set.h"

namespace retailpipe::etl {

/// One file of a batch, downloaded and checked.
struct BatchFile {
  int64_t file_id = 0;
  std::string file_name;  ///< Key relative to the inbox.
  std::string checksum;
  std::string local_path;  ///< The downloaded copy; its name is ours, never the input's.
  SalesFileLayout layout;
};

/// What happened to one file's rows.
struct FileOutcome {
  int64_t rows_in = 0;           ///< Data records read (header excluded).
  int64_t rows_out = 0;          ///< Records accepted into the marts.
  int64_t rows_quarantined = 0;  ///< Records in the quarantine table.
  std::string unreadable;        ///< Non-empty: the engine could not read the file at all.
};

/// The engine-side work of one batch of sales files, in a private in-memory DuckDB:
/// stage (read and type), check (rules and enrichment), collect the quarantine with raw
/// lines, write the accepted rows as partitioned Parquet, and compute the marts.
///
/// Owns its engine. Single-threaded, except Progress(), which any thread may call.
class SalesBatch {
 public:
  /// Open a fresh engine and prepare the typing macros. `tolerance` is
  /// sales.total_tolerance.
  static Result<std::unique_ptr<SalesBatch>> Open(const config::EngineOptions& engine, SalesSql sql,
                                                  double tolerance);
  ~SalesBatch();
  SalesBatch(const SalesBatch&) = delete;
  SalesBatch& operator=(const SalesBatch&) = delete;

  /// Create dimension table `table` (customer, store, sales_team) in the engine from `rows`.
  Status LoadDimension(const std::string& table, const model::RowSet& rows);

  /// Read and type every file, one parallel scan per header layout. A file the engine cannot
  /// read at all is set aside with FileOutcome::unreadable instead of failing the batch.
  Status Stage(std::vector<BatchFile> files);

  /// Count rows per file and build the quarantine rows (file_name, checksum, line_number,
  /// reason_code, reason, raw_line), re-reading only the files that have bad rows.
  Result<model::RowSet> CollectQuarantine();

  /// Return the outcome per file_id; complete after CollectQuarantine().
  const std::map<int64_t, FileOutcome>& outcomes() const { return outcomes_; }

  /// Return the months ("YYYY-MM") of the accepted rows, ascending.
  Result<std::vector<std::string>> AffectedMonths();

  /// Write the accepted, enriched rows to `dir` as Parquet partitioned by sales_month and
  /// store_id, file names starting with `file_prefix`. Return the files' paths relative to dir.
  Result<std::vector<std::string>> WritePartitioned(const std::string& dir,
                                                    const std::string& file_prefix);

  /// Define the view enriched_sales as this batch's accepted rows plus the rows of
  /// `prior_parquet` (partitioned files of earlier batches, same months), then build both
  /// marts. Return them as {customer mart, sales team mart}.
  Result<std::pair<model::RowSet, model::RowSet>> BuildMarts(
      const std::vector<std::string>& prior_parquet);

  /// Write mart `table` (rp_customer_mart or rp_sales_team_mart) to `dir` as Parquet
  /// partitioned by `partition_column`. Return the files' paths relative to dir.
  Result<std::vector<std::string>> WriteMart(const std::string& table,
                                             const std::string& partition_column,
                                             const std::string& dir);

  /// Return the engine's progress on the running statement, 0..100, or -1 if unknown.
  double Progress() const;

 private:
  SalesBatch(std::unique_ptr<engine::Database> db, std::unique_ptr<engine::Connection> conn,
             SalesSql sql);
  Status StageGroup(const std::vector<const BatchFile*>& group, int group_index);
  Result<std::map<int64_t, std::vector<int64_t>>> RejectedRecords();
  Status CollectFileQuarantine(const BatchFile& file, const std::vector<int64_t>& rejected,
                               model::RowSet& out);

  std::unique_ptr<engine::Database> db_;
  std::unique_ptr<engine::Connection> conn_;
  SalesSql sql_;
  std::vector<BatchFile> files_;
  std::map<int64_t, FileOutcome> outcomes_;
  std::vector<std::string> reject_tables_;  // pairs: errors table, scans table
  int slow_reads_ = 0;                      // names the re-reads' reject tables
};

/// Return the people's text for a row reason code ("TOTAL_MISMATCH" -> "total_cost is not ...").
std::string RowReasonText(std::string_view code);

}  // namespace retailpipe::etl
