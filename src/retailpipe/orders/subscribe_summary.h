// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

namespace retailpipe::orders {

/// What one OrdersSubscriber::Run() did, counted over the batches it committed. A plain value.
struct SubscribeSummary {
  /// Stream records handled (every record of every committed batch).
  int64_t records = 0;
  /// Orders accepted and decided by this run.
  int64_t orders = 0;
  /// Items decided by this run: stock taken, or refused (with an INVENTORY_REFUSED event).
  int64_t items_applied = 0;
  int64_t items_refused = 0;
  /// Records written to rejected_records by this run (invalid payloads, duplicate orders),
  /// including those a crashed run rejected before it could write them.
  int64_t rejected = 0;
  /// Records whose decisions were already in the ledger (a replay after a crash, or another
  /// subscriber's work), reused instead of decided again.
  int64_t replayed = 0;
  /// Delta commits made (all tables).
  int64_t commits = 0;
  /// Batches committed (to the tables and then to the stream).
  int64_t batches = 0;
  /// Appends retried because another writer committed first (ledger decisions made again,
  /// or an overlapping batch of the same partition).
  int64_t conflicts = 0;
  /// Ledger data files of other writers loaded into the stock.
  int64_t ledger_files_loaded = 0;
  /// Per committed batch: milliseconds from its oldest record's timestamp to the stream
  /// commit (end-to-end latency; batches without record timestamps give no sample).
  std::vector<int64_t> batch_latency_ms;
};

}  // namespace retailpipe::orders
