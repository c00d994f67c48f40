// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/lake_tables.h"

#include <cctype>
#include <filesystem>
#include <set>

#include "retailpipe/delta/delta_table.h"
#include "retailpipe/delta/delta_view.h"
#include "retailpipe/orders/orders_tables.h"

namespace retailpipe::app {
namespace {

constexpr std::string_view kPackageStockView = "package_stock";

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// True if `word` occurs in `text` (any case) not preceded or followed by a word character.
bool ContainsWord(std::string_view text, std::string_view word) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (size_t at = lower.find(word); at != std::string::npos; at = lower.find(word, at + 1)) {
    bool left = at == 0 || !IsWordChar(lower[at - 1]);
    size_t end = at + word.size();
    bool right = end == lower.size() || !IsWordChar(lower[end]);
    if (left && right) return true;
  }
  return false;
}

}  // namespace

std::vector<LakeTable> LakeTables(const config::Config& config) {
  std::vector<LakeTable> out;
  for (const char* name : {"clients_address", "products", "packages"}) {
    out.push_back({name, config.orders.reference_prefix + name});
  }
  for (const char* name :
       {"events", "orders", "orders_items", "stock_movements", "rejected_records"}) {
    out.push_back({name, config.orders.tables_prefix + name});
  }
  return out;
}

std::vector<LakeTable> LakeTablesNamedIn(const config::Config& config, std::string_view query) {
  // package_stock is a view over packages and stock_movements.
  bool stock = ContainsWord(query, kPackageStockView);
  std::vector<LakeTable> out;
  for (LakeTable& table : LakeTables(config)) {
    bool needed_by_stock = stock && (table.name == "packages" || table.name == "stock_movements");
    if (needed_by_stock || ContainsWord(query, table.name)) out.push_back(std::move(table));
  }
  return out;
}

Status CreateLakeViews(const config::Config& config, storage::ObjectStore& store,
                       db::Warehouse& warehouse, const std::vector<LakeTable>& tables,
                       std::vector<std::string>* missing) {
  if (tables.empty()) return Status::OK();
  if (warehouse.dialect() != db::Dialect::kDuckDb) {
    return Status::FailedPrecondition("lake tables are queried through DuckDB, not " +
                                      warehouse.redacted_uri());
  }
  std::set<std::string> created;
  delta::ViewOptions view;
  view.cache_dir = (std::filesystem::path(config.engine.temp_dir) / "lake-cache").string();
  for (const LakeTable& table : tables) {
    auto opened = delta::DeltaTable::Open(store, table.path);
    if (!opened.has_value()) {
      if (opened.error().code() == StatusCode::kNotFound) {
        if (missing != nullptr) missing->push_back(table.name);
        continue;
      }
      return opened.error().WithContext("cannot open lake table " + table.path);
    }
    RP_ASSIGN_OR_RETURN(
        std::string sql,
        delta::DeltaViewSql((*opened)->log(), (*opened)->snapshot(), table.name, view));
    RP_RETURN_IF_ERROR(warehouse.Execute(sql).WithContext("while creating the view " + table.name +
                                                          " over " + table.path));
    created.insert(table.name);
  }
  if (created.contains("packages") && created.contains("stock_movements")) {
    RP_RETURN_IF_ERROR(warehouse.Execute("CREATE OR REPLACE TEMP VIEW " +
                                         std::string(kPackageStockView) + " AS " +
                                         orders::PackageStockSql("packages", "stock_movements")));
  } else if (missing != nullptr && !missing->empty()) {
    missing->push_back(std::string(kPackageStockView));
  }
  return Status::OK();
}

}  // namespace retailpipe::app
