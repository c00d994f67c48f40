// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/delta/delta_schema.h"

namespace retailpipe::delta {

/// Partition column -> serialized value; nullopt is a null partition value.
using PartitionValues = std::map<std::string, std::optional<std::string>>;

/// The `protocol` action: the reader and writer versions a client needs.
struct Protocol {
  int min_reader_version = 1;
  int min_writer_version = 2;
  std::vector<std::string> reader_features;  ///< Only with reader version 3.
  std::vector<std::string> writer_features;  ///< Only with writer version 7.
};

/// The `metaData` action: the table's identity, schema, partitioning and configuration.
struct Metadata {
  std::string id;  ///< A GUID.
  std::string name;
  std::string description;
  DeltaSchema schema;  ///< Parsed from / written as schemaString.
  std::vector<std::string> partition_columns;
  std::map<std::string, std::string> configuration;
  std::optional<int64_t> created_time_ms;
};

/// The `add` action: one data file joins the table.
struct AddFile {
  std::string path;  ///< Relative to the table root, percent-decoded (the log holds it encoded).
  PartitionValues partition_values;
  int64_t size = 0;  ///< Bytes.
  int64_t modification_time_ms = 0;
  bool data_change = true;
  std::string stats;                   ///< Statistics JSON text, "" for none.
  std::optional<int64_t> num_records;  ///< stats.numRecords when known.
  bool has_deletion_vector = false;    ///< Read only: a DV we cannot apply.
};

/// The `remove` action: a data file leaves the table (a tombstone until vacuumed).
struct RemoveFile {
  std::string path;  ///< As AddFile::path.
  std::optional<int64_t> deletion_timestamp_ms;
  bool data_change = true;
  bool extended_file_metadata = false;
  PartitionValues partition_values;  ///< Written when extended_file_metadata.
  std::optional<int64_t> size;       ///< Written when extended_file_metadata.
};

/// The `txn` action: an application's progress, committed atomically with the data.
struct Txn {
  std::string app_id;
  int64_t version = 0;
  std::optional<int64_t> last_updated_ms;
};

/// The `commitInfo` action: provenance. Free-form in the protocol; these are the members
/// retailpipe writes. Reading keeps only timestamp, operation and txnId.
struct CommitInfo {
  int64_t timestamp_ms = 0;
  std::string operation;  ///< "CREATE TABLE", "WRITE".
  std::map<std::string, std::string> operation_parameters;
  std::optional<int64_t> read_version;
  bool is_blind_append = true;
  std::map<std::string, std::string> operation_metrics;
  std::string engine_info;
  std::string txn_id;
};

/// The actions of one commit (one `_delta_log/<version>.json` file). A plain value.
struct CommitActions {
  std::optional<CommitInfo> commit_info;
  std::optional<Protocol> protocol;
  std::optional<Metadata> metadata;
  std::vector<Txn> txns;
  std::vector<RemoveFile> removes;
  std::vector<AddFile> adds;
};

/// Return the newline-delimited JSON of a commit file: commitInfo first, then protocol,
/// metaData, txn, remove and add actions, one per line, each line ending in '\n'.
std::string SerializeCommit(const CommitActions& actions);

/// Parse a commit file. Unknown actions (cdc, domainMetadata, ...) and unknown members are
/// ignored, as the protocol asks. Errors: kDataError for a line that is not a JSON object or
/// an action missing a required member; kInvalidArgument for a schema we cannot read.
Result<CommitActions> ParseCommit(std::string_view text);

/// Return `path` percent-encoded for an add/remove `path` (RFC 2396): every byte outside
/// [A-Za-z0-9-._~/=] becomes %XX.
std::string EncodeActionPath(std::string_view path);

/// Return `path` with %XX sequences decoded. Errors: kDataError for a malformed escape.
Result<std::string> DecodeActionPath(std::string_view path);

}  // namespace retailpipe::delta
