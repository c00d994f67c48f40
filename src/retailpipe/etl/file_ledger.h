// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/db/warehouse.h"

namespace retailpipe::etl {

/// A file's state in the ledger (the seeds' product_staging_table.status).
enum class FileStatus : char {
  kActive = 'A',       ///< Claimed by a run that has not finished it.
  kDone = 'I',         ///< Processed; its rows are in the marts.
  kQuarantined = 'Q',  ///< Refused as a whole; see reason_code and reason.
};

/// One row of the ledger.
struct LedgerEntry {
  std::string file_name;  ///< Object key relative to the inbox prefix.
  std::string checksum;   ///< Content digest (HashFile).
  std::string location;   ///< Full URI of the object when it was claimed.
  int64_t size_bytes = 0;
  std::string batch_id;
  FileStatus status = FileStatus::kActive;
  std::string reason_code;
  std::string reason;
  int64_t rows_in = 0;
  int64_t rows_out = 0;
  int64_t rows_quarantined = 0;
};

/// The file ledger of the sales ETL, kept in the warehouse table product_staging_table.
///
/// A file (name + content) moves A -> I, or straight to Q. The ledger is what makes a file
/// processed at most once and lets a run resume the batch a crashed run left in state A.
/// Holds a reference to the warehouse, which must outlive it; use from one thread.
class FileLedger {
 public:
  explicit FileLedger(db::Warehouse& wh) : wh_(wh) {}

  /// Return every entry in state A, ordered by batch and file name.
  Result<std::vector<LedgerEntry>> ActiveEntries();

  /// Return the entry for this exact file, if any.
  Result<std::optional<LedgerEntry>> Find(const std::string& file_name,
                                          const std::string& checksum);

  /// Return true if some other content under this name is already done.
  Result<bool> NameDoneWithOtherContent(const std::string& file_name, const std::string& checksum);

  /// Insert `entries` in state A, in one transaction.
  Status Claim(const std::vector<LedgerEntry>& entries);

  /// Record `entry` (status Q, reason set) replacing any row for the same file.
  Status RecordQuarantine(const LedgerEntry& entry);

  /// Mark the file done with its row counts. Runs inside the caller's transaction.
  Status MarkDone(const LedgerEntry& entry);

 private:
  Status Upsert(const LedgerEntry& entry);
  db::Warehouse& wh_;
};

}  // namespace retailpipe::etl
