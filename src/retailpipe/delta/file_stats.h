// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/delta/delta_schema.h"
#include "retailpipe/engine/fwd.h"

namespace retailpipe::delta {

/// Longest string prefix kept in min statistics, in code points (Spark's default, 32). A
/// longer maximum is left out, since a truncated maximum would no longer bound the values.
inline constexpr size_t kStatsStringPrefix = 32;

/// The statistics of one data file.
struct FileStats {
  int64_t num_records = 0;
  /// {"numRecords":N,"minValues":{..},"maxValues":{..},"nullCount":{..}}: per column of
  /// `fields`; min/max left out where unknown (all null, NaN, booleans, long strings).
  std::string json;
};

/// Return the statistics of the local Parquet file `path` (whose columns are `fields`),
/// computed by DuckDB in one scan. Errors: those of Connection::Query.
Result<FileStats> ComputeFileStats(engine::Connection& conn, const std::string& path,
                                   const std::vector<DeltaField>& fields);

/// Return the first `max_code_points` code points of the UTF-8 text `s`.
std::string Utf8Prefix(std::string_view s, size_t max_code_points);

}  // namespace retailpipe::delta
