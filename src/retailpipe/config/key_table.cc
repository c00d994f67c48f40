// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/config/key_table.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <type_traits>
#include <utility>

#include "retailpipe/base/result.h"
#include "retailpipe/config/options.h"
#include "retailpipe/config/units.h"

namespace retailpipe::config {
namespace {

std::string Quote(std::string_view text) { return "'" + std::string(text) + "'"; }

// Return the scalar text of `value`. Errors: kInvalidArgument for a list.
Result<std::string> ScalarText(const RawValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  return Status::InvalidArgument("expected a single value, got a list");
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// Parse a whole string with std::from_chars; false if anything is left over.
template <typename T>
bool ParseNumber(std::string_view text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// A Codec<T> parses a RawValue into a field of type T and formats it back.
template <typename T>
struct Codec;

template <>
struct Codec<std::string> {
  static constexpr KeyType kType = KeyType::kString;
  static Result<std::string> Parse(const RawValue& value) { return ScalarText(value); }
  static RawValue Format(const std::string& field) { return field; }
};

// The only uint64_t fields are byte counts, written with a unit.
template <>
struct Codec<uint64_t> {
  static constexpr KeyType kType = KeyType::kSize;
  static Result<uint64_t> Parse(const RawValue& value) {
    RP_ASSIGN_OR_RETURN(std::string text, ScalarText(value));
    return ParseSize(text);
  }
  static RawValue Format(uint64_t field) { return FormatSize(field); }
};

template <>
struct Codec<int> {
  static constexpr KeyType kType = KeyType::kInteger;
  static Result<int> Parse(const RawValue& value) {
    RP_ASSIGN_OR_RETURN(std::string text, ScalarText(value));
    int number = 0;
    if (!ParseNumber(text, number))
      return Status::InvalidArgument(Quote(text) + " is not a whole number");
    return number;
  }
  static RawValue Format(int field) { return std::to_string(field); }
};

template <>
struct Codec<double> {
  static constexpr KeyType kType = KeyType::kDecimal;
  static Result<double> Parse(const RawValue& value) {
    RP_ASSIGN_OR_RETURN(std::string text, ScalarText(value));
    double number = 0;
    if (!ParseNumber(text, number) || !std::isfinite(number)) {
      return Status::InvalidArgument(Quote(text) + " is not a decimal number like 0.01");
    }
    return number;
  }
  static RawValue Format(double field) {
    std::array<char, 32> buffer{};
    auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), field);
    return std::string(buffer.data(), end);
  }
};

template <>
struct Codec<std::chrono::milliseconds> {
  static constexpr KeyType kType = KeyType::kDuration;
  static Result<std::chrono::milliseconds> Parse(const RawValue& value) {
    RP_ASSIGN_OR_RETURN(std::string text, ScalarText(value));
    return ParseDuration(text);
  }
  static RawValue Format(std::chrono::milliseconds field) { return FormatDuration(field); }
};

// A list from the environment or a flag is one comma-separated string.
template <>
struct Codec<std::vector<std::string>> {
  static constexpr KeyType kType = KeyType::kList;
  static Result<std::vector<std::string>> Parse(const RawValue& value) {
    if (const auto* items = std::get_if<std::vector<std::string>>(&value)) return *items;
    std::string_view text = std::get<std::string>(value);
    std::vector<std::string> items;
    while (!Trim(text).empty()) {
      size_t comma = text.find(',');
      items.emplace_back(Trim(text.substr(0, comma)));
      if (comma == std::string_view::npos) break;
      text.remove_prefix(comma + 1);
    }
    return items;
  }
  static RawValue Format(const std::vector<std::string>& field) { return field; }
};

// Return the field a chain of member pointers reaches, ((config.*m1).*m2)..., as a left
// fold over `.*`. C is Config or const Config.
template <auto... Members, typename C>
auto& FieldOf(C& config) {
  return (config.*....*Members);
}

template <auto... Members>
using FieldType = std::remove_cvref_t<decltype(FieldOf<Members...>(std::declval<Config&>()))>;

template <auto... Members>
Status SetField(Config& config, const RawValue& value) {
  RP_ASSIGN_OR_RETURN(FieldOf<Members...>(config), Codec<FieldType<Members...>>::Parse(value));
  return Status::OK();
}

template <auto... Members>
RawValue GetField(const Config& config) {
  return Codec<FieldType<Members...>>::Format(FieldOf<Members...>(config));
}

// Bind a table row to the Config field reached by `Members`; the type follows the field.
template <auto... Members>
constexpr KeySpec Key(std::string_view key, std::string_view default_text, std::string_view doc) {
  return {key,
          Codec<FieldType<Members...>>::kType,
          default_text,
          Secrecy::kPlain,
          doc,
          &SetField<Members...>,
          &GetField<Members...>};
}

// The table. Keep sections contiguous: ShowConfig() opens each section once.
constexpr std::array kKeys = {
    Key<&Config::data_dir>("data_dir", "retailpipe-data",
                           "Root of every embedded default; relative to the working folder."),
    Key<&Config::log, &log::LogOptions::level>("log.level", "info",
                                               "One of trace, debug, info, warn, error, off."),
    Key<&Config::log, &log::LogOptions::file>("log.file", "<data_dir>/logs/retailpipe.log",
                                              "Append log lines to this file too."),
    Key<&Config::store, &StoreOptions::uri>("store.uri", "file://<data_dir>/store",
                                            "Object store root: file://DIR, s3://BUCKET/PREFIX, "
                                            "mem://NAME."),
    Key<&Config::warehouse, &WarehouseOptions::uri>(
        "warehouse.uri", "duckdb://<data_dir>/warehouse.duckdb",
        "SQL warehouse: duckdb://FILE, mysql://USER:PASS@HOST:PORT/DB, postgres://..."),
    Key<&Config::engine, &EngineOptions::memory_limit_bytes>(
        "engine.memory_limit", "4GiB", "Engine memory before it spills to temp_dir (>= 64MiB)."),
    Key<&Config::engine, &EngineOptions::threads>("engine.threads", "0",
                                                  "Engine worker threads; 0 means one per core."),
    Key<&Config::engine, &EngineOptions::temp_dir>("engine.temp_dir", "<data_dir>/tmp",
                                                   "Folder for the engine's spill files."),
    Key<&Config::sales, &SalesOptions::inbox_prefix>("sales.inbox_prefix", "sales_data/",
                                                     "Store prefix of incoming sales files."),
    Key<&Config::sales, &SalesOptions::error_prefix>("sales.error_prefix", "sales_data_error/",
                                                     "Store prefix for rejected sales files."),
    Key<&Config::sales, &SalesOptions::processed_prefix>("sales.processed_prefix",
                                                         "sales_data_processed/",
                                                         "Store prefix for processed sales files."),
    Key<&Config::sales, &SalesOptions::customer_mart_prefix>(
        "sales.customer_mart_prefix", "customer_data_mart/", "Store prefix of the customer mart."),
    Key<&Config::sales, &SalesOptions::sales_team_mart_prefix>(
        "sales.sales_team_mart_prefix", "sales_team_data_mart/",
        "Store prefix of the sales team mart."),
    Key<&Config::sales, &SalesOptions::partitioned_prefix>(
        "sales.partitioned_prefix", "sales_partitioned_data_mart/",
        "Store prefix of the partitioned sales mart."),
    Key<&Config::sales, &SalesOptions::mandatory_columns>(
        "sales.mandatory_columns",
        "customer_id,store_id,product_name,sales_date,sales_person_id,price,quantity,total_cost",
        "Columns every sales file must have; comma-separated outside YAML."),
    Key<&Config::sales, &SalesOptions::sql_dir>("sales.sql_dir", "",
                                                "Folder with mart SQL overrides; empty for "
                                                "built-in."),
    Key<&Config::sales, &SalesOptions::work_dir>("sales.work_dir", "<data_dir>/work",
                                                 "Local scratch folder, emptied after each run."),
    Key<&Config::sales, &SalesOptions::total_tolerance>(
        "sales.total_tolerance", "0.01", "Largest allowed |total_cost - price * quantity|."),
    Key<&Config::stream, &StreamOptions::uri>(
        "stream.uri", "log://<data_dir>/stream",
        "Record stream: log://DIR (embedded), kafka://HOST:PORT[,...][?option=value], "
        "kinesis://?region=R[&endpoint=URL&checkpoint_dir=DIR]."),
    Key<&Config::orders, &OrdersOptions::topic>("orders.topic", "orders",
                                                "Topic (or Kinesis stream) the orders go through."),
    Key<&Config::orders, &OrdersOptions::group>("orders.group", "retailpipe-orders",
                                                "Consumer group of the orders subscriber."),
    Key<&Config::orders, &OrdersOptions::reference_prefix>(
        "orders.reference_prefix", "orders/gold/",
        "Store prefix of the reference tables clients_address, products, packages."),
    Key<&Config::orders, &OrdersOptions::tables_prefix>(
        "orders.tables_prefix", "orders/delta/bronze/",
        "Store prefix of the subscriber's Delta tables."),
    Key<&Config::country_sales, &CountrySalesOptions::countries>(
        "country_sales.countries", "US,UK,DE,FR,IT",
        "Country codes of the country sales pipeline; comma-separated outside YAML."),
    Key<&Config::country_sales, &CountrySalesOptions::batches>(
        "country_sales.batches", "20", "Batches each country publishes (seed: max_iterations)."),
    Key<&Config::country_sales, &CountrySalesOptions::delay>(
        "country_sales.delay", "10s-15s", "Pause before each published batch, MIN-MAX uniform."),
    Key<&Config::country_sales, &CountrySalesOptions::sale_frequency>(
        "country_sales.sale_frequency", "20",
        "The seed's overall_sale_frequency: rows per batch scale with it."),
    Key<&Config::country_sales, &CountrySalesOptions::topic>(
        "country_sales.topic", "{country}_topic", "Topic of a country ({country} is its code)."),
    Key<&Config::country_sales, &CountrySalesOptions::group>(
        "country_sales.group", "{country}_consumer-group",
        "Consumer group of a country's CSV sink."),
    Key<&Config::country_sales, &CountrySalesOptions::inbound_prefix>(
        "country_sales.inbound_prefix", "Inbound/",
        "Store prefix of the CSV files; each country has <CC>/ below it."),
    Key<&Config::country_sales, &CountrySalesOptions::max_records>(
        "country_sales.max_records", "10000", "A CSV file is cut at this many rows..."),
    Key<&Config::country_sales, &CountrySalesOptions::max_age>(
        "country_sales.max_age", "45s", "...or when its first record is this old."),
    Key<&Config::country_sales, &CountrySalesOptions::local_dir>(
        "country_sales.local_dir", "<data_dir>/country_sales",
        "Local copies of the CSV files, archived in Inbound/<CC>/Archived/; empty for none."),
    Key<&Config::country_sales, &CountrySalesOptions::count_log>(
        "country_sales.count_log", "<data_dir>/logs/country_sales_counts.txt",
        "The publisher's per-batch count log (the seed's log_1.txt); empty for none."),
    Key<&Config::country_sales, &CountrySalesOptions::target>(
        "country_sales.target", "warehouse",
        "Loader target: warehouse (table stage_sales) or dynamodb://TABLE[?endpoint=URL]."),
};

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string_view LastSegment(std::string_view key) { return key.substr(key.rfind('.') + 1); }

}  // namespace

std::span<const KeySpec> Keys() { return kKeys; }

const KeySpec* FindKey(std::string_view key) {
  auto it = std::find_if(kKeys.begin(), kKeys.end(),
                         [&](const KeySpec& spec) { return spec.key == key; });
  return it == kKeys.end() ? nullptr : &*it;
}

std::string_view SuggestKey(std::string_view unknown) {
  std::string_view best;
  size_t best_distance = std::max<size_t>(2, unknown.size() / 3) + 1;
  for (const KeySpec& spec : kKeys) {
    // A key written in the wrong section ("memory_limit" at the top) keeps its last segment.
    size_t distance =
        LastSegment(spec.key) == LastSegment(unknown) ? 1 : EditDistance(unknown, spec.key);
    if (distance < best_distance) {
      best = spec.key;
      best_distance = distance;
    }
  }
  return best;
}

std::string EnvVarName(std::string_view key) {
  std::string name = "RP_";
  for (char c : key) {
    name += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

bool IsDerived(const KeySpec& spec) {
  return spec.default_text.find(kDataDirPlaceholder) != std::string_view::npos;
}

std::string_view KeyTypeName(KeyType type) {
  switch (type) {
    case KeyType::kString:
      return "text";
    case KeyType::kSize:
      return "size with a unit, e.g. 512MiB or 4GiB";
    case KeyType::kInteger:
      return "whole number";
    case KeyType::kDecimal:
      return "decimal number";
    case KeyType::kList:
      return "list (comma-separated outside YAML)";
    case KeyType::kDuration:
      return "duration with a unit, e.g. 250ms, 45s or 10m";
  }
  return "unknown";
}

}  // namespace retailpipe::config
