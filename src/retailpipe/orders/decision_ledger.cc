// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/orders/decision_ledger.h"

#include <filesystem>
#include <utility>

#include "retailpipe/base/log.h"
#include "retailpipe/delta/delta_sql.h"
#include "retailpipe/delta/delta_table.h"
#include "retailpipe/engine/connection.h"
#include "retailpipe/model/row_set.h"
#include "retailpipe/orders/order_rows.h"
#include "retailpipe/storage/object_store.h"

namespace retailpipe::orders {
namespace {

namespace fs = std::filesystem;
using model::Value;

constexpr std::string_view kFileScheme = "file://";

int64_t IntOf(const Value& v) {
  const int64_t* i = std::get_if<int64_t>(&v);
  return i ? *i : 0;
}

std::string TextOf(const Value& v) { return model::ToText(v); }

}  // namespace

DecisionLedger::DecisionLedger(delta::DeltaTable& table, engine::Connection& conn,
                               std::string cache_dir, std::string topic)
    : table_(table), conn_(conn), cache_dir_(std::move(cache_dir)), topic_(std::move(topic)) {}

Result<std::string> DecisionLedger::LocalPath(const std::string& path, int64_t size) {
  const delta::DeltaLog& log = table_.log();
  const std::string key = log.DataKey(path);
  const std::string& uri = log.store().uri();
  if (uri.starts_with(kFileScheme)) return uri.substr(kFileScheme.size()) + "/" + key;
  const std::string local = cache_dir_ + "/" + key;
  std::error_code ec;
  if (fs::exists(local, ec) && static_cast<int64_t>(fs::file_size(local, ec)) == size && !ec) {
    return local;
  }
  RP_RETURN_IF_ERROR(log.store().Download(key, local));
  return local;
}

Result<std::string> DecisionLedger::FileList(const std::vector<std::string>& paths) {
  std::string list;
  for (const std::string& path : paths) {
    const auto& files = table_.snapshot().files();
    auto it = files.find(path);
    if (it == files.end()) return Status::Internal("ledger file " + path + " is not live");
    RP_ASSIGN_OR_RETURN(std::string local, LocalPath(path, it->second.size));
    list += (list.empty() ? "" : ", ") + delta::QuoteString(local);
  }
  return "[" + list + "]";
}

Result<int64_t> DecisionLedger::CatchUp(StockBook& book, OrderIdSet& seen) {
  RP_RETURN_IF_ERROR(table_.Refresh());
  std::vector<std::string> fresh;
  for (const auto& [path, add] : table_.snapshot().files()) {
    if (!loaded_.contains(path)) fresh.push_back(path);
  }
  if (fresh.empty()) return 0;
  RP_ASSIGN_OR_RETURN(std::string files, FileList(fresh));
  RP_ASSIGN_OR_RETURN(model::RowSet moved,
                      conn_.Query("SELECT package_id, subpackage_id, CAST(sum(quantity) AS BIGINT) "
                                  "FROM read_parquet(" +
                                  files + ") GROUP BY package_id, subpackage_id"));
  for (const auto& row : moved.rows) {
    const PackageKey key{TextOf(row[0]), static_cast<int32_t>(IntOf(row[1]))};
    const int64_t delta = IntOf(row[2]);
    if (!book.AddMoved(key, delta) && delta != 0) {
      log::Get("orders").warn(
          "the ledger moved {} units of package {}, which the packages table does not list", delta,
          key.Text());
    }
  }
  RP_ASSIGN_OR_RETURN(model::RowSet ids,
                      conn_.Query("SELECT DISTINCT order_id FROM read_parquet(" + files + ")"));
  for (auto& row : ids.rows) seen.insert(TextOf(row[0]));
  loaded_.insert(fresh.begin(), fresh.end());
  return static_cast<int64_t>(fresh.size());
}

Status DecisionLedger::MarkCommitted(int64_t version) {
  RP_ASSIGN_OR_RETURN(delta::CommitActions commit, table_.log().ReadCommit(version));
  for (const delta::AddFile& add : commit.adds) loaded_.insert(add.path);
  return Status::OK();
}

Result<std::map<int64_t, RecordedDecisions>> DecisionLedger::Recorded(int32_t partition,
                                                                      int64_t from, int64_t to) {
  std::map<int64_t, RecordedDecisions> out;
  std::vector<std::string> all;
  for (const auto& [path, add] : table_.snapshot().files()) all.push_back(path);
  if (all.empty() || from >= to) return out;
  RP_ASSIGN_OR_RETURN(std::string files, FileList(all));
  RP_ASSIGN_OR_RETURN(
      model::RowSet rows,
      conn_.Query("SELECT stream_offset, item_index, min(outcome), min(reason) FROM read_parquet(" +
                  files + ") WHERE stream_topic = " + delta::QuoteString(topic_) +
                  " AND stream_partition = " + std::to_string(partition) +
                  " AND stream_offset >= " + std::to_string(from) + " AND stream_offset < " +
                  std::to_string(to) +
                  " GROUP BY stream_offset, item_index ORDER BY stream_offset, item_index"));
  for (const auto& row : rows.rows) {
    const int64_t offset = IntOf(row[0]);
    RecordedDecisions& decisions = out[offset];
    if (IntOf(row[1]) != static_cast<int64_t>(decisions.size())) {
      return Status::DataError("ledger " + table_.log().table_path() + " skips item " +
                               std::to_string(decisions.size()) + " of the record at " + topic_ +
                               "/" + std::to_string(partition) + "@" + std::to_string(offset));
    }
    const bool applied = TextOf(row[2]) == kOutcomeApplied;
    decisions.push_back(ItemDecision{applied ? ItemOutcome::kApplied : ItemOutcome::kRefused,
                                     applied ? "" : TextOf(row[3])});
  }
  return out;
}

}  // namespace retailpipe::orders
