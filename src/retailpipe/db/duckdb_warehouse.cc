// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/db/duckdb_warehouse.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include "retailpipe/config/options.h"
#include "retailpipe/engine/appender.h"
#include "retailpipe/engine/connection.h"
#include "retailpipe/engine/database.h"

namespace retailpipe::db {
namespace {

constexpr std::string_view kMemoryPath = ":memory:";

Status CreateParentFolders(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return Status::OK();
  std::error_code error;
  std::filesystem::create_directories(parent, error);
  if (error) {
    return Status::IoError("cannot create folder '" + parent.string() +
                           "' for the warehouse: " + error.message());
  }
  return Status::OK();
}

}  // namespace

DuckDbWarehouse::DuckDbWarehouse(std::unique_ptr<engine::Database> database,
                                 std::unique_ptr<engine::Connection> connection)
    : database_(std::move(database)), connection_(std::move(connection)) {}

DuckDbWarehouse::~DuckDbWarehouse() = default;

Result<std::unique_ptr<DuckDbWarehouse>> DuckDbWarehouse::Open(
    const std::string& path, const config::EngineOptions& options) {
  if (!path.empty() && path != kMemoryPath) RP_RETURN_IF_ERROR(CreateParentFolders(path));
  RP_ASSIGN_OR_RETURN(auto database, engine::Database::Open(path, options));
  RP_ASSIGN_OR_RETURN(auto connection, engine::Connection::Open(*database));
  return std::make_unique<DuckDbWarehouse>(std::move(database), std::move(connection));
}

std::string DuckDbWarehouse::redacted_uri() const {
  if (database_->path() == kMemoryPath) return "duckdb::memory:";
  return "duckdb://" + database_->path();
}

Status DuckDbWarehouse::Execute(std::string_view sql, std::span<const model::Value> params) {
  if (params.empty()) return connection_->Execute(sql);
  return connection_->ExecuteCount(sql, params).status();
}

Result<model::RowSet> DuckDbWarehouse::Query(std::string_view sql,
                                             std::span<const model::Value> params) {
  return connection_->Query(sql, params);
}

Status DuckDbWarehouse::BulkInsert(std::string_view table, const model::RowSet& rows) {
  return engine::LoadRowSet(*connection_, table, rows);
}

Status DuckDbWarehouse::Begin() { return connection_->Execute("BEGIN TRANSACTION"); }

Status DuckDbWarehouse::Commit() { return connection_->Execute("COMMIT"); }

Status DuckDbWarehouse::Rollback() { return connection_->Execute("ROLLBACK"); }

}  // namespace retailpipe::db
