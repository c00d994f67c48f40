// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/etl/file_ledger.h"

#include "retailpipe/base/clock.h"

namespace retailpipe::etl {
namespace {

using model::Value;

constexpr const char* kSelect =
    "SELECT file_name, checksum, file_location, size_bytes, batch_id, status, reason_code, "
    "reason, rows_in, rows_out, rows_quarantined FROM product_staging_table ";

std::string Text(const Value& v) { return model::ToText(v); }
int64_t Int(const Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* s = std::get_if<std::string>(&v)) return s->empty() ? 0 : std::stoll(*s);
  return 0;
}

std::vector<LedgerEntry> ToEntries(const model::RowSet& rs) {
  std::vector<LedgerEntry> out;
  for (const auto& r : rs.rows) {
    LedgerEntry e;
    e.file_name = Text(r[0]);
    e.checksum = Text(r[1]);
    e.location = Text(r[2]);
    e.size_bytes = Int(r[3]);
    e.batch_id = Text(r[4]);
    std::string st = Text(r[5]);
    e.status = st == "I"   ? FileStatus::kDone
               : st == "Q" ? FileStatus::kQuarantined
                           : FileStatus::kActive;
    e.reason_code = Text(r[6]);
    e.reason = Text(r[7]);
    e.rows_in = Int(r[8]);
    e.rows_out = Int(r[9]);
    e.rows_quarantined = Int(r[10]);
    out.push_back(std::move(e));
  }
  return out;
}

Value NullIfEmpty(const std::string& s) { return s.empty() ? Value{} : Value{s}; }

}  // namespace

Result<std::vector<LedgerEntry>> FileLedger::ActiveEntries() {
  RP_ASSIGN_OR_RETURN(
      auto rs, wh_.Query(std::string(kSelect) + "WHERE status = 'A' ORDER BY batch_id, file_name"));
  return ToEntries(rs);
}

Result<std::optional<LedgerEntry>> FileLedger::Find(const std::string& file_name,
                                                    const std::string& checksum) {
  Value params[] = {file_name, checksum};
  RP_ASSIGN_OR_RETURN(
      auto rs, wh_.Query(std::string(kSelect) + "WHERE file_name = ? AND checksum = ?", params));
  auto entries = ToEntries(rs);
  if (entries.empty()) return std::optional<LedgerEntry>();
  return std::optional<LedgerEntry>(std::move(entries.front()));
}

Result<bool> FileLedger::NameDoneWithOtherContent(const std::string& file_name,
                                                  const std::string& checksum) {
  Value params[] = {file_name, checksum};
  RP_ASSIGN_OR_RETURN(auto rs, wh_.Query("SELECT count(*) FROM product_staging_table "
                                         "WHERE file_name = ? AND checksum <> ? AND status = 'I'",
                                         params));
  return !rs.rows.empty() && Int(rs.rows[0][0]) > 0;
}

Status FileLedger::Upsert(const LedgerEntry& e) {
  Value key[] = {e.file_name, e.checksum};
  RP_RETURN_IF_ERROR(
      wh_.Execute("DELETE FROM product_staging_table WHERE file_name = ? AND checksum = ?", key));
  std::string now = NowUtcText();
  Value row[] = {e.file_name,
                 e.checksum,
                 e.location,
                 e.size_bytes,
                 NullIfEmpty(e.batch_id),
                 std::string(1, static_cast<char>(e.status)),
                 NullIfEmpty(e.reason_code),
                 NullIfEmpty(e.reason),
                 e.rows_in,
                 e.rows_out,
                 e.rows_quarantined,
                 now,
                 now};
  return wh_.Execute(
      "INSERT INTO product_staging_table (file_name, checksum, file_location, size_bytes, "
      "batch_id, status, reason_code, reason, rows_in, rows_out, rows_quarantined, "
      "created_date, updated_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      row);
}

Status FileLedger::Claim(const std::vector<LedgerEntry>& entries) {
  RP_ASSIGN_OR_RETURN(auto tx, db::Transaction::Begin(wh_));
  for (const auto& e : entries) RP_RETURN_IF_ERROR(Upsert(e));
  return tx.Commit();
}

Status FileLedger::RecordQuarantine(const LedgerEntry& entry) {
  RP_ASSIGN_OR_RETURN(auto tx, db::Transaction::Begin(wh_));
  RP_RETURN_IF_ERROR(Upsert(entry));
  return tx.Commit();
}

Status FileLedger::MarkDone(const LedgerEntry& e) {
  Value params[] = {e.rows_in,    e.rows_out,  e.rows_quarantined,
                    NowUtcText(), e.file_name, e.checksum};
  return wh_.Execute(
      "UPDATE product_staging_table SET status = 'I', rows_in = ?, rows_out = ?, "
      "rows_quarantined = ?, updated_date = ? WHERE file_name = ? AND checksum = ?",
      params);
}

}  // namespace retailpipe::etl
