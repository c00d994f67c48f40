// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/gen/sales_dimensions.h"

namespace retailpipe::storage {
class ObjectStore;
}  // namespace retailpipe::storage

namespace retailpipe::gen {

/// The kinds of deliberately broken rows, in the order they are cycled through.
enum class BadRowClass {
  kBadDate,             ///< sales_date "2023-13-45".
  kBadNumber,           ///< price "abc".
  kFieldCount,          ///< product_name left out: one field too few.
  kTotalMismatch,       ///< total_cost = price * quantity + 5.00.
  kUnknownCustomer,     ///< customer_id 999999.
  kUnknownSalesPerson,  ///< sales_person_id 999.
};
inline constexpr size_t kBadRowClassCount = 6;

/// Return the upper-case name of `bad_class`: "BAD_DATE", "BAD_NUMBER", "FIELD_COUNT",
/// "TOTAL_MISMATCH", "UNKNOWN_CUSTOMER" or "UNKNOWN_SALES_PERSON".
std::string_view BadRowClassName(BadRowClass bad_class);

/// What GenerateSalesFiles() writes (seeds.md §2.4). Output is a pure function of these
/// fields (threads aside) and kSalesSpecVersion.
struct SalesGenOptions {
  /// Seed of every random draw.
  uint64_t seed = 1;
  /// Number of plain files sales_data_part_0001.csv ... (0..99999).
  int files = 4;
  /// Rows in each plain file, and in each variant file.
  int64_t rows_per_file = 500;
  /// Sales dates are uniform over [start_date, end_date], "YYYY-MM-DD".
  std::string start_date = "2023-03-03";
  std::string end_date = "2023-08-20";
  /// customer_id is uniform over 1..customers (1..999998; 999999 marks a bad row).
  int customers = 25;
  /// The products sold.
  Catalogue catalogue = Catalogue::kUpstream;
  /// Also write sales_data_extra_columns.csv: a trailing payment_mode column (cash, UPI).
  bool extra_column_file = false;
  /// Also write sales_data_missing_store_id.csv: no store_id, a payment_mode column, and
  /// sales_person_id as a quoted list "[1, 2, 3]" as in the seed.
  bool missing_column_file = false;
  /// Also write sales_data_notes.json, which is not a CSV file.
  bool non_csv_file = false;
  /// If not empty, a "YYYY-MM-DD" date: also write sales_data_<date>.csv with every row on it.
  std::string datewise_date;
  /// Bad rows in total, cycled over the BadRowClass values and spread evenly over the plain
  /// files, replacing good rows (0..files * rows_per_file).
  int64_t bad_rows = 0;
  /// Files generated at once (1..64). Does not change the output.
  int threads = 2;

  /// Return kInvalidArgument naming the first field out of range, else OK.
  Status Validate() const;
};

/// What GenerateSalesFiles() wrote.
struct SalesGenSummary {
  /// Data rows (good + bad, header excluded) per object key; 0 for the JSON file.
  std::map<std::string, int64_t> rows_per_file;
  /// Bad rows per object key, for the files that have any.
  std::map<std::string, int64_t> bad_rows_per_file;
  /// Bad rows per class, indexed by static_cast<size_t>(BadRowClass).
  std::array<int64_t, kBadRowClassCount> bad_rows_per_class{};
  /// Good rows in the files that have every mandatory column (plain, datewise and
  /// extra-column files; not the missing-column file, which the ETL rejects as a whole).
  int64_t good_rows = 0;
};

/// Write the sales CSV files described by `options` to `store` under `prefix` (e.g.
/// "sales_data/"), each first written to a temp file in `work_dir` (created if missing) and
/// then uploaded; the temp files are removed. Files: <prefix>sales_data_part_0001.csv ...,
/// then the optional variants. Rows are byte-identical for the same options and seed
/// whatever `threads` is, because each file draws from its own Rng::ForStream.
/// Errors: kInvalidArgument from options.Validate(); kIoError for local files; any error
/// of ObjectStore::Upload or Put, with the key as context. Files uploaded before an error
/// stay in the store.
Result<SalesGenSummary> GenerateSalesFiles(const SalesGenOptions& options,
                                           storage::ObjectStore& store, std::string_view prefix,
                                           const std::string& work_dir);

}  // namespace retailpipe::gen
