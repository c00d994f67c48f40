// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/delta/fwd.h"
#include "retailpipe/engine/fwd.h"

namespace retailpipe::delta {

/// Whether the view lives in the connection only or in its database.
enum class ViewLifetime { kTemporary, kPersistent };

/// Options of CreateDeltaView().
struct ViewOptions {
  /// For stores DuckDB cannot read directly (mem://, s3://): live files are downloaded into
  /// this local folder (kept; a file already there with the right size is not fetched
  /// again). Not used for file:// stores, whose files are read in place.
  std::string cache_dir;
  ViewLifetime lifetime = ViewLifetime::kTemporary;
};

/// Create or replace the DuckDB view `view_name` over the live files of `snapshot`: a
/// read_parquet() per partition value set, UNION ALL, with the schema's column names and
/// DuckDB types (partition columns filled from the log's partition values). DuckDB's delta
/// extension is not needed. The view sees the snapshot's files only; call it again after the
/// table moves on. Errors: kInvalidArgument for an empty name or a non-file:// store without
/// cache_dir; kFailedPrecondition if the snapshot is not readable; download and engine errors.
/// Return the CREATE OR REPLACE [TEMP] VIEW statement CreateDeltaView() runs, for running
/// on a DuckDB connection this module does not see (e.g. a warehouse's). Downloads files into
/// the cache like CreateDeltaView(). Errors: as CreateDeltaView(), engine errors aside.
Result<std::string> DeltaViewSql(const DeltaLog& log, const DeltaSnapshot& snapshot,
                                 std::string_view view_name, const ViewOptions& options);

Status CreateDeltaView(engine::Connection& conn, const DeltaLog& log, const DeltaSnapshot& snapshot,
                       std::string_view view_name, const ViewOptions& options);

}  // namespace retailpipe::delta
