// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <span>
#include <string>

#include "retailpipe/base/status.h"
#include "retailpipe/db/fwd.h"
#include "retailpipe/load/country_sales_csv.h"

namespace retailpipe::load {

/// The rows of country sales files that were set aside, in the warehouse table
/// country_sales_quarantine: file, line, reason code, reason and the raw line, so a person
/// finds them with `retailpipe sql "SELECT * FROM country_sales_quarantine"`. A whole
/// refused file has one row with line 0.
///
/// Holds a reference to the warehouse, which must outlive it; use from one thread.
class QuarantineLog {
 public:
  explicit QuarantineLog(db::Warehouse& wh) : wh_(wh) {}

  /// Create the table if it does not exist.
  Status EnsureSchema();

  /// Replace the rows of `file_key` with `rows` in one transaction, so loading a file again
  /// leaves one set of rows. `stored_at` is where the file is kept afterwards.
  Status Replace(const std::string& file_key, const std::string& country,
                 const std::string& stored_at, std::span<const QuarantinedRow> rows);

 private:
  db::Warehouse& wh_;
};

}  // namespace retailpipe::load
