// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/etl/sales_etl.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "retailpipe/base/clock.h"
#include "retailpipe/base/kill_point.h"
#include "retailpipe/base/log.h"
#include "retailpipe/db/sql_script.h"
#include "retailpipe/etl/content_hash.h"
#include "retailpipe/etl/progress.h"
#include "retailpipe/etl/run_lock.h"
#include "retailpipe/etl/sales_file_check.h"
#include "retailpipe/etl/sales_sql_text.h"

namespace retailpipe::etl {
namespace {

namespace fs = std::filesystem;
using model::Value;

spdlog::logger& Log() { return log::Get("etl"); }

std::string BatchIdFor(const std::vector<BatchFile>& files) {
  std::vector<std::string> keys;
  for (const auto& f : files) keys.push_back(f.file_name + '\0' + f.checksum);
  std::sort(keys.begin(), keys.end());
  std::string all;
  for (const auto& k : keys) all += k + '\n';
  return HashText(all);
}

std::string BaseName(std::string_view key) {
  size_t slash = key.rfind('/');
  return std::string(slash == std::string_view::npos ? key : key.substr(slash + 1));
}

std::string Placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

LedgerEntry NewEntry(std::string file_name, std::string checksum, std::string location = {},
                     int64_t size_bytes = 0) {
  LedgerEntry e;
  e.file_name = std::move(file_name);
  e.checksum = std::move(checksum);
  e.location = std::move(location);
  e.size_bytes = size_bytes;
  return e;
}

void RemoveQuietly(const std::string& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
}

}  // namespace

SalesEtl::SalesEtl(const config::Config& config, storage::ObjectStore& store, db::Warehouse& wh)
    : config_(config), store_(store), wh_(wh), ledger_(wh) {}

std::string SalesEtl::InboxKey(const std::string& file_name) const {
  return config_.sales.inbox_prefix + file_name;
}

Result<SalesEtlSummary> SalesEtl::Run() {
  Stopwatch watch;
  const auto& mandatory = config_.sales.mandatory_columns;
  for (std::string_view col : kCoreSalesColumns) {
    if (std::find(mandatory.begin(), mandatory.end(), col) == mandatory.end()) {
      return Status::InvalidArgument("sales.mandatory_columns must include '" + std::string(col) +
                                     "': the ETL's SQL is built on it");
    }
  }
  RP_ASSIGN_OR_RETURN(sql_, SalesSql::Load(config_.sales.sql_dir));
  RP_RETURN_IF_ERROR(db::ExecuteScript(wh_, sql_.schema)
                         .WithContext("while applying schema.sql to " + wh_.redacted_uri()));
  RP_ASSIGN_OR_RETURN(auto lock, RunLock::Acquire(config_.sales.work_dir + "/etl-sales.lock"));
  RP_RETURN_IF_ERROR(ResumeActiveBatches());
  RP_RETURN_IF_ERROR(TakeInNewFiles());
  summary_.seconds = watch.seconds();
  return summary_;
}

Status SalesEtl::ResumeActiveBatches() {
  RP_ASSIGN_OR_RETURN(auto active, ledger_.ActiveEntries());
  std::map<std::string, std::vector<LedgerEntry>> batches;
  for (auto& e : active) batches[e.batch_id].push_back(std::move(e));
  for (auto& [batch_id, entries] : batches) {
    Log().warn("resuming batch {} ({} files) left in progress by an earlier run", batch_id,
               entries.size());
    std::string dir = config_.sales.work_dir + "/" + batch_id + "/in";
    std::vector<BatchFile> files;
    for (auto& e : entries) {
      std::string local = dir + "/f" + std::to_string(next_file_id_) + ".csv";
      Status got = store_.Download(InboxKey(e.file_name), local);
      std::string checksum;
      if (got.ok()) {
        RP_ASSIGN_OR_RETURN(checksum, HashFile(local));
      } else if (!got.IsNotFound()) {
        return got.WithContext("while resuming batch " + batch_id);
      }
      if (checksum != e.checksum) {
        // The claimed content is gone; whatever is under the name now is taken in as new.
        e.reason_code = got.ok() ? "SOURCE_CHANGED" : "SOURCE_MISSING";
        e.reason = "the file left the inbox or changed while its batch was in progress";
        e.status = FileStatus::kQuarantined;
        RP_RETURN_IF_ERROR(ledger_.RecordQuarantine(e));
        summary_.quarantined_files.push_back({e.file_name, e.reason_code, e.reason, ""});
        RemoveQuietly(local);
        continue;
      }
      RP_ASSIGN_OR_RETURN(auto verdict,
                          CheckSalesFile(e.file_name, local, config_.sales.mandatory_columns));
      if (!verdict.ok()) {
        e.reason_code = verdict.reason_code;
        e.reason = verdict.reason;
        RP_RETURN_IF_ERROR(QuarantineFile(e, local));
        continue;
      }
      files.push_back({next_file_id_++, e.file_name, e.checksum, local, verdict.layout});
    }
    summary_.files_resumed += static_cast<int>(files.size());
    if (!files.empty()) RP_RETURN_IF_ERROR(ProcessBatch(batch_id, std::move(files)));
  }
  return Status::OK();
}

Status SalesEtl::TakeInNewFiles() {
  const auto& inbox = config_.sales.inbox_prefix;
  RP_ASSIGN_OR_RETURN(auto objects, store_.ListAll(inbox));
  Log().info("{} object(s) in {}/{}", objects.size(), store_.uri(), inbox);
  std::string dir = config_.sales.work_dir + "/intake";
  std::vector<BatchFile> files;
  std::vector<LedgerEntry> claims;
  for (const auto& obj : objects) {
    std::string name = obj.key.substr(inbox.size());
    std::string local = dir + "/f" + std::to_string(next_file_id_) + ".csv";
    RP_RETURN_IF_ERROR(store_.Download(obj.key, local));
    RP_ASSIGN_OR_RETURN(std::string checksum, HashFile(local));
    RP_ASSIGN_OR_RETURN(auto known, ledger_.Find(name, checksum));
    if (known && known->status == FileStatus::kDone) {
      Log().info("{}: already processed (same content); moving it to {}", name,
                 config_.sales.processed_prefix);
      RP_RETURN_IF_ERROR(store_.Move(obj.key, config_.sales.processed_prefix + name));
      ++summary_.files_already_done;
      RemoveQuietly(local);
      continue;
    }
    LedgerEntry entry =
        NewEntry(name, checksum, store_.uri() + "/" + obj.key, static_cast<int64_t>(obj.size));
    RP_ASSIGN_OR_RETURN(bool reused, ledger_.NameDoneWithOtherContent(name, checksum));
    RP_ASSIGN_OR_RETURN(auto verdict, CheckSalesFile(name, local, config_.sales.mandatory_columns));
    if (reused) {
      verdict.reason_code = "NAME_REUSED";
      verdict.reason =
          "a file with this name but other content was already processed; rename the file if "
          "it holds new sales, or delete it if it is a corrected copy";
    }
    if (!verdict.ok()) {
      entry.reason_code = verdict.reason_code;
      entry.reason = verdict.reason;
      RP_RETURN_IF_ERROR(QuarantineFile(entry, local));
      continue;
    }
    files.push_back({next_file_id_++, name, checksum, local, verdict.layout});
    claims.push_back(std::move(entry));
  }
  if (files.empty()) {
    Log().info("no new sales files to process");
    RemoveQuietly(dir);
    return Status::OK();
  }
  std::string batch_id = BatchIdFor(files);
  for (auto& c : claims) c.batch_id = batch_id;
  RP_RETURN_IF_ERROR(ledger_.Claim(claims));
  KillPoint("etl.after_claim");
  RP_RETURN_IF_ERROR(ProcessBatch(batch_id, std::move(files)));
  RemoveQuietly(dir);
  return Status::OK();
}

Status SalesEtl::QuarantineFile(LedgerEntry entry, const std::string& local_path) {
  entry.status = FileStatus::kQuarantined;
  std::string dest = config_.sales.error_prefix + entry.file_name;
  RP_ASSIGN_OR_RETURN(auto taken, store_.Head(dest));
  if (taken) dest += "." + entry.checksum.substr(0, 12);
  RP_RETURN_IF_ERROR(ledger_.RecordQuarantine(entry));
  KillPoint("etl.after_file_quarantine_record");
  RP_RETURN_IF_ERROR(store_.Move(InboxKey(entry.file_name), dest));
  Log().warn("{}: quarantined ({}: {}); moved to {}", entry.file_name, entry.reason_code,
             entry.reason, dest);
  summary_.quarantined_files.push_back(
      {entry.file_name, entry.reason_code, entry.reason, store_.uri() + "/" + dest});
  RemoveQuietly(local_path);
  return Status::OK();
}

Status SalesEtl::LoadDimensions(SalesBatch& batch) {
  for (const char* table : {"customer", "store", "sales_team"}) {
    RP_ASSIGN_OR_RETURN(auto rows, wh_.Query(std::string("SELECT * FROM ") + table));
    if (rows.rows.empty()) {
      Log().warn(
          "dimension table {} is empty in {}: every sale will be quarantined as "
          "unknown; load it first (retailpipe generate sales does)",
          table, wh_.redacted_uri());
    }
    RP_RETURN_IF_ERROR(batch.LoadDimension(table, rows));
  }
  return Status::OK();
}

Status SalesEtl::ProcessBatch(const std::string& batch_id, std::vector<BatchFile> files) {
  std::string dir = config_.sales.work_dir + "/" + batch_id;
  Log().info("batch {}: {} file(s)", batch_id, files.size());
  summary_.batches.push_back(batch_id);
  RP_ASSIGN_OR_RETURN(auto batch,
                      SalesBatch::Open(config_.engine, sql_, config_.sales.total_tolerance));
  RP_RETURN_IF_ERROR(LoadDimensions(*batch));
  Stopwatch step;
  {
    ProgressReporter progress("reading " + std::to_string(files.size()) + " file(s)",
                              [&batch] { return batch->Progress(); });
    RP_RETURN_IF_ERROR(batch->Stage(files));
  }
  Log().debug("batch {}: read and typed in {:.2f} s", batch_id, step.seconds());
  step = Stopwatch();
  RP_ASSIGN_OR_RETURN(auto quarantine, batch->CollectQuarantine());
  Log().debug("batch {}: {} bad row(s) collected in {:.2f} s", batch_id, quarantine.num_rows(),
              step.seconds());
  KillPoint("etl.after_stage");
  std::vector<BatchFile> readable;
  for (auto& f : files) {
    const auto& outcome = batch->outcomes().at(f.file_id);
    if (outcome.unreadable.empty()) {
      readable.push_back(std::move(f));
      continue;
    }
    LedgerEntry entry =
        NewEntry(f.file_name, f.checksum, store_.uri() + "/" + InboxKey(f.file_name));
    entry.batch_id = batch_id;
    entry.reason_code = "UNREADABLE";
    entry.reason = outcome.unreadable;
    RP_RETURN_IF_ERROR(QuarantineFile(entry, f.local_path));
  }
  RP_ASSIGN_OR_RETURN(auto months, batch->AffectedMonths());
  step = Stopwatch();
  RP_RETURN_IF_ERROR(PublishPartitioned(*batch, batch_id, dir + "/partitioned"));
  Log().debug("batch {}: partitioned Parquet written and stored in {:.2f} s", batch_id,
              step.seconds());
  step = Stopwatch();
  KillPoint("etl.after_partitioned_upload");
  RP_ASSIGN_OR_RETURN(auto prior, FetchPriorPartitions(months, batch_id, dir + "/prior"));
  RP_ASSIGN_OR_RETURN(auto marts, batch->BuildMarts(prior));
  Log().debug("batch {}: marts built in {:.2f} s", batch_id, step.seconds());
  step = Stopwatch();
  RP_RETURN_IF_ERROR(PublishMart(*batch, "rp_customer_mart", "sales_date_month",
                                 config_.sales.customer_mart_prefix, dir + "/customer_mart"));
  RP_RETURN_IF_ERROR(PublishMart(*batch, "rp_sales_team_mart", "sales_month",
                                 config_.sales.sales_team_mart_prefix, dir + "/team_mart"));
  KillPoint("etl.before_commit");
  RP_RETURN_IF_ERROR(CommitBatch(batch_id, readable, *batch, std::move(quarantine), marts, months));
  KillPoint("etl.after_commit");
  Log().debug("batch {}: marts stored and committed in {:.2f} s", batch_id, step.seconds());
  for (const auto& f : readable) {
    RP_RETURN_IF_ERROR(
        store_.Move(InboxKey(f.file_name), config_.sales.processed_prefix + f.file_name));
    KillPoint("etl.after_first_move");
  }
  summary_.files_processed += static_cast<int>(readable.size());
  summary_.months.insert(summary_.months.end(), months.begin(), months.end());
  RemoveQuietly(dir);
  return Status::OK();
}

Status SalesEtl::PublishPartitioned(SalesBatch& batch, const std::string& batch_id,
                                    const std::string& dir) {
  const auto& prefix = config_.sales.partitioned_prefix;
  std::string file_prefix = "batch_" + batch_id + "_";
  std::vector<std::string> written;
  {
    ProgressReporter progress("writing partitioned Parquet", [&batch] { return batch.Progress(); });
    RP_ASSIGN_OR_RETURN(written, batch.WritePartitioned(dir, file_prefix));
  }
  // An earlier attempt of this batch may have left objects this attempt did not write.
  std::set<std::string> fresh(written.begin(), written.end());
  RP_ASSIGN_OR_RETURN(auto existing, store_.ListAll(prefix));
  for (const auto& obj : existing) {
    std::string rel = obj.key.substr(prefix.size());
    if (BaseName(rel).starts_with(file_prefix) && !fresh.count(rel)) {
      RP_RETURN_IF_ERROR(store_.Delete(obj.key));
    }
  }
  for (const auto& rel : written) RP_RETURN_IF_ERROR(store_.Upload(dir + "/" + rel, prefix + rel));
  summary_.parquet_files += static_cast<int>(written.size());
  return Status::OK();
}

Result<std::vector<std::string>> SalesEtl::FetchPriorPartitions(
    const std::vector<std::string>& months, const std::string& batch_id, const std::string& dir) {
  const auto& prefix = config_.sales.partitioned_prefix;
  std::string own = "batch_" + batch_id + "_";
  std::vector<std::string> local;
  for (const auto& month : months) {
    RP_ASSIGN_OR_RETURN(auto objects, store_.ListAll(prefix + "sales_month=" + month + "/"));
    for (const auto& obj : objects) {
      std::string rel = obj.key.substr(prefix.size());
      if (BaseName(rel).starts_with(own) || !rel.ends_with(".parquet")) continue;
      std::string path = dir + "/" + rel;
      RP_RETURN_IF_ERROR(store_.Download(obj.key, path));
      local.push_back(path);
    }
  }
  if (!local.empty()) {
    Log().info("rebuilding marts for {} month(s) with {} file(s) of earlier batches", months.size(),
               local.size());
  }
  return local;
}

Status SalesEtl::PublishMart(SalesBatch& batch, const std::string& table, const std::string& column,
                             const std::string& prefix, const std::string& dir) {
  RP_ASSIGN_OR_RETURN(auto written, batch.WriteMart(table, column, dir));
  std::set<std::string> fresh(written.begin(), written.end());
  std::set<std::string> partitions;
  for (const auto& rel : written) partitions.insert(rel.substr(0, rel.find('/')));
  for (const auto& part : partitions) {
    RP_ASSIGN_OR_RETURN(auto existing, store_.ListAll(prefix + part + "/"));
    for (const auto& obj : existing) {
      if (!fresh.count(obj.key.substr(prefix.size()))) RP_RETURN_IF_ERROR(store_.Delete(obj.key));
    }
  }
  for (const auto& rel : written) RP_RETURN_IF_ERROR(store_.Upload(dir + "/" + rel, prefix + rel));
  summary_.parquet_files += static_cast<int>(written.size());
  return Status::OK();
}

Status SalesEtl::CommitBatch(const std::string& batch_id, const std::vector<BatchFile>& files,
                             const SalesBatch& batch, model::RowSet quarantine,
                             const std::pair<model::RowSet, model::RowSet>& marts,
                             const std::vector<std::string>& months) {
  RP_ASSIGN_OR_RETURN(auto tx, db::Transaction::Begin(wh_));
  if (!months.empty()) {
    std::vector<Value> month_starts, month_names;
    for (const auto& m : months) {
      month_starts.emplace_back(m + "-01");
      month_names.emplace_back(m);
    }
    RP_RETURN_IF_ERROR(wh_.Execute("DELETE FROM customers_data_mart WHERE sales_date_month IN (" +
                                       Placeholders(months.size()) + ")",
                                   month_starts));
    RP_RETURN_IF_ERROR(wh_.Execute("DELETE FROM sales_team_data_mart WHERE sales_month IN (" +
                                       Placeholders(months.size()) + ")",
                                   month_names));
    RP_RETURN_IF_ERROR(wh_.BulkInsert("customers_data_mart", marts.first));
    RP_RETURN_IF_ERROR(wh_.BulkInsert("sales_team_data_mart", marts.second));
  }
  Value batch_param[] = {batch_id};
  RP_RETURN_IF_ERROR(wh_.Execute("DELETE FROM sales_quarantine WHERE batch_id = ?", batch_param));
  std::string now = NowUtcText();
  quarantine.columns.push_back("batch_id");
  quarantine.columns.push_back("quarantined_at");
  int raw_col = quarantine.ColumnIndex("raw_line");
  for (auto& row : quarantine.rows) {
    auto& raw = row[static_cast<size_t>(raw_col)];
    if (auto* text = std::get_if<std::string>(&raw)) *text = SanitizeUtf8(*text);
    summary_.rows_by_reason[model::ToText(row[3])]++;
    row.emplace_back(batch_id);
    row.emplace_back(now);
  }
  if (!quarantine.rows.empty()) {
    RP_RETURN_IF_ERROR(wh_.BulkInsert("sales_quarantine", quarantine));
  }
  for (const auto& f : files) {
    const auto& o = batch.outcomes().at(f.file_id);
    LedgerEntry e = NewEntry(f.file_name, f.checksum);
    e.rows_in = o.rows_in;
    e.rows_out = o.rows_out;
    e.rows_quarantined = o.rows_quarantined;
    RP_RETURN_IF_ERROR(ledger_.MarkDone(e));
    summary_.rows_in += o.rows_in;
    summary_.rows_out += o.rows_out;
    summary_.rows_quarantined += o.rows_quarantined;
  }
  summary_.customer_mart_rows += static_cast<int64_t>(marts.first.num_rows());
  summary_.sales_team_mart_rows += static_cast<int64_t>(marts.second.num_rows());
  return tx.Commit();
}

}  // namespace retailpipe::etl
