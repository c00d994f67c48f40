// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/db/warehouse.h"

#include <string>

#include "retailpipe/base/log.h"
#include "retailpipe/config/options.h"
#include "retailpipe/db/duckdb_warehouse.h"
#include "retailpipe/db/mysql_warehouse.h"
#include "retailpipe/db/postgres_warehouse.h"

namespace retailpipe::db {
namespace {

constexpr std::string_view kDuckDbMemoryUri = "duckdb::memory:";
constexpr std::string_view kDuckDbPrefix = "duckdb://";
constexpr std::string_view kSupported =
    "supported: duckdb:///abs/file.duckdb, duckdb://rel/file.duckdb, duckdb::memory:, "
    "mysql://user:password@host:port/db, postgres://user:password@host:port/db";

/// Return the scheme of `uri` ("mysql" for "mysql://..."), or "" if it has none.
std::string_view SchemeOf(std::string_view uri) {
  const size_t end = uri.find("://");
  return end == std::string_view::npos ? std::string_view() : uri.substr(0, end);
}

}  // namespace

Result<std::unique_ptr<Warehouse>> OpenWarehouse(std::string_view uri) {
  return OpenWarehouse(uri, config::EngineOptions{});
}

Result<std::unique_ptr<Warehouse>> OpenWarehouse(std::string_view uri,
                                                 const config::EngineOptions& engine) {
  std::string path;
  if (uri == kDuckDbMemoryUri) {
    path = ":memory:";
  } else if (uri.starts_with(kDuckDbPrefix)) {
    path = uri.substr(kDuckDbPrefix.size());
    if (path.empty()) {
      return Status::InvalidArgument("warehouse URI 'duckdb://' names no file; " +
                                     std::string(kSupported));
    }
  } else {
    const std::string_view scheme = SchemeOf(uri);
    if (scheme.empty()) {
      return Status::InvalidArgument("warehouse URI '" + std::string(uri) + "' has no scheme; " +
                                     std::string(kSupported));
    }
    if (scheme == "mysql") {
      RP_ASSIGN_OR_RETURN(auto warehouse, MySqlWarehouse::Open(uri));
      return std::unique_ptr<Warehouse>(std::move(warehouse));
    }
    if (scheme == "postgres" || scheme == "postgresql") {
      RP_ASSIGN_OR_RETURN(auto warehouse, PostgresWarehouse::Open(uri));
      return std::unique_ptr<Warehouse>(std::move(warehouse));
    }
    // Only the scheme is quoted: the rest of the URI may hold a password.
    return Status::InvalidArgument("unknown warehouse URI scheme '" + std::string(scheme) + "'; " +
                                   std::string(kSupported));
  }
  RP_ASSIGN_OR_RETURN(auto warehouse, DuckDbWarehouse::Open(path, engine));
  return std::unique_ptr<Warehouse>(std::move(warehouse));
}

Result<Transaction> Transaction::Begin(Warehouse& wh) {
  RP_RETURN_IF_ERROR(wh.Begin());
  return Transaction(&wh);
}

Transaction::~Transaction() {
  if (wh_ == nullptr) return;
  if (Status status = wh_->Rollback(); !status.ok()) {
    log::Get("db").warn("rolling back a transaction on {} failed: {}", wh_->redacted_uri(),
                        status.ToString());
  }
}

Status Transaction::Commit() {
  if (wh_ == nullptr) return Status::FailedPrecondition("the transaction is already committed");
  Warehouse* wh = wh_;
  wh_ = nullptr;
  return wh->Commit();
}

}  // namespace retailpipe::db
