// SPDX-License-Identifier: Apache-2.0
// duckdb_alone: the sales ETL's data work done by plain DuckDB through its C API, as the peer
// that `retailpipe etl sales` is measured against (bench/sales_etl_bench.sh). It runs the same
// SQL text from sql/sales over the same CSV files, but none of retailpipe's bookkeeping (file
// ledger, hashing, quarantine collection, store uploads, warehouse commit).
//
// Usage: duckdb_alone --sql-dir sql/sales --warehouse W.duckdb --out DIR [--threads N]
//                     [--memory-limit 4GiB] FILE.csv...
// --verbose prints each statement's time to stderr. All files must share the header of the first
// one. Prints row counts and elapsed seconds. Errors are exceptions caught in main(): this is a
// single-file tool, not a module.
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <duckdb.h>

namespace {

constexpr std::string_view kCoreColumns[] = {"customer_id", "store_id",        "product_name",
                                             "sales_date",  "sales_person_id", "price",
                                             "quantity",    "total_cost"};

// Same list as kEnrichedColumns in src/retailpipe/etl/sales_batch.cc.
constexpr const char* kEnrichedColumns =
    "customer_id, product_name, sales_date, sales_person_id, price, quantity, total_cost, "
    "additional_column, customer_first_name, customer_last_name, customer_address, "
    "customer_pincode, customer_phone_number, store_address, store_manager_name, "
    "sales_person_first_name, sales_person_last_name, sales_person_address, "
    "sales_person_pincode, manager_id, is_manager, source_file, sales_month, store_id";

struct Args {
  std::string sql_dir, warehouse, out;
  int threads = 0;
  std::string memory_limit = "4GiB";
  bool verbose = false;
  std::vector<std::string> files;
};

Args ParseArgs(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(std::string(arg) + " needs a value");
      return argv[++i];
    };
    if (arg == "--sql-dir") {
      a.sql_dir = next();
    } else if (arg == "--warehouse") {
      a.warehouse = next();
    } else if (arg == "--out") {
      a.out = next();
    } else if (arg == "--threads") {
      a.threads = std::stoi(next());
    } else if (arg == "--memory-limit") {
      a.memory_limit = next();
    } else if (arg == "--verbose") {
      a.verbose = true;
    } else {
      a.files.emplace_back(arg);
    }
  }
  if (a.sql_dir.empty() || a.warehouse.empty() || a.out.empty() || a.files.empty()) {
    throw std::invalid_argument(
        "usage: duckdb_alone --sql-dir DIR --warehouse FILE --out DIR [--threads N] "
        "[--memory-limit SIZE] [--verbose] FILE.csv...");
  }
  return a;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string Trim(std::string sql) {
  while (!sql.empty() &&
         (std::isspace(static_cast<unsigned char>(sql.back())) || sql.back() == ';')) {
    sql.pop_back();
  }
  return sql;
}

std::string Replace(std::string text, const std::string& name, const std::string& with) {
  const std::string key = "{" + name + "}";
  for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + with.size())) {
    text.replace(at, key.size(), with);
  }
  return Trim(std::move(text));
}

// The header of the first file, split on commas (the bench files have no quoted header).
std::vector<std::string> ReadHeader(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line)) throw std::runtime_error("no header in " + path);
  if (line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> out;
  std::stringstream s(line);
  for (std::string field; std::getline(s, field, ',');) out.push_back(field);
  return out;
}

class Db {
 public:
  explicit Db(const Args& a) : verbose_(a.verbose) {
    duckdb_config config = nullptr;
    duckdb_create_config(&config);
    duckdb_set_config(config, "memory_limit", a.memory_limit.c_str());
    if (a.threads > 0) duckdb_set_config(config, "threads", std::to_string(a.threads).c_str());
    char* error = nullptr;
    bool opened = duckdb_open_ext(nullptr, &db_, config, &error) == DuckDBSuccess;
    duckdb_destroy_config(&config);
    if (!opened) throw std::runtime_error(std::string("open: ") + (error ? error : "?"));
    if (duckdb_connect(db_, &conn_) == DuckDBError) throw std::runtime_error("connect failed");
  }
  ~Db() {
    duckdb_disconnect(&conn_);
    duckdb_close(&db_);
  }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Run `sql` and return the first column of its first row as an integer (0 if none).
  int64_t Run(const std::string& sql) {
    auto start = std::chrono::steady_clock::now();
    duckdb_result result;
    bool ok = duckdb_query(conn_, sql.c_str(), &result) == DuckDBSuccess;
    std::string error = ok ? "" : duckdb_result_error(&result);
    int64_t first = ok && duckdb_row_count(&result) > 0 && duckdb_column_count(&result) > 0
                        ? duckdb_value_int64(&result, 0, 0)
                        : 0;
    duckdb_destroy_result(&result);
    if (verbose_) {
      std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
      std::fprintf(stderr, "%8.3f s  %.70s\n", took.count(), sql.c_str());
    }
    if (!ok) throw std::runtime_error(error + "\nin: " + sql.substr(0, 400));
    return first;
  }

 private:
  duckdb_database db_ = nullptr;
  duckdb_connection conn_ = nullptr;
  bool verbose_ = false;
};

// The read_csv() options of ReadCsvCall() in src/retailpipe/etl/sales_sql_text.cc.
std::string RawSource(const Args& a, const std::vector<std::string>& header) {
  std::string list = "[", columns = "{";
  for (size_t i = 0; i < a.files.size(); ++i) list += (i ? ", " : "") + Quote(a.files[i]);
  for (size_t i = 0; i < header.size(); ++i) {
    columns += (i ? ", 'c" : "'c") + std::to_string(i) + "': 'VARCHAR'";
  }
  std::string sql = "(SELECT f.file_id";
  std::vector<size_t> extra;
  for (size_t i = 0; i < header.size(); ++i) extra.push_back(i);
  for (std::string_view col : kCoreColumns) {
    size_t index = 0;
    while (index < header.size() && header[index] != col) ++index;
    if (index == header.size()) throw std::runtime_error("no column " + std::string(col));
    std::erase(extra, index);
    sql += ", r.c" + std::to_string(index) + " AS " + std::string(col);
  }
  if (extra.empty()) {
    sql += ", CAST(NULL AS VARCHAR) AS additional_column";
  } else {
    sql += ", concat_ws(', '";
    for (size_t i : extra) sql += ", r.c" + std::to_string(i);
    sql += ") AS additional_column";
  }
  return sql + " FROM read_csv(" + list + "], header = true, auto_detect = false, delim = ',', " +
         "quote = '\"', escape = '\"', columns = " + columns +
         "}, store_rejects = true, rejects_table = 'rp_rej_err', rejects_scan = 'rp_rej_scan', "
         "filename = true, null_padding = false) r JOIN rp_files f ON f.local_path = r.filename)";
}

void LoadInputs(Db& db, const Args& a) {
  db.Run("SET preserve_insertion_order = false");  // as SalesBatch::Open does
  db.Run("SET VARIABLE rp_total_tolerance = CAST('0.01' AS DECIMAL(18,4))");
  db.Run("ATTACH " + Quote(a.warehouse) + " AS wh (READ_ONLY)");
  for (const char* table : {"customer", "store", "sales_team"}) {
    db.Run(std::string("CREATE TABLE ") + table + " AS SELECT * FROM wh." + table);
  }
  db.Run("DETACH wh");
  db.Run(ReadText(a.sql_dir + "/macros.sql"));
  db.Run("CREATE TEMP TABLE rp_files (file_id BIGINT, file_name VARCHAR, local_path VARCHAR)");
  for (size_t i = 0; i < a.files.size(); ++i) {
    std::string name = std::filesystem::path(a.files[i]).filename().string();
    db.Run("INSERT INTO rp_files VALUES (" + std::to_string(i + 1) + ", " + Quote(name) + ", " +
           Quote(a.files[i]) + ")");
  }
}

void Run(const Args& a) {
  Db db(a);
  LoadInputs(db, a);
  std::string source = RawSource(a, ReadHeader(a.files.front()));
  int64_t staged = db.Run("CREATE TEMP TABLE rp_staged AS " +
                          Replace(ReadText(a.sql_dir + "/stage.sql"), "source", source));
  db.Run("CREATE TEMP VIEW rp_checked AS " +
         Replace(ReadText(a.sql_dir + "/checked.sql"), "staged", "rp_staged"));
  const std::string accepted = std::string("SELECT ") + kEnrichedColumns +
                               " FROM rp_checked c JOIN (SELECT file_id, file_name AS "
                               "source_file FROM rp_files) f USING (file_id) "
                               "WHERE c.reason_code IS NULL";
  std::filesystem::remove_all(a.out);
  std::filesystem::create_directories(a.out);
  int64_t loaded = db.Run("COPY (" + accepted + ") TO " + Quote(a.out + "/partitioned") +
                          " (FORMAT parquet, PARTITION_BY (sales_month, store_id), "
                          "FILENAME_PATTERN 'batch_{i}')");
  db.Run("CREATE TEMP VIEW enriched_sales AS " + accepted);
  db.Run("CREATE TEMP TABLE rp_customer_mart AS " +
         Trim(ReadText(a.sql_dir + "/customer_mart.sql")));
  db.Run("CREATE TEMP TABLE rp_sales_team_mart AS " +
         Trim(ReadText(a.sql_dir + "/sales_team_mart.sql")));
  int64_t customers = db.Run("COPY rp_customer_mart TO " + Quote(a.out + "/customer_mart") +
                             " (FORMAT parquet, PARTITION_BY (sales_date_month))");
  int64_t team = db.Run("COPY rp_sales_team_mart TO " + Quote(a.out + "/team_mart") +
                        " (FORMAT parquet, PARTITION_BY (sales_month))");
  std::printf(
      "rows staged %lld, loaded %lld; customers_data_mart %lld rows, "
      "sales_team_data_mart %lld rows\n",
      static_cast<long long>(staged), static_cast<long long>(loaded),
      static_cast<long long>(customers), static_cast<long long>(team));
}

}  // namespace

int main(int argc, char** argv) {
  try {
    auto start = std::chrono::steady_clock::now();
    Run(ParseArgs(argc, argv));
    std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    std::printf("elapsed %.3f s\n", elapsed.count());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "duckdb_alone: %s\n", e.what());
    return 1;
  }
}
