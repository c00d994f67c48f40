// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/delta/data_file_writer.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <utility>

#include <xxhash.h>

#include "retailpipe/base/log.h"
#include "retailpipe/delta/delta_sql.h"
#include "retailpipe/delta/file_stats.h"
#include "retailpipe/engine/connection.h"

namespace retailpipe::delta {
namespace {

namespace fs = std::filesystem;

/// The stage table's extra column: the partition number of each row (dense rank of the
/// partition values), which names the COPY output folder "<kPartColumn>=N".
constexpr std::string_view kPartColumn = "__rp_delta_part";

std::string RandomHex() {
  std::random_device rd;
  std::uniform_int_distribution<uint64_t> dist;
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(dist(rd)));
  return buf;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// Drops a temp table of the caller's connection when the write is done, success or not.
class TempTableGuard {
 public:
  TempTableGuard(engine::Connection& conn, std::string name)
      : conn_(conn), name_(std::move(name)) {}
  TempTableGuard(const TempTableGuard&) = delete;
  TempTableGuard& operator=(const TempTableGuard&) = delete;
  ~TempTableGuard() {
    Status st = conn_.Execute("DROP TABLE IF EXISTS " + QuoteIdentifier(name_));
    if (!st.ok()) log::Get("delta").warn("cannot drop temp table {}: {}", name_, st.message());
  }
  const std::string& name() const { return name_; }

 private:
  engine::Connection& conn_;
  std::string name_;
};

/// Return, for each schema field in order, the name of the query column that feeds it.
Result<std::vector<std::string>> MatchColumns(engine::Connection& conn, std::string_view query,
                                              const DeltaSchema& schema) {
  auto described = conn.Query("DESCRIBE " + std::string(query));
  if (!described) return described.error().WithContext("while reading the query's columns");
  std::map<std::string, std::string> by_lower;
  for (const auto& row : described->rows) {
    std::string name = model::ToText(row[0]);
    by_lower[Lower(name)] = name;
  }
  std::vector<std::string> sources;
  for (const auto& f : schema.fields) {
    auto it = by_lower.find(Lower(f.name));
    if (it == by_lower.end()) {
      return Status::InvalidArgument("the query has no column \"" + f.name + "\"");
    }
    sources.push_back(it->second);
    by_lower.erase(it);
  }
  if (!by_lower.empty()) {
    return Status::InvalidArgument("the query's column \"" + by_lower.begin()->second +
                                   "\" is not in the table's schema");
  }
  return sources;
}

/// Return the statement that materialises `query` cast to the schema, plus the partition
/// number when the table is partitioned.
std::string StageSql(const std::string& stage, std::string_view query, const Metadata& metadata,
                     const std::vector<std::string>& sources) {
  std::string casts;
  for (size_t i = 0; i < metadata.schema.fields.size(); ++i) {
    const auto& f = metadata.schema.fields[i];
    if (i > 0) casts += ", ";
    casts += "CAST(q." + QuoteIdentifier(sources[i]) + " AS " + DuckDbTypeName(f.type) + ") AS " +
             QuoteIdentifier(f.name);
  }
  std::string select = "SELECT " + casts + " FROM (" + std::string(query) + ") AS q";
  if (!metadata.partition_columns.empty()) {
    std::string order;
    for (const auto& p : metadata.partition_columns) {
      order += (order.empty() ? "" : ", ") + QuoteIdentifier(p) + " NULLS FIRST";
    }
    select = "SELECT *, dense_rank() OVER (ORDER BY " + order + ") - 1 AS " +
             std::string(kPartColumn) + " FROM (" + select + ")";
  }
  return "CREATE TEMP TABLE " + QuoteIdentifier(stage) + " AS " + select;
}

/// Return the partition values of each partition number in the stage table.
Result<std::map<int64_t, PartitionValues>> ReadPartitions(engine::Connection& conn,
                                                          const std::string& stage,
                                                          const Metadata& metadata) {
  std::string sql = "SELECT DISTINCT " + std::string(kPartColumn);
  for (const auto& p : metadata.partition_columns) {
    sql += ", " + PartitionValueSql(*metadata.schema.Find(p));
  }
  RP_ASSIGN_OR_RETURN(auto rows, conn.Query(sql + " FROM " + QuoteIdentifier(stage)));
  std::map<int64_t, PartitionValues> out;
  for (const auto& row : rows.rows) {
    PartitionValues values;
    for (size_t i = 0; i < metadata.partition_columns.size(); ++i) {
      const auto& v = row[i + 1];
      // An empty string is how the protocol spells null, so both are written as null.
      if (model::IsNull(v) || model::ToText(v).empty()) {
        values[metadata.partition_columns[i]] = std::nullopt;
      } else {
        values[metadata.partition_columns[i]] = model::ToText(v);
      }
    }
    out[std::get<int64_t>(row[0])] = std::move(values);
  }
  return out;
}

std::vector<DeltaField> DataFields(const Metadata& metadata) {
  std::vector<DeltaField> out;
  for (const auto& f : metadata.schema.fields) {
    auto& pc = metadata.partition_columns;
    if (std::find(pc.begin(), pc.end(), f.name) == pc.end()) out.push_back(f);
  }
  return out;
}

Status CopyToParquet(engine::Connection& conn, const std::string& stage, const Metadata& metadata,
                     const std::string& out_dir, uint64_t target_file_bytes) {
  std::string cols;
  for (const auto& f : DataFields(metadata)) cols += (cols.empty() ? "" : ", ") + FileColumnSql(f);
  std::string options = "FORMAT parquet, FILENAME_PATTERN 'data_{i}'";
  if (metadata.partition_columns.empty()) {
    options += ", FILE_SIZE_BYTES " + std::to_string(target_file_bytes);
  } else {
    cols += ", " + std::string(kPartColumn);
    options += ", PARTITION_BY (" + std::string(kPartColumn) + ")";
  }
  return conn.Execute("COPY (SELECT " + cols + " FROM " + QuoteIdentifier(stage) + ") TO " +
                      QuoteString(out_dir) + " (" + options + ")");
}

/// Return the XXH3-128 of a local file's bytes as 32 hex digits.
Result<std::string> HashFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot open " + path);
  std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> state(XXH3_createState(),
                                                                 &XXH3_freeState);
  if (!state || XXH3_128bits_reset(state.get()) != XXH_OK) {
    return Status::Internal("cannot initialise XXH3");
  }
  std::vector<char> buf(size_t{1} << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    XXH3_128bits_update(state.get(), buf.data(), static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) return Status::IoError("cannot read " + path);
  XXH128_hash_t h = XXH3_128bits_digest(state.get());
  char hex[33];
  std::snprintf(hex, sizeof(hex), "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                static_cast<unsigned long long>(h.low64));
  return std::string(hex);
}

/// Return the partition number of a COPY output file from its folder "<kPartColumn>=N".
int64_t PartNumberOf(const fs::path& file) {
  std::string dir = file.parent_path().filename().string();
  size_t eq = dir.find('=');
  int64_t n = 0;
  if (eq != std::string::npos) std::from_chars(dir.data() + eq + 1, dir.data() + dir.size(), n);
  return n;
}

Result<std::vector<StagedFile>> DescribeFiles(engine::Connection& conn, const std::string& out_dir,
                                              const Metadata& metadata,
                                              const std::map<int64_t, PartitionValues>& parts) {
  std::vector<fs::path> paths;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(out_dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file()) paths.push_back(it->path());
  }
  if (ec) return Status::IoError("cannot list " + out_dir + ": " + ec.message());
  std::sort(paths.begin(), paths.end());
  std::vector<DeltaField> data_fields = DataFields(metadata);
  std::vector<StagedFile> files;
  for (const auto& p : paths) {
    StagedFile f;
    f.local_path = p.string();
    RP_ASSIGN_OR_RETURN(std::string hash, HashFile(f.local_path));
    f.add.path = "part-" + hash + ".parquet";
    f.add.size = static_cast<int64_t>(fs::file_size(p, ec));
    if (ec) return Status::IoError("cannot stat " + f.local_path + ": " + ec.message());
    if (!metadata.partition_columns.empty()) f.add.partition_values = parts.at(PartNumberOf(p));
    RP_ASSIGN_OR_RETURN(FileStats stats, ComputeFileStats(conn, f.local_path, data_fields));
    f.add.num_records = stats.num_records;
    f.add.stats = std::move(stats.json);
    files.push_back(std::move(f));
  }
  return files;
}

}  // namespace

Result<ScratchDir> ScratchDir::Make(const std::string& parent) {
  std::error_code ec;
  fs::path dir = fs::path(parent) / ("delta-" + RandomHex());
  fs::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + dir.string() + ": " + ec.message());
  return ScratchDir(dir.string());
}

ScratchDir::ScratchDir(ScratchDir&& other) noexcept : path_(std::exchange(other.path_, "")) {}

ScratchDir& ScratchDir::operator=(ScratchDir&& other) noexcept {
  if (this != &other) {
    ScratchDir old(std::move(*this));
    path_ = std::exchange(other.path_, "");
  }
  return *this;
}

ScratchDir::~ScratchDir() {
  if (path_.empty()) return;
  std::error_code ec;
  fs::remove_all(path_, ec);
}

Result<StagedData> DataFileWriter::Write(engine::Connection& conn, std::string_view query,
                                         const Metadata& metadata,
                                         const DataFileWriteOptions& options) {
  RP_ASSIGN_OR_RETURN(auto sources, MatchColumns(conn, query, metadata.schema));
  RP_ASSIGN_OR_RETURN(ScratchDir dir, ScratchDir::Make(options.work_dir));
  TempTableGuard stage(conn, "rp_delta_stage_" + RandomHex());
  RP_RETURN_IF_ERROR(conn.Execute(StageSql(stage.name(), query, metadata, sources)));
  RP_ASSIGN_OR_RETURN(auto count,
                      conn.Query("SELECT count(*) FROM " + QuoteIdentifier(stage.name())));
  StagedData out{std::move(dir), {}, std::get<int64_t>(count.rows.at(0).at(0))};
  if (out.num_rows == 0) return out;
  std::map<int64_t, PartitionValues> parts;
  if (!metadata.partition_columns.empty()) {
    RP_ASSIGN_OR_RETURN(parts, ReadPartitions(conn, stage.name(), metadata));
  }
  std::string out_dir = out.dir.path() + "/data";
  RP_RETURN_IF_ERROR(
      CopyToParquet(conn, stage.name(), metadata, out_dir, options.target_file_bytes));
  RP_ASSIGN_OR_RETURN(out.files, DescribeFiles(conn, out_dir, metadata, parts));
  return out;
}

}  // namespace retailpipe::delta
