// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/delta/delta_actions.h"

#include <array>

#include "retailpipe/base/json_writer.h"

namespace retailpipe::delta {
namespace {

void WriteStringMap(JsonWriter& w, const std::map<std::string, std::string>& m) {
  w.BeginObject();
  for (const auto& [k, v] : m) w.Key(k).String(v);
  w.EndObject();
}

void WritePartitionValues(JsonWriter& w, const PartitionValues& values) {
  w.BeginObject();
  for (const auto& [k, v] : values) {
    w.Key(k);
    if (v) {
      w.String(*v);
    } else {
      w.Null();
    }
  }
  w.EndObject();
}

void WriteStringArray(JsonWriter& w, const std::vector<std::string>& items) {
  w.BeginArray();
  for (const auto& s : items) w.String(s);
  w.EndArray();
}

std::string CommitInfoLine(const CommitInfo& c) {
  JsonWriter w;
  w.BeginObject().Key("commitInfo").BeginObject();
  w.Key("timestamp").Int(c.timestamp_ms).Key("operation").String(c.operation);
  w.Key("operationParameters");
  WriteStringMap(w, c.operation_parameters);
  if (c.read_version) w.Key("readVersion").Int(*c.read_version);
  w.Key("isolationLevel").String("Serializable").Key("isBlindAppend").Bool(c.is_blind_append);
  w.Key("operationMetrics");
  WriteStringMap(w, c.operation_metrics);
  if (!c.engine_info.empty()) w.Key("engineInfo").String(c.engine_info);
  if (!c.txn_id.empty()) w.Key("txnId").String(c.txn_id);
  w.EndObject().EndObject();
  return w.str();
}

std::string ProtocolLine(const Protocol& p) {
  JsonWriter w;
  w.BeginObject().Key("protocol").BeginObject();
  w.Key("minReaderVersion").Int(p.min_reader_version);
  w.Key("minWriterVersion").Int(p.min_writer_version);
  if (p.min_reader_version >= 3) {
    w.Key("readerFeatures");
    WriteStringArray(w, p.reader_features);
  }
  if (p.min_writer_version >= 7) {
    w.Key("writerFeatures");
    WriteStringArray(w, p.writer_features);
  }
  w.EndObject().EndObject();
  return w.str();
}

std::string MetadataLine(const Metadata& m) {
  JsonWriter w;
  w.BeginObject().Key("metaData").BeginObject();
  w.Key("id").String(m.id);
  if (!m.name.empty()) w.Key("name").String(m.name);
  if (!m.description.empty()) w.Key("description").String(m.description);
  w.Key("format").BeginObject().Key("provider").String("parquet").Key("options");
  w.BeginObject().EndObject().EndObject();
  w.Key("schemaString").String(ToSchemaString(m.schema));
  w.Key("partitionColumns");
  WriteStringArray(w, m.partition_columns);
  w.Key("configuration");
  WriteStringMap(w, m.configuration);
  if (m.created_time_ms) w.Key("createdTime").Int(*m.created_time_ms);
  w.EndObject().EndObject();
  return w.str();
}

std::string TxnLine(const Txn& t) {
  JsonWriter w;
  w.BeginObject().Key("txn").BeginObject();
  w.Key("appId").String(t.app_id).Key("version").Int(t.version);
  if (t.last_updated_ms) w.Key("lastUpdated").Int(*t.last_updated_ms);
  w.EndObject().EndObject();
  return w.str();
}

std::string RemoveLine(const RemoveFile& r) {
  JsonWriter w;
  w.BeginObject().Key("remove").BeginObject();
  w.Key("path").String(EncodeActionPath(r.path));
  if (r.deletion_timestamp_ms) w.Key("deletionTimestamp").Int(*r.deletion_timestamp_ms);
  w.Key("dataChange").Bool(r.data_change);
  if (r.extended_file_metadata) {
    w.Key("extendedFileMetadata").Bool(true).Key("partitionValues");
    WritePartitionValues(w, r.partition_values);
    if (r.size) w.Key("size").Int(*r.size);
  }
  w.EndObject().EndObject();
  return w.str();
}

std::string AddLine(const AddFile& a) {
  JsonWriter w;
  w.BeginObject().Key("add").BeginObject();
  w.Key("path").String(EncodeActionPath(a.path)).Key("partitionValues");
  WritePartitionValues(w, a.partition_values);
  w.Key("size").Int(a.size).Key("modificationTime").Int(a.modification_time_ms);
  w.Key("dataChange").Bool(a.data_change);
  if (!a.stats.empty()) w.Key("stats").String(a.stats);
  w.EndObject().EndObject();
  return w.str();
}

bool IsPathSafe(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~' || c == '/' || c == '=';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string SerializeCommit(const CommitActions& actions) {
  std::string out;
  auto line = [&out](const std::string& s) {
    out += s;
    out += '\n';
  };
  if (actions.commit_info) line(CommitInfoLine(*actions.commit_info));
  if (actions.protocol) line(ProtocolLine(*actions.protocol));
  if (actions.metadata) line(MetadataLine(*actions.metadata));
  for (const auto& t : actions.txns) line(TxnLine(t));
  for (const auto& r : actions.removes) line(RemoveLine(r));
  for (const auto& a : actions.adds) line(AddLine(a));
  return out;
}

std::string EncodeActionPath(std::string_view path) {
  constexpr std::array<char, 16> kHex = {'0', '1', '2', '3', '4', '5', '6', '7',
                                         '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};
  std::string out;
  for (char c : path) {
    if (IsPathSafe(c)) {
      out += c;
      continue;
    }
    auto byte = static_cast<unsigned char>(c);
    out += '%';
    out += kHex[byte >> 4];
    out += kHex[byte & 0xf];
  }
  return out;
}

Result<std::string> DecodeActionPath(std::string_view path) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '%') {
      out += path[i];
      continue;
    }
    int hi = i + 2 < path.size() ? HexValue(path[i + 1]) : -1;
    int lo = i + 2 < path.size() ? HexValue(path[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      return Status::DataError("bad percent-escape in file path \"" + std::string(path) + "\"");
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

}  // namespace retailpipe::delta
