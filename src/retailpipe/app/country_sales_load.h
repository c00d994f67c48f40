// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/config/options.h"
#include "retailpipe/db/fwd.h"
#include "retailpipe/dynamodb/fwd.h"
#include "retailpipe/etl/fwd.h"
#include "retailpipe/load/country_sales_loader.h"
#include "retailpipe/load/fwd.h"
#include "retailpipe/storage/fwd.h"

namespace retailpipe::app {

/// Whether CountrySalesLoad::Open() creates a missing DynamoDB table.
enum class CreateMissingTable { kNo, kYes };

/// The country sales loader as the config describes it: its target (country_sales.target:
/// the warehouse table stage_sales, or a DynamoDB table), the quarantine table in the
/// warehouse, and the loader's lock (<data_dir>/locks/country_sales_load.lock), so two
/// loads never move the same files at once. Used by `retailpipe load country-sales` and the
/// DAG operator country_sales.load.
///
/// Holds references to the store and the warehouse, which must outlive it; owns the rest.
/// Use from one thread at a time.
class CountrySalesLoad {
 public:
  /// Open everything and prepare the target (create the warehouse tables; check, or with
  /// kYes create, the DynamoDB table). Errors: kFailedPrecondition if another load holds
  /// the lock or the DynamoDB table is missing (the message says how to create it);
  /// kInvalidArgument for a bad country_sales.target or no AWS credentials; those of the
  /// services.
  static Result<std::unique_ptr<CountrySalesLoad>> Open(const config::Config& config,
                                                        storage::ObjectStore& store,
                                                        db::Warehouse& wh,
                                                        CreateMissingTable create);
  ~CountrySalesLoad();
  CountrySalesLoad(const CountrySalesLoad&) = delete;
  CountrySalesLoad& operator=(const CountrySalesLoad&) = delete;

  /// Load the files of one country (see load::CountrySalesLoader).
  Result<load::CountryLoadSummary> LoadCountry(const std::string& country, std::stop_token stop);

  /// Return what the rows go into, e.g. "warehouse table stage_sales in duckdb://...".
  std::string target() const;

 private:
  CountrySalesLoad() = default;

  std::unique_ptr<etl::RunLock> lock_;
  std::unique_ptr<dynamodb::DynamoDbClient> dynamodb_;
  std::unique_ptr<load::SalesTarget> target_;
  std::unique_ptr<load::QuarantineLog> quarantine_;
  std::unique_ptr<load::CountrySalesLoader> loader_;
};

/// Return one line for a country's load: "US: 3 files, 30,000 rows loaded, 2 quarantined
/// (1,200 requests)".
std::string DescribeCountryLoad(const load::CountryLoadSummary& summary);

/// Return a people's report of a load: per country, totals, the rate, the target.
std::string DescribeCountryLoads(const std::vector<load::CountryLoadSummary>& summaries,
                                 const std::string& target, double seconds);

}  // namespace retailpipe::app
