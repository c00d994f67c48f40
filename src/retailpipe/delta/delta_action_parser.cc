// SPDX-License-Identifier: Apache-2.0
// ParseCommit(): the reading half of delta_actions.h.
#include <simdjson.h>

#include "retailpipe/delta/delta_actions.h"
#include "retailpipe/delta/json_reader_internal.h"

namespace retailpipe::delta {
namespace {

using internal::JsonObject;

Result<std::vector<std::string>> StringArray(const JsonObject& o, std::string_view key) {
  std::vector<std::string> out;
  simdjson::dom::element e;
  if (o.at_key(key).get(e) != simdjson::SUCCESS || e.is_null()) return out;
  simdjson::dom::array items;
  if (e.get_array().get(items) != simdjson::SUCCESS) {
    return Status::DataError("member \"" + std::string(key) + "\" is not an array");
  }
  for (auto item : items) {
    std::string_view s;
    if (item.get_string().get(s) != simdjson::SUCCESS) {
      return Status::DataError("member \"" + std::string(key) + "\" holds a non-string");
    }
    out.emplace_back(s);
  }
  return out;
}

Result<Protocol> ParseProtocol(const JsonObject& o) {
  Protocol p;
  RP_ASSIGN_OR_RETURN(int64_t reader, internal::RequiredInt(o, "minReaderVersion"));
  RP_ASSIGN_OR_RETURN(int64_t writer, internal::RequiredInt(o, "minWriterVersion"));
  p.min_reader_version = static_cast<int>(reader);
  p.min_writer_version = static_cast<int>(writer);
  RP_ASSIGN_OR_RETURN(p.reader_features, StringArray(o, "readerFeatures"));
  RP_ASSIGN_OR_RETURN(p.writer_features, StringArray(o, "writerFeatures"));
  return p;
}

Result<Metadata> ParseMetadata(const JsonObject& o) {
  Metadata m;
  RP_ASSIGN_OR_RETURN(std::string_view id, internal::RequiredString(o, "id"));
  m.id = id;
  RP_ASSIGN_OR_RETURN(auto name, internal::OptionalString(o, "name"));
  m.name = name.value_or("");
  RP_ASSIGN_OR_RETURN(auto description, internal::OptionalString(o, "description"));
  m.description = description.value_or("");
  RP_ASSIGN_OR_RETURN(auto format, internal::OptionalObject(o, "format"));
  if (format) {
    RP_ASSIGN_OR_RETURN(auto provider, internal::OptionalString(*format, "provider"));
    if (provider && *provider != "parquet") {
      return Status::InvalidArgument("table data format \"" + std::string(*provider) +
                                     "\" is not supported (only parquet)");
    }
  }
  RP_ASSIGN_OR_RETURN(std::string_view schema, internal::RequiredString(o, "schemaString"));
  RP_ASSIGN_OR_RETURN(m.schema, ParseSchemaString(schema));
  RP_ASSIGN_OR_RETURN(m.partition_columns, StringArray(o, "partitionColumns"));
  RP_ASSIGN_OR_RETURN(auto config, internal::StringMap(o, "configuration"));
  for (auto& [k, v] : config) m.configuration[k] = v.value_or("");
  simdjson::dom::element created;
  if (o.at_key("createdTime").get(created) == simdjson::SUCCESS && !created.is_null()) {
    RP_ASSIGN_OR_RETURN(int64_t t, internal::RequiredInt(o, "createdTime"));
    m.created_time_ms = t;
  }
  return m;
}

/// Return stats.numRecords, or nullopt if the stats are absent or do not say.
std::optional<int64_t> NumRecords(std::string_view stats) {
  if (stats.empty()) return std::nullopt;
  simdjson::dom::parser parser;
  int64_t n = 0;
  if (parser.parse(stats.data(), stats.size())["numRecords"].get_int64().get(n) !=
      simdjson::SUCCESS) {
    return std::nullopt;
  }
  return n;
}

Result<AddFile> ParseAdd(const JsonObject& o) {
  AddFile a;
  RP_ASSIGN_OR_RETURN(std::string_view path, internal::RequiredString(o, "path"));
  RP_ASSIGN_OR_RETURN(a.path, DecodeActionPath(path));
  RP_ASSIGN_OR_RETURN(a.partition_values, internal::StringMap(o, "partitionValues"));
  RP_ASSIGN_OR_RETURN(a.size, internal::RequiredInt(o, "size"));
  RP_ASSIGN_OR_RETURN(a.modification_time_ms, internal::OptionalInt(o, "modificationTime", 0));
  RP_ASSIGN_OR_RETURN(a.data_change, internal::OptionalBool(o, "dataChange", true));
  RP_ASSIGN_OR_RETURN(auto stats, internal::OptionalString(o, "stats"));
  a.stats = stats.value_or("");
  a.num_records = NumRecords(a.stats);
  RP_ASSIGN_OR_RETURN(auto dv, internal::OptionalObject(o, "deletionVector"));
  a.has_deletion_vector = dv.has_value();
  return a;
}

Result<RemoveFile> ParseRemove(const JsonObject& o) {
  RemoveFile r;
  RP_ASSIGN_OR_RETURN(std::string_view path, internal::RequiredString(o, "path"));
  RP_ASSIGN_OR_RETURN(r.path, DecodeActionPath(path));
  RP_ASSIGN_OR_RETURN(int64_t ts, internal::OptionalInt(o, "deletionTimestamp", -1));
  if (ts >= 0) r.deletion_timestamp_ms = ts;
  RP_ASSIGN_OR_RETURN(r.data_change, internal::OptionalBool(o, "dataChange", true));
  RP_ASSIGN_OR_RETURN(r.extended_file_metadata,
                      internal::OptionalBool(o, "extendedFileMetadata", false));
  RP_ASSIGN_OR_RETURN(r.partition_values, internal::StringMap(o, "partitionValues"));
  RP_ASSIGN_OR_RETURN(int64_t size, internal::OptionalInt(o, "size", -1));
  if (size >= 0) r.size = size;
  return r;
}

Result<Txn> ParseTxn(const JsonObject& o) {
  Txn t;
  RP_ASSIGN_OR_RETURN(std::string_view app_id, internal::RequiredString(o, "appId"));
  t.app_id = app_id;
  RP_ASSIGN_OR_RETURN(t.version, internal::RequiredInt(o, "version"));
  RP_ASSIGN_OR_RETURN(int64_t updated, internal::OptionalInt(o, "lastUpdated", -1));
  if (updated >= 0) t.last_updated_ms = updated;
  return t;
}

Result<CommitInfo> ParseCommitInfo(const JsonObject& o) {
  CommitInfo c;
  RP_ASSIGN_OR_RETURN(c.timestamp_ms, internal::OptionalInt(o, "timestamp", 0));
  RP_ASSIGN_OR_RETURN(auto op, internal::OptionalString(o, "operation"));
  c.operation = op.value_or("");
  RP_ASSIGN_OR_RETURN(auto txn_id, internal::OptionalString(o, "txnId"));
  c.txn_id = txn_id.value_or("");
  return c;
}

/// Add the one action held by the line object `line` to `out`.
Status ParseAction(const JsonObject& line, CommitActions& out) {
  for (auto [key, value] : line) {
    JsonObject o;
    if (value.get_object().get(o) != simdjson::SUCCESS) continue;  // e.g. null: not an action
    if (key == "add") {
      RP_ASSIGN_OR_RETURN(auto a, ParseAdd(o));
      out.adds.push_back(std::move(a));
    } else if (key == "remove") {
      RP_ASSIGN_OR_RETURN(auto r, ParseRemove(o));
      out.removes.push_back(std::move(r));
    } else if (key == "txn") {
      RP_ASSIGN_OR_RETURN(auto t, ParseTxn(o));
      out.txns.push_back(std::move(t));
    } else if (key == "metaData") {
      RP_ASSIGN_OR_RETURN(out.metadata, ParseMetadata(o));
    } else if (key == "protocol") {
      RP_ASSIGN_OR_RETURN(out.protocol, ParseProtocol(o));
    } else if (key == "commitInfo") {
      RP_ASSIGN_OR_RETURN(out.commit_info, ParseCommitInfo(o));
    }
  }
  return Status::OK();
}

}  // namespace

Result<CommitActions> ParseCommit(std::string_view text) {
  CommitActions out;
  simdjson::dom::parser parser;
  size_t line_number = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    JsonObject o;
    if (parser.parse(line.data(), line.size()).get_object().get(o) != simdjson::SUCCESS) {
      return Status::DataError("line " + std::to_string(line_number) + " is not a JSON object");
    }
    Status st = ParseAction(o, out);
    if (!st.ok()) return st.WithContext("line " + std::to_string(line_number));
  }
  return out;
}

}  // namespace retailpipe::delta
