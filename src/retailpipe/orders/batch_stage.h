// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/engine/fwd.h"
#include "retailpipe/orders/fwd.h"

namespace retailpipe::orders {

/// Per stream partition, the first offset whose rows a table still needs: rows of records at
/// or past it are written, earlier ones are already in the table (its txn version).
using OffsetFloors = std::map<int32_t, int64_t>;

/// The rows of one batch held in DuckDB temporary tables (one per Delta table, with the
/// record's partition, offset and a sequence number beside the table's columns), from which
/// each DeltaTable::Append() selects the rows that table still needs.
///
/// Holds a reference to the connection, which must outlive it. Not thread-safe.
class BatchStage {
 public:
  /// Create the temporary tables on `conn`. Errors: engine errors.
  static Result<std::unique_ptr<BatchStage>> Make(engine::Connection& conn);

  explicit BatchStage(engine::Connection& conn) : conn_(conn) {}
  BatchStage(const BatchStage&) = delete;
  BatchStage& operator=(const BatchStage&) = delete;

  /// Replace the staged rows with `rows`. Errors: engine errors.
  Status Load(const BatchRows& rows);

  /// Return the query of the staged rows of `table` whose record is at or past the floor of
  /// its partition (none for a partition not in `floors`), with the table's columns, in
  /// record order.
  std::string Select(OrdersTable table, const OffsetFloors& floors) const;

 private:
  engine::Connection& conn_;
};

}  // namespace retailpipe::orders
