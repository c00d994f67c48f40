// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/delta/delta_checkpoint.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <utility>

#include <simdjson.h>

#include "retailpipe/base/json_writer.h"
#include "retailpipe/delta/data_file_writer.h"
#include "retailpipe/delta/delta_log.h"
#include "retailpipe/delta/delta_snapshot.h"
#include "retailpipe/delta/delta_sql.h"
#include "retailpipe/engine/connection.h"
#include "retailpipe/engine/database.h"
#include "retailpipe/storage/object_store.h"

namespace retailpipe::delta {
namespace {

constexpr std::string_view kFileScheme = "file://";
constexpr std::string_view kStringMap = "MAP(VARCHAR, VARCHAR)";
constexpr uint64_t kEngineMemoryBytes = uint64_t{512} << 20;

/// The V1 checkpoint schema (PROTOCOL.md "Checkpoint Schema"), as DuckDB types for
/// read_json(columns = ...). Column order is the order Spark writes.
std::string CheckpointColumns() {
  std::string m(kStringMap);
  return "{'txn': 'STRUCT(appId VARCHAR, version BIGINT, lastUpdated BIGINT)', "
         "'add': 'STRUCT(path VARCHAR, partitionValues " +
         m +
         ", size BIGINT, "
         "modificationTime BIGINT, dataChange BOOLEAN, stats VARCHAR, tags " +
         m +
         ")', "
         "'remove': 'STRUCT(path VARCHAR, deletionTimestamp BIGINT, dataChange BOOLEAN, "
         "extendedFileMetadata BOOLEAN, partitionValues " +
         m +
         ", size BIGINT)', "
         "'metaData': 'STRUCT(id VARCHAR, name VARCHAR, description VARCHAR, format "
         "STRUCT(provider VARCHAR, options " +
         m +
         "), schemaString VARCHAR, partitionColumns "
         "VARCHAR[], configuration " +
         m +
         ", createdTime BIGINT)', "
         "'protocol': 'STRUCT(minReaderVersion INTEGER, minWriterVersion INTEGER, "
         "readerFeatures VARCHAR[], writerFeatures VARCHAR[])'}";
}

std::string LastCheckpointKey(const DeltaLog& log) {
  return log.table_path() + "/_delta_log/_last_checkpoint";
}

/// Return the version `_last_checkpoint` names, or -1 if it is missing or unreadable.
int64_t LastCheckpointVersion(const DeltaLog& log) {
  auto text = log.store().Get(LastCheckpointKey(log));
  if (!text) return -1;
  simdjson::dom::parser parser;
  int64_t v = -1;
  if (parser.parse(text->data(), text->size())["version"].get_int64().get(v) != simdjson::SUCCESS) {
    return -1;
  }
  return v;
}

Status WriteTextFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  return out ? Status::OK() : Status::IoError("cannot write " + path);
}

/// Return the local path DuckDB reads for `key`: in place for file:// stores, else a download.
Result<std::string> LocalCopy(const DeltaLog& log, const std::string& key, const ScratchDir& dir,
                              size_t index) {
  const std::string& uri = log.store().uri();
  if (uri.starts_with(kFileScheme)) return uri.substr(kFileScheme.size()) + "/" + key;
  std::string local = dir.path() + "/part-" + std::to_string(index) + ".parquet";
  RP_RETURN_IF_ERROR(log.store().Download(key, local));
  return local;
}

}  // namespace

CheckpointEngine::CheckpointEngine(std::string work_dir) : work_dir_(std::move(work_dir)) {
  if (work_dir_.empty()) work_dir_ = std::filesystem::temp_directory_path().string();
}

CheckpointEngine::~CheckpointEngine() = default;

CheckpointAccess CheckpointEngine::Access() {
  return CheckpointAccess{[this] { return Connection(); }, work_dir_};
}

Result<engine::Connection*> CheckpointEngine::Connection() {
  if (!conn_) {
    config::EngineOptions options;
    options.threads = 1;
    options.memory_limit_bytes = kEngineMemoryBytes;
    RP_ASSIGN_OR_RETURN(db_, engine::Database::Open(":memory:", options));
    RP_ASSIGN_OR_RETURN(conn_, engine::Connection::Open(*db_));
  }
  return conn_.get();
}

CommitActions CheckpointActions(const DeltaSnapshot& snapshot) {
  CommitActions c;
  c.protocol = snapshot.protocol();
  c.metadata = snapshot.metadata();
  for (const auto& [app, txn] : snapshot.txns()) c.txns.push_back(txn);
  for (const auto& [path, add] : snapshot.files()) {
    c.adds.push_back(add);
    c.adds.back().data_change = false;
  }
  for (const auto& [path, remove] : snapshot.tombstones()) {
    c.removes.push_back(remove);
    c.removes.back().data_change = false;
  }
  return c;
}

Status WriteCheckpoint(const CheckpointAccess& access, const DeltaLog& log,
                       const DeltaSnapshot& snapshot) {
  if (!access.engine) return Status::InvalidArgument("writing a checkpoint needs an engine");
  RP_ASSIGN_OR_RETURN(engine::Connection * conn, access.engine());
  RP_ASSIGN_OR_RETURN(ScratchDir dir, ScratchDir::Make(access.work_dir));
  CommitActions actions = CheckpointActions(snapshot);
  std::string json_path = dir.path() + "/checkpoint.json";
  std::string parquet_path = dir.path() + "/checkpoint.parquet";
  RP_RETURN_IF_ERROR(WriteTextFile(json_path, SerializeCommit(actions)));
  RP_RETURN_IF_ERROR(
      conn->Execute("COPY (SELECT * FROM read_json(" + QuoteString(json_path) +
                    ", format = 'newline_delimited', columns = " + CheckpointColumns() + ")) TO " +
                    QuoteString(parquet_path) + " (FORMAT parquet)"));
  std::string key =
      log.table_path() + "/_delta_log/" + VersionName(snapshot.version()) + ".checkpoint.parquet";
  RP_RETURN_IF_ERROR(log.store().Upload(parquet_path, key));
  if (LastCheckpointVersion(log) >= snapshot.version()) return Status::OK();
  size_t size = 2 + actions.txns.size() + actions.adds.size() + actions.removes.size();
  JsonWriter w;
  w.BeginObject().Key("version").Int(snapshot.version());
  w.Key("size").Int(static_cast<int64_t>(size)).EndObject();
  return log.store().Put(LastCheckpointKey(log), w.str());
}

Result<CommitActions> ReadCheckpoint(const CheckpointAccess& access, const DeltaLog& log,
                                     const std::vector<std::string>& keys) {
  if (!access.engine) return Status::InvalidArgument("reading a checkpoint needs an engine");
  RP_ASSIGN_OR_RETURN(engine::Connection * conn, access.engine());
  RP_ASSIGN_OR_RETURN(ScratchDir dir, ScratchDir::Make(access.work_dir));
  std::string files;
  for (size_t i = 0; i < keys.size(); ++i) {
    RP_ASSIGN_OR_RETURN(std::string local, LocalCopy(log, keys[i], dir, i));
    files += (files.empty() ? "" : ", ") + QuoteString(local);
  }
  std::string source = "read_parquet([" + files + "], union_by_name = true)";
  RP_ASSIGN_OR_RETURN(auto columns, conn->Query("DESCRIBE SELECT * FROM " + source));
  std::set<std::string> present;
  for (const auto& row : columns.rows) present.insert(model::ToText(row[0]));
  std::string lines;
  for (const char* action : {"protocol", "metaData", "txn", "remove", "add"}) {
    if (!present.contains(action)) continue;
    lines += (lines.empty() ? "" : ", ") + std::string("CASE WHEN ") + QuoteIdentifier(action) +
             " IS NOT NULL THEN json_object(" + QuoteString(action) + ", " +
             QuoteIdentifier(action) + ") END";
  }
  if (!present.contains("metaData") || !present.contains("protocol")) {
    return Status::DataError("checkpoint " + keys.front() + " has no metaData or protocol column");
  }
  RP_ASSIGN_OR_RETURN(auto rows,
                      conn->Query("SELECT concat_ws(chr(10), " + lines + ") FROM " + source));
  std::string text;
  for (const auto& row : rows.rows) text += model::ToText(row[0]) + "\n";
  auto parsed = ParseCommit(text);
  if (!parsed) return parsed.error().WithContext("in checkpoint " + keys.front());
  return parsed;
}

}  // namespace retailpipe::delta
