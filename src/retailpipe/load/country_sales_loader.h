// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/load/fwd.h"
#include "retailpipe/storage/fwd.h"

namespace retailpipe::load {

/// Where the loader looks and how it pages.
struct LoaderOptions {
  /// Store prefix with one folder "<CC>/" per country (country_sales.inbound_prefix).
  std::string inbound_prefix = "Inbound/";
  /// Keys per listing page, 1..1000.
  int list_page_size = 1000;
};

/// What loading one country's folder did.
struct CountryLoadSummary {
  std::string country;
  int64_t files_loaded = 0;                  ///< Moved to Processed/.
  int64_t files_quarantined = 0;             ///< Refused whole, moved to Quarantine/.
  int64_t files_vanished = 0;                ///< Listed, then gone before they could be read.
  std::vector<std::string> skipped_objects;  ///< Not .csv: left where they are.
  int64_t rows_loaded = 0;
  int64_t rows_quarantined = 0;
  int64_t rows_duplicate = 0;  ///< Identical repeats within a file, loaded once.
  int64_t bytes_read = 0;
  int64_t requests = 0;      ///< Requests (or statements) made to the target.
  int64_t retried_rows = 0;  ///< Rows the target had to send again.
  double seconds = 0;

  /// Return true if anything was set aside.
  bool partial() const { return rows_quarantined > 0 || files_quarantined > 0; }
};

/// Loads the country sales CSV files of the store into a SalesTarget (seed 004's
/// load_s3_to_db task, fixed): lists the top level of Inbound/<CC>/ page by page (keys in
/// Archived/, Processed/ and Quarantine/ below it are not listed), reads each .csv object,
/// checks it (ParseCountrySalesCsv), writes the good rows to the target, records the bad
/// ones in the QuarantineLog, and only then moves the object to Inbound/<CC>/Processed/. A
/// file refused as a whole (no header it can use, empty) goes to Inbound/<CC>/Quarantine/
/// with one quarantine row. Objects that are not .csv are left in place and reported.
///
/// A crash or an error before the move leaves the object where it was, so the next run
/// loads it again; the target's key (sale_id) and the quarantine's per-file replace make
/// that harmless. Holds references to its collaborators, which must outlive it; use from
/// one thread.
class CountrySalesLoader {
 public:
  CountrySalesLoader(storage::ObjectStore& store, SalesTarget& target, QuarantineLog& quarantine,
                     LoaderOptions options);

  /// Load every file of `country` ("US"); stops between files and batches when `stop` is
  /// requested (kCancelled). Errors: those of the store, the target and the quarantine log,
  /// with context naming the file; files done before an error stay done.
  Result<CountryLoadSummary> LoadCountry(std::string_view country, std::stop_token stop = {});

 private:
  Status LoadFile(const std::string& key, const std::string& country, std::stop_token stop,
                  CountryLoadSummary& summary);

  storage::ObjectStore& store_;
  SalesTarget& target_;
  QuarantineLog& quarantine_;
  LoaderOptions options_;
};

}  // namespace retailpipe::load
