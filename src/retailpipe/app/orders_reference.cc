// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/orders_reference.h"

#include <array>
#include <filesystem>
#include <utility>

#include "retailpipe/delta/delta_table.h"
#include "retailpipe/delta/delta_view.h"
#include "retailpipe/engine/appender.h"
#include "retailpipe/engine/connection.h"
#include "retailpipe/engine/database.h"
#include "retailpipe/gen/reference_rows.h"

namespace retailpipe::app {
namespace {

// One gold table: its name under the prefix and its DuckDB DDL (spec column order, §0.3-0.4;
// float32 columns widened to DOUBLE, lists as JSON text).
struct GoldTable {
  std::string_view name;
  std::string_view columns;
};

constexpr GoldTable kClientsAddress{
    "clients_address",
    "client_id VARCHAR, first_name VARCHAR, last_name VARCHAR, email VARCHAR, phone_number "
    "VARCHAR, date_of_birth DATE, gender VARCHAR, occupation VARCHAR, created_at DATE, "
    "updated_at DATE, status VARCHAR, address_id VARCHAR, neighborhood VARCHAR, coordinates "
    "VARCHAR, road VARCHAR, house_number VARCHAR, suburb VARCHAR, city_district VARCHAR, state "
    "VARCHAR, postcode VARCHAR, country VARCHAR, lat DOUBLE, lon DOUBLE"};
constexpr GoldTable kProducts{
    "products",
    "product_id VARCHAR, name VARCHAR, category VARCHAR, url VARCHAR, price DOUBLE, currency "
    "VARCHAR, product_components VARCHAR"};
constexpr GoldTable kPackages{
    "packages",
    "package_id VARCHAR, subpackage_id INTEGER, name VARCHAR, width INTEGER, height INTEGER, "
    "length INTEGER, weight DOUBLE, volume INTEGER, stock_quantity INTEGER"};

std::string TablePath(const config::Config& config, const GoldTable& table) {
  return config.orders.reference_prefix + std::string(table.name);
}

Result<std::unique_ptr<engine::Connection>> OpenScratchEngine(
    const config::Config& config, std::unique_ptr<engine::Database>& db) {
  config::EngineOptions engine = config.engine;
  engine.threads = 1;
  RP_ASSIGN_OR_RETURN(db, engine::Database::Open("", engine));
  return engine::Connection::Open(*db);
}

// Load `rows` into a scratch table and overwrite the Delta table with it.
Result<std::pair<int64_t, int64_t>> WriteOne(const config::Config& config,
                                             storage::ObjectStore& store, engine::Connection& conn,
                                             const GoldTable& table, const model::RowSet& rows) {
  std::string scratch = "gold_" + std::string(table.name);
  RP_RETURN_IF_ERROR(conn.Execute("CREATE OR REPLACE TEMP TABLE " + scratch + " (" +
                                  std::string(table.columns) + ")"));
  RP_RETURN_IF_ERROR(engine::LoadRowSet(conn, scratch, rows));
  RP_ASSIGN_OR_RETURN(model::RowSet described, conn.Query("DESCRIBE " + scratch));
  std::vector<std::pair<std::string, std::string>> columns;
  for (const auto& row : described.rows) {
    columns.emplace_back(std::get<std::string>(row[0]), std::get<std::string>(row[1]));
  }
  RP_ASSIGN_OR_RETURN(delta::DeltaSchema schema, delta::SchemaFromDuckDb(columns));
  delta::CreateOptions create;
  create.name = std::string(table.name);
  create.description = "orders reference (gold) table written by `retailpipe generate reference`";
  RP_ASSIGN_OR_RETURN(auto delta_table, delta::DeltaTable::OpenOrCreate(
                                            store, TablePath(config, table), schema, create));
  delta::AppendOptions append;
  append.mode = delta::WriteMode::kOverwrite;
  append.work_dir = config.engine.temp_dir;
  RP_ASSIGN_OR_RETURN(delta::AppendResult result,
                      delta_table->Append(conn, "SELECT * FROM " + scratch, append));
  return std::pair{static_cast<int64_t>(rows.num_rows()), result.version};
}

Result<model::RowSet> ReadOne(const config::Config& config, storage::ObjectStore& store,
                              engine::Connection& conn, const GoldTable& table) {
  auto opened = delta::DeltaTable::Open(store, TablePath(config, table));
  if (!opened.has_value()) {
    if (opened.error().code() == StatusCode::kNotFound) {
      return Status::NotFound("reference table '" + TablePath(config, table) +
                              "' is not in the store; write it with `retailpipe generate "
                              "reference` (or point orders.reference_prefix at it)");
    }
    return opened.error().WithContext("cannot open reference table " + TablePath(config, table));
  }
  delta::ViewOptions view;
  view.cache_dir = (std::filesystem::path(config.engine.temp_dir) / "reference-cache").string();
  std::string name = "ref_" + std::string(table.name);
  RP_RETURN_IF_ERROR((*opened)->CreateView(conn, name, view));
  return conn.Query("SELECT * FROM " + name);
}

}  // namespace

Result<ReferenceWriteSummary> WriteReferenceTables(const config::Config& config,
                                                   storage::ObjectStore& store,
                                                   const gen::ReferenceTables& tables) {
  std::unique_ptr<engine::Database> db;
  RP_ASSIGN_OR_RETURN(auto conn, OpenScratchEngine(config, db));
  ReferenceWriteSummary summary;
  summary.clients_address_path = TablePath(config, kClientsAddress);
  summary.products_path = TablePath(config, kProducts);
  summary.packages_path = TablePath(config, kPackages);
  RP_ASSIGN_OR_RETURN(auto clients, WriteOne(config, store, *conn, kClientsAddress,
                                             gen::ToRowSet(tables.clients_address)));
  RP_ASSIGN_OR_RETURN(auto products,
                      WriteOne(config, store, *conn, kProducts, gen::ToRowSet(tables.products)));
  RP_ASSIGN_OR_RETURN(auto packages,
                      WriteOne(config, store, *conn, kPackages, gen::ToRowSet(tables.packages)));
  std::tie(summary.clients_address, summary.clients_address_version) = clients;
  std::tie(summary.products, summary.products_version) = products;
  std::tie(summary.packages, summary.packages_version) = packages;
  return summary;
}

Result<std::shared_ptr<const gen::ReferenceTables>> LoadReferenceTables(
    const config::Config& config, storage::ObjectStore& store) {
  std::unique_ptr<engine::Database> db;
  RP_ASSIGN_OR_RETURN(auto conn, OpenScratchEngine(config, db));
  auto tables = std::make_shared<gen::ReferenceTables>();
  RP_ASSIGN_OR_RETURN(model::RowSet clients, ReadOne(config, store, *conn, kClientsAddress));
  RP_ASSIGN_OR_RETURN(tables->clients_address, gen::ClientsAddressFromRows(clients));
  RP_ASSIGN_OR_RETURN(model::RowSet products, ReadOne(config, store, *conn, kProducts));
  RP_ASSIGN_OR_RETURN(tables->products, gen::ProductsFromRows(products));
  RP_ASSIGN_OR_RETURN(model::RowSet packages, ReadOne(config, store, *conn, kPackages));
  RP_ASSIGN_OR_RETURN(tables->packages, gen::PackagesFromRows(packages));
  return std::shared_ptr<const gen::ReferenceTables>(std::move(tables));
}

}  // namespace retailpipe::app
