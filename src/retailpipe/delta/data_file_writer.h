// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/delta/delta_actions.h"
#include "retailpipe/engine/fwd.h"

namespace retailpipe::delta {

/// A local scratch folder, removed with its contents when the object dies. Move-only.
class ScratchDir {
 public:
  /// Create a fresh folder "<parent>/delta-<random>" (parent created if missing).
  /// Errors: kIoError.
  static Result<ScratchDir> Make(const std::string& parent);

  ScratchDir(ScratchDir&& other) noexcept;
  ScratchDir& operator=(ScratchDir&& other) noexcept;
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir();

  const std::string& path() const { return path_; }

 private:
  explicit ScratchDir(std::string path) : path_(std::move(path)) {}
  std::string path_;  // empty once moved from
};

/// One Parquet data file written locally, ready to upload as `add.path` under the table.
struct StagedFile {
  std::string local_path;
  /// path "part-<XXH3-128 of the bytes>.parquet", partition values, size, stats; the caller
  /// sets modification_time_ms.
  AddFile add;
};

/// What DataFileWriter::Write() produced. Owns the scratch folder holding the files.
struct StagedData {
  ScratchDir dir;
  std::vector<StagedFile> files;
  int64_t num_rows = 0;
};

/// Options of DataFileWriter::Write().
struct DataFileWriteOptions {
  /// Local folder for scratch files (a fresh subfolder is used and removed afterwards).
  std::string work_dir;
  /// Unpartitioned tables: start a new file past about this many bytes. DuckDB cannot split
  /// partitioned output, so a partitioned table gets one file per partition value.
  uint64_t target_file_bytes = uint64_t{128} << 20;
};

/// Writes the rows of a query as Delta data files: Parquet through DuckDB COPY, with per-file
/// statistics computed by DuckDB. Stateless; every call is independent.
class DataFileWriter {
 public:
  /// Run `query` once on `conn` (materialised in a temp table, so a non-deterministic query is
  /// read once) and write its rows as Parquet files for a table with `metadata`: columns are
  /// matched to the schema by name (case-insensitively) and cast to the schema's types;
  /// partition columns become partition values, not file columns. Each file is named by a
  /// hash of its bytes, so writing the same bytes again gives the same name.
  /// REQUIRES: `conn` is used by no other thread during the call.
  /// Errors: kInvalidArgument if the query fails to bind, lacks a schema column or has extra
  /// columns; kDataError if a value cannot be cast; kIoError for local files.
  static Result<StagedData> Write(engine::Connection& conn, std::string_view query,
                                  const Metadata& metadata, const DataFileWriteOptions& options);
};

}  // namespace retailpipe::delta
