// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/etl/sales_batch.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "retailpipe/base/log.h"
#include "retailpipe/engine/appender.h"
#include "retailpipe/engine/connection.h"
#include "retailpipe/engine/database.h"
#include "retailpipe/etl/csv_scanner.h"
#include "retailpipe/etl/sales_sql_text.h"

namespace retailpipe::etl {
namespace {

using model::Value;

int64_t AsInt(const Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* s = std::get_if<std::string>(&v)) return std::stoll(*s);
  return 0;
}

// Columns of the enriched sales rows, as written to Parquet and seen by the mart SQL.
constexpr const char* kEnrichedColumns =
    "customer_id, product_name, sales_date, sales_person_id, price, quantity, total_cost, "
    "additional_column, customer_first_name, customer_last_name, customer_address, "
    "customer_pincode, customer_phone_number, store_address, store_manager_name, "
    "sales_person_first_name, sales_person_last_name, sales_person_address, "
    "sales_person_pincode, manager_id, is_manager, source_file, sales_month, store_id";

// Maps a DuckDB CSV reject type onto our reason codes.
std::string RejectCode(const std::string& error_type) {
  if (error_type == "MISSING COLUMNS" || error_type == "TOO MANY COLUMNS") return "FIELD_COUNT";
  if (error_type == "UNQUOTED VALUE") return "BAD_QUOTING";
  if (error_type == "LINE SIZE OVER MAXIMUM") return "LINE_TOO_LONG";
  if (error_type == "INVALID ENCODING") return "BAD_ENCODING";
  return "BAD_RECORD";
}

std::vector<std::string> ListFiles(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file()) {
      out.push_back(std::filesystem::relative(it->path(), dir).generic_string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::string RowReasonText(std::string_view code) {
  if (code == "MISSING_VALUE") return "a mandatory field is empty";
  if (code == "BAD_INTEGER") {
    return "customer_id, store_id, sales_person_id and quantity must be whole numbers";
  }
  if (code == "BAD_DATE") return "sales_date must be a valid date written YYYY-MM-DD";
  if (code == "BAD_NUMBER") {
    return "price and total_cost must be decimal numbers with at most 4 decimals";
  }
  if (code == "BAD_QUANTITY") return "quantity must be at least 1";
  if (code == "BAD_PRICE") return "price must not be negative";
  if (code == "TOTAL_MISMATCH") {
    return "total_cost differs from price x quantity by more than sales.total_tolerance";
  }
  if (code == "UNKNOWN_CUSTOMER") return "customer_id is not in the customer table";
  if (code == "UNKNOWN_STORE") return "store_id is not in the store table";
  if (code == "UNKNOWN_SALES_PERSON") return "sales_person_id is not in the sales_team table";
  return std::string(code);
}

SalesBatch::SalesBatch(std::unique_ptr<engine::Database> db,
                       std::unique_ptr<engine::Connection> conn, SalesSql sql)
    : db_(std::move(db)), conn_(std::move(conn)), sql_(std::move(sql)) {}

SalesBatch::~SalesBatch() = default;

Result<std::unique_ptr<SalesBatch>> SalesBatch::Open(const config::EngineOptions& engine,
                                                     SalesSql sql, double tolerance) {
  RP_ASSIGN_OR_RETURN(auto db, engine::Database::Open("", engine));
  RP_ASSIGN_OR_RETURN(auto conn, engine::Connection::Open(*db));
  RP_RETURN_IF_ERROR(conn->Execute(sql.schema).WithContext("while creating the engine's tables"));
  RP_RETURN_IF_ERROR(conn->Execute(sql.macros).WithContext("while defining macros.sql"));
  // Outputs need no particular row order, and dropping it lets DuckDB write Parquet in
  // parallel. The one step that needs file order (CollectFileQuarantine) turns it back on.
  RP_RETURN_IF_ERROR(conn->Execute("SET preserve_insertion_order = false"));
  RP_RETURN_IF_ERROR(conn->Execute("SET VARIABLE rp_total_tolerance = CAST(" +
                                   SqlString(std::to_string(tolerance)) + " AS DECIMAL(18,4))"));
  return std::unique_ptr<SalesBatch>(
      new SalesBatch(std::move(db), std::move(conn), std::move(sql)));
}

Status SalesBatch::LoadDimension(const std::string& table, const model::RowSet& rows) {
  RP_RETURN_IF_ERROR(engine::LoadRowSet(*conn_, table, rows)
                         .WithContext("while loading dimension " + table + " into the engine"));
  return Status::OK();
}

Status SalesBatch::StageGroup(const std::vector<const BatchFile*>& group, int group_index) {
  std::vector<std::string> paths;
  for (const auto* f : group) paths.push_back(f->local_path);
  std::string err = "rp_rej_err_" + std::to_string(group_index);
  std::string scan = "rp_rej_scan_" + std::to_string(group_index);
  std::string source = "(" +
                       RawSalesSelect(group.front()->layout, "f.file_id",
                                      ReadCsvCall(paths, group.front()->layout, err, scan)) +
                       " JOIN rp_files f ON f.local_path = r.filename)";
  std::string sql = "INSERT INTO rp_staged " + ReplacePlaceholder(sql_.stage, "source", source);
  RP_RETURN_IF_ERROR(conn_->Execute(sql));
  reject_tables_.push_back(err);
  reject_tables_.push_back(scan);
  return Status::OK();
}

Status SalesBatch::Stage(std::vector<BatchFile> files) {
  files_ = std::move(files);
  model::RowSet index;
  index.columns = {"file_id", "file_name", "local_path"};
  for (const auto& f : files_) {
    index.rows.push_back({f.file_id, f.file_name, f.local_path});
    outcomes_[f.file_id] = FileOutcome{};
  }
  RP_RETURN_IF_ERROR(conn_->Execute(
      "CREATE TEMP TABLE rp_files (file_id BIGINT, file_name VARCHAR, local_path VARCHAR)"));
  RP_RETURN_IF_ERROR(engine::LoadRowSet(*conn_, "rp_files", index));
  RP_RETURN_IF_ERROR(conn_->Execute("CREATE TEMP TABLE rp_staged AS " +
                                    ReplacePlaceholder(sql_.stage, "source", EmptyRawSource()) +
                                    " LIMIT 0"));
  std::map<std::string, std::vector<const BatchFile*>> groups;
  for (const auto& f : files_) groups[f.layout.signature()].push_back(&f);
  int group_index = 0;
  for (const auto& [signature, group] : groups) {
    Status st = StageGroup(group, group_index++);
    if (st.ok()) continue;
    // One bad file fails the whole scan: read the files one by one to isolate it.
    for (const auto* f : group) {
      Status one = group.size() == 1 ? st : StageGroup({f}, group_index++);
      if (!one.ok()) {
        log::Get("etl").warn("{}: the engine cannot read this file: {}", f->file_name,
                             one.message());
        outcomes_[f->file_id].unreadable = one.message();
      }
    }
  }
  return conn_->Execute("CREATE TEMP VIEW rp_checked AS " +
                        ReplacePlaceholder(sql_.checked, "staged", "rp_staged"));
}

Result<std::map<int64_t, std::vector<int64_t>>> SalesBatch::RejectedRecords() {
  std::map<int64_t, std::vector<int64_t>> out;
  for (size_t i = 0; i + 1 < reject_tables_.size(); i += 2) {
    RP_ASSIGN_OR_RETURN(auto rs,
                        conn_->Query("SELECT DISTINCT f.file_id, e.line FROM " + reject_tables_[i] +
                                     " e JOIN " + reject_tables_[i + 1] +
                                     " s ON e.scan_id = s.scan_id AND e.file_id = "
                                     "s.file_id JOIN rp_files f ON f.local_path = "
                                     "s.file_path ORDER BY 1, 2"));
    for (const auto& row : rs.rows) out[AsInt(row[0])].push_back(AsInt(row[1]));
  }
  return out;
}

Result<model::RowSet> SalesBatch::CollectQuarantine() {
  model::RowSet q;
  q.columns = {"file_name", "checksum", "line_number", "reason_code", "reason", "raw_line"};
  RP_ASSIGN_OR_RETURN(auto counts,
                      conn_->Query("SELECT file_id, count(*), count(*) FILTER (WHERE "
                                   "reason_code IS NULL) FROM rp_checked GROUP BY file_id"));
  for (const auto& row : counts.rows) {
    auto& o = outcomes_[AsInt(row[0])];
    o.rows_in = AsInt(row[1]);
    o.rows_out = AsInt(row[2]);
  }
  RP_ASSIGN_OR_RETURN(auto rejected, RejectedRecords());
  for (const auto& f : files_) {
    auto& o = outcomes_[f.file_id];
    const auto& rej = rejected[f.file_id];
    o.rows_in += static_cast<int64_t>(rej.size());
    o.rows_quarantined = o.rows_in - o.rows_out;
    if (o.rows_quarantined > 0 && o.unreadable.empty()) {
      RP_RETURN_IF_ERROR(CollectFileQuarantine(f, rej, q));
    }
  }
  return q;
}

Status SalesBatch::CollectFileQuarantine(const BatchFile& file,
                                         const std::vector<int64_t>& rejected, model::RowSet& out) {
  std::string tag = std::to_string(++slow_reads_);
  // Re-read this one file in order; the record ordinal travels in the file_id column.
  std::string source = "(" +
                       RawSalesSelect(file.layout, "row_number() OVER ()",
                                      ReadCsvCall({file.local_path}, file.layout,
                                                  "rp_slow_err_" + tag, "rp_slow_scan_" + tag)) +
                       ")";
  std::string staged = "(" + ReplacePlaceholder(sql_.stage, "source", source) + ")";
  RP_RETURN_IF_ERROR(conn_->Execute("SET preserve_insertion_order = true"));
  auto bad = conn_->Query("SELECT file_id, reason_code FROM (" +
                          ReplacePlaceholder(sql_.checked, "staged", staged) +
                          ") WHERE reason_code IS NOT NULL ORDER BY file_id");
  RP_RETURN_IF_ERROR(conn_->Execute("SET preserve_insertion_order = false"));
  RP_RETURN_IF_ERROR(bad.status());
  RP_ASSIGN_OR_RETURN(
      auto reject_info,
      conn_->Query("SELECT DISTINCT ON (e.line) e.line, CAST(e.error_type AS VARCHAR), "
                   "e.error_message FROM rp_slow_err_" +
                   tag + " e ORDER BY e.line"));
  RecordLookup lookup;
  lookup.reader_lines = rejected;
  for (const auto& row : bad->rows) lookup.ordinals.push_back(AsInt(row[0]));
  RP_ASSIGN_OR_RETURN(auto found, CsvScanner::Locate(file.local_path, lookup));

  // Key every bad record by its reader line, so the rows come out in file order.
  struct Bad {
    std::string code, reason;
    const RawRecord* raw = nullptr;
  };
  std::map<int64_t, Bad> bad_records;
  for (const auto& row : reject_info.rows) {
    int64_t line = AsInt(row[0]);
    std::string msg = model::ToText(row[2]);
    if (msg.size() > 300) msg = msg.substr(0, 300) + "...";
    auto it = found.by_reader_line.find(line);
    bad_records[line] = {RejectCode(model::ToText(row[1])), msg,
                         it == found.by_reader_line.end() ? nullptr : &it->second};
  }
  for (const auto& row : bad->rows) {
    auto it = found.by_ordinal.find(AsInt(row[0]));
    if (it == found.by_ordinal.end()) {
      return Status::Internal("cannot find data row " + model::ToText(row[0]) + " of " +
                              file.file_name + " again; was the file changed during the run?");
    }
    std::string code = model::ToText(row[1]);
    bad_records[it->second.reader_line] = {code, RowReasonText(code), &it->second};
  }
  for (const auto& [line, b] : bad_records) {
    Value number = b.raw ? Value{b.raw->line_number} : Value{line};
    Value text = b.raw ? Value{b.raw->text} : Value{};
    out.rows.push_back({file.file_name, file.checksum, number, b.code, b.reason, text});
  }
  return Status::OK();
}

Result<std::vector<std::string>> SalesBatch::AffectedMonths() {
  RP_ASSIGN_OR_RETURN(auto rs, conn_->Query("SELECT DISTINCT sales_month FROM rp_checked "
                                            "WHERE reason_code IS NULL ORDER BY 1"));
  std::vector<std::string> months;
  for (const auto& row : rs.rows) months.push_back(model::ToText(row[0]));
  return months;
}

Result<std::vector<std::string>> SalesBatch::WritePartitioned(const std::string& dir,
                                                              const std::string& file_prefix) {
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::create_directories(dir, ec);
  RP_RETURN_IF_ERROR(conn_->Execute(
      std::string("COPY (SELECT ") + kEnrichedColumns +
      " FROM rp_checked c JOIN (SELECT file_id, file_name AS source_file FROM rp_files) f "
      "USING (file_id) WHERE c.reason_code IS NULL) TO " +
      SqlString(dir) +
      " (FORMAT parquet, PARTITION_BY (sales_month, store_id), OVERWRITE_OR_IGNORE true, "
      "FILENAME_PATTERN " +
      SqlString(file_prefix + "{i}") + ")"));
  return ListFiles(dir);
}

Result<std::pair<model::RowSet, model::RowSet>> SalesBatch::BuildMarts(
    const std::vector<std::string>& prior_parquet) {
  std::string view = std::string("CREATE OR REPLACE TEMP VIEW enriched_sales AS SELECT ") +
                     kEnrichedColumns +
                     " FROM rp_checked c JOIN (SELECT file_id, file_name AS source_file FROM "
                     "rp_files) f USING (file_id) WHERE c.reason_code IS NULL";
  if (!prior_parquet.empty()) {
    view += std::string(" UNION ALL SELECT ") + kEnrichedColumns + " FROM read_parquet(" +
            SqlList(prior_parquet) +
            ", hive_partitioning = true, hive_types = {'sales_month': 'VARCHAR', "
            "'store_id': 'INTEGER'})";
  }
  RP_RETURN_IF_ERROR(conn_->Execute(view));
  RP_RETURN_IF_ERROR(conn_
                         ->Execute("CREATE OR REPLACE TEMP TABLE rp_customer_mart AS " +
                                   TrimStatement(sql_.customer_mart))
                         .WithContext("while running customer_mart.sql (" + sql_.origin + ")"));
  RP_RETURN_IF_ERROR(conn_
                         ->Execute("CREATE OR REPLACE TEMP TABLE rp_sales_team_mart AS " +
                                   TrimStatement(sql_.sales_team_mart))
                         .WithContext("while running sales_team_mart.sql (" + sql_.origin + ")"));
  RP_ASSIGN_OR_RETURN(auto customers, conn_->Query("SELECT * FROM rp_customer_mart ORDER BY ALL"));
  RP_ASSIGN_OR_RETURN(auto team, conn_->Query("SELECT * FROM rp_sales_team_mart ORDER BY ALL"));
  return std::make_pair(std::move(customers), std::move(team));
}

Result<std::vector<std::string>> SalesBatch::WriteMart(const std::string& table,
                                                       const std::string& partition_column,
                                                       const std::string& dir) {
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::create_directories(dir, ec);
  RP_RETURN_IF_ERROR(conn_->Execute("COPY " + table + " TO " + SqlString(dir) +
                                    " (FORMAT parquet, PARTITION_BY (" + partition_column +
                                    "), OVERWRITE_OR_IGNORE true, FILENAME_PATTERN 'data_{i}')"));
  return ListFiles(dir);
}

double SalesBatch::Progress() const { return conn_->Progress(); }

}  // namespace retailpipe::etl
