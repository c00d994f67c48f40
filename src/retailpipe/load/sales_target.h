// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/load/country_sale.h"

namespace retailpipe::load {

/// What one Write() took.
struct WriteStats {
  int64_t rows = 0;          ///< Rows written (all of them: Write() is all or nothing).
  int64_t requests = 0;      ///< Requests or statements sent.
  int64_t retried_rows = 0;  ///< Rows sent again (DynamoDB UnprocessedItems).
};

/// Where checked country sales land, keyed by sale_id: writing a row whose sale_id is there
/// already replaces it, so loading a file twice leaves the same table (the seed's
/// stage.sales, keyed by sale_id). Implementations: WarehouseSalesTarget (embedded default),
/// DynamoDbSalesTarget.
///
/// One target is used from one thread at a time.
class SalesTarget {
 public:
  virtual ~SalesTarget() = default;

  /// Return what and where the target is, for messages: "DynamoDB table stage.sales at ...".
  virtual std::string Describe() const = 0;

  /// Make sure the table exists: create it where that is ours to do (the warehouse), check
  /// it elsewhere. Errors: kFailedPrecondition naming the table and how to create it; those
  /// of the service.
  virtual Status Prepare() = 0;

  /// Write `rows`, read from the object `source_key`, every one or an error; a retry of the
  /// same rows is harmless. REQUIRES: sale_ids are unique within `rows`. Checks `stop` between
  /// requests and returns kCancelled when it is requested (some rows may have landed; a retry
  /// completes them).
  virtual Result<WriteStats> Write(std::span<const CountrySale> rows, std::string_view source_key,
                                   std::stop_token stop) = 0;
};

}  // namespace retailpipe::load
