// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/config/options.h"

#include <algorithm>
#include <array>
#include <set>
#include <span>
#include <string_view>
#include <utility>

#include "retailpipe/config/redact.h"
#include "retailpipe/config/units.h"

namespace retailpipe::config {
namespace {

constexpr std::array<std::string_view, 3> kStoreSchemes = {"file://", "s3://", "mem://"};
constexpr std::array<std::string_view, 3> kStreamSchemes = {"log://", "kafka://", "kinesis://"};
constexpr std::array<std::string_view, 4> kWarehouseSchemes = {"duckdb://", "mysql://",
                                                               "postgres://", "postgresql://"};
constexpr std::array<std::string_view, 6> kLogLevels = {"trace", "debug", "info",
                                                        "warn",  "error", "off"};
constexpr uint64_t kMinMemoryLimitBytes = 64ULL << 20;

std::string Join(std::span<const std::string_view> items) {
  std::string out;
  for (std::string_view item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

// Error unless `uri` starts with one of `schemes`. Only the scheme is checked here; each
// adapter parses the rest when it opens the URI.
Status CheckScheme(std::string_view key, std::string_view uri,
                   std::span<const std::string_view> schemes) {
  bool known = std::any_of(schemes.begin(), schemes.end(),
                           [&](std::string_view scheme) { return uri.starts_with(scheme); });
  if (known) return Status::OK();
  return Status::InvalidArgument(std::string(key) + ": '" + RedactUri(uri) +
                                 "' has no known scheme; use " + Join(schemes));
}

// Error unless `prefix` is a relative store prefix ending with '/'.
Status CheckPrefix(std::string_view key, std::string_view prefix) {
  if (!prefix.empty() && prefix.back() == '/' && prefix.front() != '/') return Status::OK();
  return Status::InvalidArgument(std::string(key) + ": '" + std::string(prefix) +
                                 "' must be a store prefix that ends with '/' and does not "
                                 "start with '/', e.g. 'sales_data/'");
}

Status CheckColumns(const std::vector<std::string>& columns) {
  constexpr std::string_view kKey = "sales.mandatory_columns";
  if (columns.empty()) return Status::InvalidArgument(std::string(kKey) + " must not be empty");
  std::set<std::string_view> seen;
  for (const std::string& column : columns) {
    if (column.empty()) {
      return Status::InvalidArgument(std::string(kKey) + " has an empty column name");
    }
    if (!seen.insert(column).second) {
      return Status::InvalidArgument(std::string(kKey) + " lists '" + column + "' twice");
    }
  }
  return Status::OK();
}

}  // namespace

Status StoreOptions::Validate() const { return CheckScheme("store.uri", uri, kStoreSchemes); }

Status WarehouseOptions::Validate() const {
  return CheckScheme("warehouse.uri", uri, kWarehouseSchemes);
}

Status EngineOptions::Validate() const {
  if (memory_limit_bytes < kMinMemoryLimitBytes) {
    return Status::InvalidArgument("engine.memory_limit: " + FormatSize(memory_limit_bytes) +
                                   " is too small; use at least " +
                                   FormatSize(kMinMemoryLimitBytes));
  }
  if (threads < 0) {
    return Status::InvalidArgument("engine.threads: " + std::to_string(threads) +
                                   " must be >= 0 (0 means one per core)");
  }
  return Status::OK();
}

Status SalesOptions::Validate() const {
  RP_RETURN_IF_ERROR(CheckPrefix("sales.inbox_prefix", inbox_prefix));
  RP_RETURN_IF_ERROR(CheckPrefix("sales.error_prefix", error_prefix));
  RP_RETURN_IF_ERROR(CheckPrefix("sales.processed_prefix", processed_prefix));
  RP_RETURN_IF_ERROR(CheckPrefix("sales.customer_mart_prefix", customer_mart_prefix));
  RP_RETURN_IF_ERROR(CheckPrefix("sales.sales_team_mart_prefix", sales_team_mart_prefix));
  RP_RETURN_IF_ERROR(CheckPrefix("sales.partitioned_prefix", partitioned_prefix));
  RP_RETURN_IF_ERROR(CheckColumns(mandatory_columns));
  // Written as !(x >= 0) so that NaN is rejected too.
  if (!(total_tolerance >= 0)) {
    return Status::InvalidArgument("sales.total_tolerance: " + std::to_string(total_tolerance) +
                                   " must be a decimal number >= 0");
  }
  return Status::OK();
}

Status StreamOptions::Validate() const { return CheckScheme("stream.uri", uri, kStreamSchemes); }

Status OrdersOptions::Validate() const {
  if (topic.empty()) return Status::InvalidArgument("orders.topic must not be empty");
  if (group.empty()) return Status::InvalidArgument("orders.group must not be empty");
  RP_RETURN_IF_ERROR(CheckPrefix("orders.reference_prefix", reference_prefix));
  return CheckPrefix("orders.tables_prefix", tables_prefix);
}

Status CountrySalesOptions::Validate() const {
  if (countries.empty()) return Status::InvalidArgument("country_sales.countries is empty");
  std::set<std::string_view> seen;
  for (const std::string& country : countries) {
    const bool word = !country.empty() && std::all_of(country.begin(), country.end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    });
    if (!word) {
      return Status::InvalidArgument("country_sales.countries: '" + country +
                                     "' is not a country code like US (capitals and digits)");
    }
    if (!seen.insert(country).second) {
      return Status::InvalidArgument("country_sales.countries lists " + country + " twice");
    }
  }
  if (batches < 1 || batches > 1'000'000) {
    return Status::InvalidArgument("country_sales.batches must be in 1..1000000");
  }
  if (Result<DurationRange> range = ParseDurationRange(delay); !range.ok()) {
    return range.status().WithContext("country_sales.delay");
  }
  if (sale_frequency < 1 || sale_frequency > 1000) {
    return Status::InvalidArgument("country_sales.sale_frequency must be in 1..1000");
  }
  for (const auto& [key, value] :
       {std::pair{"country_sales.topic", &topic}, std::pair{"country_sales.group", &group}}) {
    if (value->find("{country}") == std::string::npos) {
      return Status::InvalidArgument(std::string(key) + ": '" + *value +
                                     "' must contain {country}, e.g. '{country}_topic'");
    }
  }
  RP_RETURN_IF_ERROR(CheckPrefix("country_sales.inbound_prefix", inbound_prefix));
  if (max_records < 1 || max_records > 1'000'000) {
    return Status::InvalidArgument("country_sales.max_records must be in 1..1000000");
  }
  if (max_age.count() <= 0) {
    return Status::InvalidArgument("country_sales.max_age must be more than 0s");
  }
  if (target != "warehouse" && !target.starts_with("dynamodb://")) {
    return Status::InvalidArgument("country_sales.target: '" + target +
                                   "' is not 'warehouse' or 'dynamodb://TABLE[?endpoint=URL]'");
  }
  return Status::OK();
}

Status Config::Validate() const {
  if (data_dir.empty()) return Status::InvalidArgument("data_dir must not be empty");
  if (std::find(kLogLevels.begin(), kLogLevels.end(), log.level) == kLogLevels.end()) {
    return Status::InvalidArgument("log.level: '" + log.level + "' is not a log level; use " +
                                   Join(kLogLevels));
  }
  RP_RETURN_IF_ERROR(store.Validate());
  RP_RETURN_IF_ERROR(warehouse.Validate());
  RP_RETURN_IF_ERROR(engine.Validate());
  RP_RETURN_IF_ERROR(sales.Validate());
  RP_RETURN_IF_ERROR(stream.Validate());
  RP_RETURN_IF_ERROR(orders.Validate());
  RP_RETURN_IF_ERROR(country_sales.Validate());
  for (const DagOptions& dag : dags) RP_RETURN_IF_ERROR(dag.Validate());
  return Status::OK();
}

}  // namespace retailpipe::config
