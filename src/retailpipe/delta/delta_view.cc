// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/delta/delta_view.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <vector>

#include "retailpipe/delta/delta_log.h"
#include "retailpipe/delta/delta_snapshot.h"
#include "retailpipe/delta/delta_sql.h"
#include "retailpipe/engine/connection.h"
#include "retailpipe/storage/object_store.h"

namespace retailpipe::delta {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kFileScheme = "file://";

bool IsPartitionColumn(const Metadata& m, const std::string& name) {
  return std::find(m.partition_columns.begin(), m.partition_columns.end(), name) !=
         m.partition_columns.end();
}

/// Return the local path DuckDB reads for the data file `relative_path`, downloading it into
/// the cache first when the store is not a local folder.
Result<std::string> LocalPathOf(const DeltaLog& log, const std::string& relative_path, int64_t size,
                                const ViewOptions& options) {
  std::string key = log.DataKey(relative_path);
  const std::string& uri = log.store().uri();
  if (uri.starts_with(kFileScheme)) return uri.substr(kFileScheme.size()) + "/" + key;
  if (options.cache_dir.empty()) {
    return Status::InvalidArgument("a view over " + uri +
                                   " needs ViewOptions::cache_dir to download the files into");
  }
  std::string local = options.cache_dir + "/" + key;
  std::error_code ec;
  if (fs::exists(local, ec) && static_cast<int64_t>(fs::file_size(local, ec)) == size && !ec) {
    return local;
  }
  RP_RETURN_IF_ERROR(log.store().Download(key, local));
  return local;
}

/// Return "SELECT <every column> FROM read_parquet(<files>)" for files sharing `values`.
std::string GroupSelect(const Metadata& m, const PartitionValues& values,
                        const std::vector<std::string>& files) {
  std::string cols;
  for (const auto& f : m.schema.fields) {
    if (!cols.empty()) cols += ", ";
    if (IsPartitionColumn(m, f.name)) {
      auto it = values.find(f.name);
      cols += PartitionLiteralSql(f, it == values.end() ? std::nullopt : it->second) + " AS " +
              QuoteIdentifier(f.name);
    } else {
      cols += ReadColumnSql(f);
    }
  }
  std::string list;
  for (const auto& path : files) list += (list.empty() ? "" : ", ") + QuoteString(path);
  return "SELECT " + cols + " FROM read_parquet([" + list + "], union_by_name = true)";
}

/// Return a select with the schema's columns and no rows, for a table without files.
std::string EmptySelect(const Metadata& m) {
  std::string cols;
  for (const auto& f : m.schema.fields) {
    cols += (cols.empty() ? "" : ", ") + std::string("CAST(NULL AS ") + DuckDbTypeName(f.type) +
            ") AS " + QuoteIdentifier(f.name);
  }
  return "SELECT " + cols + " LIMIT 0";
}

}  // namespace

Result<std::string> DeltaViewSql(const DeltaLog& log, const DeltaSnapshot& snapshot,
                                 std::string_view view_name, const ViewOptions& options) {
  if (view_name.empty()) return Status::InvalidArgument("a view needs a name");
  RP_RETURN_IF_ERROR(snapshot.CheckReadable());
  const Metadata& m = snapshot.metadata();
  std::map<PartitionValues, std::vector<std::string>> groups;
  for (const auto& [path, add] : snapshot.files()) {
    RP_ASSIGN_OR_RETURN(std::string local, LocalPathOf(log, path, add.size, options));
    groups[add.partition_values].push_back(std::move(local));
  }
  std::string body;
  for (const auto& [values, files] : groups) {
    body += (body.empty() ? "" : " UNION ALL ") + GroupSelect(m, values, files);
  }
  if (body.empty()) body = EmptySelect(m);
  std::string kind = options.lifetime == ViewLifetime::kTemporary ? "TEMP VIEW " : "VIEW ";
  return "CREATE OR REPLACE " + kind + QuoteIdentifier(view_name) + " AS " + body;
}

Status CreateDeltaView(engine::Connection& conn, const DeltaLog& log, const DeltaSnapshot& snapshot,
                       std::string_view view_name, const ViewOptions& options) {
  RP_ASSIGN_OR_RETURN(std::string sql, DeltaViewSql(log, snapshot, view_name, options));
  return conn.Execute(sql).WithContext("while creating view " + std::string(view_name) + " over " +
                                       log.table_path());
}

}  // namespace retailpipe::delta
