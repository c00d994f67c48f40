// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "retailpipe/base/log.h"
#include "retailpipe/base/status.h"
#include "retailpipe/config/dag_options.h"

namespace retailpipe::config {

/// Where objects live (the seeds' S3 bucket). Key prefix: "store.".
struct StoreOptions {
  /// Root URI of the object store: file://DIR (embedded default), s3://bucket/prefix.
  std::string uri;
  Status Validate() const;
};

/// The SQL warehouse for ledgers, dimensions, quarantine and marts. Key prefix: "warehouse.".
struct WarehouseOptions {
  /// duckdb://FILE (embedded default), mysql://user:pass@host:port/db, postgres://...
  std::string uri;
  Status Validate() const;
};

/// The embedded analytical engine (DuckDB) that does the heavy lifting. Key prefix: "engine.".
struct EngineOptions {
  /// Memory the engine may use before it spills to temp_dir, in bytes ("4GiB" in config).
  uint64_t memory_limit_bytes = 4ULL << 30;
  /// Worker threads; 0 means one per core.
  int threads = 0;
  /// Folder for spill files.
  std::string temp_dir;
  Status Validate() const;
};

/// The sales ETL of seeds 002/003. Key prefix: "sales.".
struct SalesOptions {
  /// Store prefixes, each ending with '/'.
  std::string inbox_prefix = "sales_data/";
  std::string error_prefix = "sales_data_error/";
  std::string processed_prefix = "sales_data_processed/";
  std::string customer_mart_prefix = "customer_data_mart/";
  std::string sales_team_mart_prefix = "sales_team_data_mart/";
  std::string partitioned_prefix = "sales_partitioned_data_mart/";
  /// Columns every sales file must have (header names, any order).
  std::vector<std::string> mandatory_columns = {"customer_id", "store_id",        "product_name",
                                                "sales_date",  "sales_person_id", "price",
                                                "quantity",    "total_cost"};
  /// Folder with the mart SQL files to use instead of the built-in ones; empty for built-in.
  std::string sql_dir;
  /// Local scratch folder for downloads and Parquet before upload; emptied after each run.
  std::string work_dir;
  /// Largest allowed |total_cost - price * quantity|, in currency units.
  double total_tolerance = 0.01;
  Status Validate() const;
};

/// Where records stream between pipelines (`stream.uri`).
struct StreamOptions {
  /// log:///abs/dir (embedded local log), kafka://host:port,..., kinesis://...
  std::string uri;
  Status Validate() const;
};

/// The orders pipeline (seeds 000/001): reference tables, publisher and subscriber.
struct OrdersOptions {
  /// Topic (Kafka, local log) or stream name (Kinesis) the orders go through.
  std::string topic = "orders";
  /// Consumer group of the subscriber; every subscriber process of one pipeline shares it.
  std::string group = "retailpipe-orders";
  /// Store prefix of the gold reference tables (clients_address, products, packages).
  std::string reference_prefix = "orders/gold/";
  /// Store prefix of the subscriber's Delta tables (events, orders, orders_items, ...).
  std::string tables_prefix = "orders/delta/bronze/";
  Status Validate() const;
};

/// The country sales pipeline (seed 004): publisher and stream-to-CSV sink. Key prefix
/// "country_sales.".
struct CountrySalesOptions {
  /// Country codes, each with its own topic, consumer group and store folder.
  std::vector<std::string> countries = {"US", "UK", "DE", "FR", "IT"};
  /// Batches each country publishes (the seed's max_iterations); 1..1000000.
  int batches = 20;
  /// Pause before each batch, "MIN-MAX" uniform (the seed's 10 to 15 s), or one duration.
  std::string delay = "10s-15s";
  /// The seed's overall_sale_frequency: rows per batch scale with it (1..1000).
  int sale_frequency = 20;
  /// Topic of a country; "{country}" stands for its code.
  std::string topic = "{country}_topic";
  /// Consumer group of a country's sink; "{country}" stands for its code.
  std::string group = "{country}_consumer-group";
  /// Store prefix under which each country has its folder "<CC>/" of CSV files.
  std::string inbound_prefix = "Inbound/";
  /// A CSV file is cut at this many rows (1..1000000)...
  int max_records = 10000;
  /// ...or when its first record is this old, even if no record arrives.
  std::chrono::milliseconds max_age{45'000};
  /// Local folder for the working copy of each CSV file, kept in Inbound/<CC>/Archived/ below
  /// it once uploaded (as the seed did); empty for no local copies.
  std::string local_dir;
  /// The publisher appends "<country>,<rows>,<time>" per batch here (the seed's log_1.txt);
  /// empty for none.
  std::string count_log;
  /// Where the loader writes: "warehouse" (table stage_sales in warehouse.uri) or
  /// "dynamodb://TABLE[?endpoint=URL&region=NAME]" (the seed's stage.sales).
  std::string target = "warehouse";
  Status Validate() const;
};

/// The whole effective configuration. Built by LoadConfig(); a plain value.
struct Config {
  /// Root of every embedded default (store, warehouse, logs, work).
  std::string data_dir = "retailpipe-data";
  /// The --env overlay that was applied ("" for none).
  std::string env;
  log::LogOptions log;
  StoreOptions store;
  WarehouseOptions warehouse;
  EngineOptions engine;
  SalesOptions sales;
  StreamOptions stream;
  OrdersOptions orders;
  CountrySalesOptions country_sales;
  /// The DAGs `retailpipe dag` runs: the built-in ones, replaced or joined by the file's
  /// `dags:` section (a DAG of the file replaces the built-in one with the same id).
  std::vector<DagOptions> dags;
  Status Validate() const;
};

}  // namespace retailpipe::config
