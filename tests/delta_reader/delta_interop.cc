// SPDX-License-Identifier: Apache-2.0
// Test driver for the independent Delta reader test (test_delta_reader.py):
//   delta_interop write <dir>          write the sample tables into the folder <dir>
//   delta_interop read <dir> <table>   print a table (written by anyone) as CSV, sorted
// The rows are a pure function of their index, so the Python side computes them on its own.
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "retailpipe/delta/delta_table.h"
#include "retailpipe/engine/connection.h"
#include "retailpipe/engine/database.h"
#include "retailpipe/storage/local_object_store.h"

namespace retailpipe {
namespace {

using delta::AppendOptions;
using delta::DeltaTable;

struct Engine {
  std::unique_ptr<engine::Database> db;
  std::unique_ptr<engine::Connection> conn;
};

Result<Engine> OpenEngine() {
  config::EngineOptions options;
  options.threads = 2;
  RP_ASSIGN_OR_RETURN(auto db, engine::Database::Open(":memory:", options));
  RP_ASSIGN_OR_RETURN(auto conn, engine::Connection::Open(*db));
  return Engine{std::move(db), std::move(conn)};
}

/// Orders i in [from, to): the columns of seeds.md §1.3.
std::string Orders(int from, int to) {
  return "SELECT 'ord-' || lpad(i::VARCHAR, 5, '0') AS order_id, 'cus-' || (i % 7) AS customer_id, "
         "i * 1.5 AS total_weight, i * 10.0 AS total_volume, round(i * 3.25, 2) AS total_price, "
         "'2024-05-01 10:' || lpad((i % 60)::VARCHAR, 2, '0') || ':00' AS order_timestamp, "
         "'RECEIVED' AS status, 40.0 + i / 100 AS lat, -3.5 - i / 100 AS lon "
         "FROM range(" +
         std::to_string(from) + ", " + std::to_string(to) + ") t(i)";
}

/// Order items of orders [from, to): two per order, packages k = 1, 2.
std::string OrderItems(int from, int to) {
  return "SELECT 'inv-' || i || '-' || k AS inventory_id, 'ord-' || lpad(i::VARCHAR, 5, '0') AS "
         "order_id, 'prod-' || (i % 5) AS product_id, 'BILLY ' || k AS product_name, "
         "(25.0 + k)::DOUBLE AS order_price, lpad((i * 7 + k)::VARCHAR, 8, '0') AS package_id, "
         "k::INTEGER AS "
         "subpackage_id, (k * 2)::INTEGER AS items_quantity, (k * 2 * 1.25)::DOUBLE AS "
         "items_weight, (k * 2 * 100.0)::DOUBLE AS items_volume, '2024-05-01 10:00:00' AS "
         "order_timestamp, "
         "CASE WHEN i % 3 = 0 THEN 'INTERRUPTED' ELSE 'PROCESSING' END AS status "
         "FROM range(" +
         std::to_string(from) + ", " + std::to_string(to) +
         ") t(i), "
         "range(1, 3) u(k)";
}

constexpr const char* kAllTypesV1 =
    "SELECT * FROM (VALUES (1, 1::BIGINT, 0.5, 1.00, 'old', DATE '2024-01-01', "
    "TIMESTAMP '2024-01-01 00:00:00', true)) AS t(id, big, ratio, price, name, day, seen_at, ok)";

constexpr const char* kAllTypesV2 =
    "SELECT * FROM (VALUES "
    "(1, 10000000000, 0.5, 12.50, 'alpha', DATE '2024-01-31', TIMESTAMP '2024-01-31 "
    "10:11:12.345678', true), "
    "(2, -5, -1.25, -0.05, 'Ünïcode \"q\" ''s''', DATE '2023-12-01', TIMESTAMP '2023-12-01 "
    "00:00:00', false), "
    "(3, NULL, NULL, NULL, NULL, DATE '2023-12-01', NULL, NULL), "
    "(4, 7, 1e300, 99999999.99, '', NULL, TIMESTAMP '1999-12-31 23:59:59.999999', true)) "
    "AS t(id, big, ratio, price, name, day, seen_at, ok)";

Status Check(const Result<delta::AppendResult>& r, delta::AppendOutcome want, const char* what) {
  if (!r.ok()) return r.status().WithContext(what);
  if (r->outcome != want) return Status::Internal(std::string(what) + ": unexpected outcome");
  return Status::OK();
}

Status WriteOrders(storage::ObjectStore& store, engine::Connection& conn, AppendOptions o) {
  RP_ASSIGN_OR_RETURN(auto schema, delta::SchemaFromDuckDb({{"order_id", "VARCHAR"},
                                                            {"customer_id", "VARCHAR"},
                                                            {"total_weight", "DOUBLE"},
                                                            {"total_volume", "DOUBLE"},
                                                            {"total_price", "DOUBLE"},
                                                            {"order_timestamp", "VARCHAR"},
                                                            {"status", "VARCHAR"},
                                                            {"lat", "DOUBLE"},
                                                            {"lon", "DOUBLE"}}));
  RP_ASSIGN_OR_RETURN(auto table, DeltaTable::Create(store, "orders", schema, {}));
  o.app_id = "orders-p0";
  for (int batch = 0; batch < 3; ++batch) {
    o.app_version = batch;
    RP_RETURN_IF_ERROR(Check(table->Append(conn, Orders(batch * 10, batch * 10 + 10), o),
                             delta::AppendOutcome::kCommitted, "orders batch"));
  }
  o.app_version = 1;  // a replayed batch after a restart: must be dropped
  RP_RETURN_IF_ERROR(Check(table->Append(conn, Orders(10, 20), o), delta::AppendOutcome::kDuplicate,
                           "orders replay"));
  o.app_id = "orders-p1";
  o.app_version = 5;
  return Check(table->Append(conn, Orders(30, 35), o), delta::AppendOutcome::kCommitted,
               "orders p1");
}

/// Two writers (threads, each with its own engine) append to one partitioned table at once.
Status WriteOrderItems(storage::ObjectStore& store, const std::string& work_dir) {
  RP_ASSIGN_OR_RETURN(auto engine, OpenEngine());
  RP_ASSIGN_OR_RETURN(auto schema_rows, engine.conn->Query("DESCRIBE " + OrderItems(0, 1)));
  std::vector<std::pair<std::string, std::string>> cols;
  for (const auto& row : schema_rows.rows)
    cols.emplace_back(model::ToText(row[0]), model::ToText(row[1]));
  RP_ASSIGN_OR_RETURN(auto schema, delta::SchemaFromDuckDb(cols));
  delta::CreateOptions c;
  c.partition_columns = {"status"};
  RP_RETURN_IF_ERROR(DeltaTable::Create(store, "orders_items", schema, c).status());
  std::vector<Status> results(2);
  std::vector<std::thread> writers;
  for (int w = 0; w < 2; ++w) {
    writers.emplace_back([&, w] {
      auto e = OpenEngine();
      auto table = e.ok() ? DeltaTable::Open(store, "orders_items") : e.status();
      if (!table.ok()) {
        results[w] = table.status();
        return;
      }
      AppendOptions o;
      o.work_dir = work_dir;
      o.app_id = "items-writer-" + std::to_string(w);
      for (int b = 0; b < 5 && results[w].ok(); ++b) {
        o.app_version = b;
        int from = w * 50 + b * 10;
        results[w] = Check((*table)->Append(*e->conn, OrderItems(from, from + 10), o),
                           delta::AppendOutcome::kCommitted, "items batch");
      }
    });
  }
  for (auto& t : writers) t.join();
  for (const auto& st : results) RP_RETURN_IF_ERROR(st);
  return Status::OK();
}

Status WriteAllTypes(storage::ObjectStore& store, engine::Connection& conn, AppendOptions o) {
  RP_ASSIGN_OR_RETURN(auto schema, delta::SchemaFromDuckDb({{"id", "INTEGER"},
                                                            {"big", "BIGINT"},
                                                            {"ratio", "DOUBLE"},
                                                            {"price", "DECIMAL(10,2)"},
                                                            {"name", "VARCHAR"},
                                                            {"day", "DATE"},
                                                            {"seen_at", "TIMESTAMP"},
                                                            {"ok", "BOOLEAN"}}));
  delta::CreateOptions c;
  c.partition_columns = {"day"};
  RP_ASSIGN_OR_RETURN(auto table, DeltaTable::Create(store, "all_types", schema, c));
  RP_RETURN_IF_ERROR(
      Check(table->Append(conn, kAllTypesV1, o), delta::AppendOutcome::kCommitted, "v1"));
  o.mode = delta::WriteMode::kOverwrite;  // leaves remove actions for the reader to apply
  return Check(table->Append(conn, kAllTypesV2, o), delta::AppendOutcome::kCommitted, "v2");
}

Status WriteAll(const std::string& dir) {
  RP_ASSIGN_OR_RETURN(auto store, storage::LocalObjectStore::Open(dir + "/tables"));
  RP_ASSIGN_OR_RETURN(auto engine, OpenEngine());
  AppendOptions o;
  o.work_dir = dir + "/work";
  RP_RETURN_IF_ERROR(WriteOrders(*store, *engine.conn, o));
  RP_RETURN_IF_ERROR(WriteOrderItems(*store, o.work_dir));
  return WriteAllTypes(*store, *engine.conn, o);
}

Status ReadTable(const std::string& dir, const std::string& table_path) {
  RP_ASSIGN_OR_RETURN(auto store, storage::LocalObjectStore::Open(dir));
  RP_ASSIGN_OR_RETURN(auto table, DeltaTable::Open(*store, table_path));
  RP_ASSIGN_OR_RETURN(auto engine, OpenEngine());
  RP_RETURN_IF_ERROR(table->CreateView(*engine.conn, "t", {}));
  return engine.conn->Execute(
      "COPY (SELECT * FROM t ORDER BY ALL) TO '/dev/stdout' (HEADER, DELIMITER ',')");
}

}  // namespace
}  // namespace retailpipe

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  retailpipe::Status st;
  if (args.size() == 2 && args[0] == "write") {
    st = retailpipe::WriteAll(args[1]);
  } else if (args.size() == 3 && args[0] == "read") {
    st = retailpipe::ReadTable(args[1], args[2]);
  } else {
    std::fprintf(stderr, "usage: delta_interop write <dir> | read <dir> <table>\n");
    return 2;
  }
  if (!st.ok()) {
    std::fprintf(stderr, "delta_interop: %s\n", st.ToString().c_str());
    return 1;
  }
  return 0;
}
