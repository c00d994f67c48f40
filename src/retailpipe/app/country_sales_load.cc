// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/country_sales_load.h"

#include <fmt/format.h>

#include "retailpipe/app/sales_steps.h"
#include "retailpipe/aws/aws_client_options.h"
#include "retailpipe/aws/endpoint.h"
#include "retailpipe/dynamodb/dynamodb_client.h"
#include "retailpipe/etl/run_lock.h"
#include "retailpipe/load/dynamodb_sales_target.h"
#include "retailpipe/load/quarantine_log.h"
#include "retailpipe/load/sales_target_uri.h"
#include "retailpipe/load/warehouse_sales_target.h"

namespace retailpipe::app {
namespace {

Result<std::unique_ptr<dynamodb::DynamoDbClient>> OpenDynamoDb(const load::SalesTargetUri& uri) {
  const aws::AwsJsonService service = aws::AwsJsonService::DynamoDb();
  const aws::EnvLookup env = aws::ProcessEnvironment();
  RP_ASSIGN_OR_RETURN(aws::AwsClientOptions options, aws::ResolveAwsClientOptions(service, env));
  if (!uri.endpoint.empty()) {
    RP_ASSIGN_OR_RETURN(options.endpoint, aws::NormalizeEndpoint(uri.endpoint, "DynamoDB"));
  }
  if (!uri.region.empty()) options.region = uri.region;
  return dynamodb::DynamoDbClient::Make(options);
}

}  // namespace

CountrySalesLoad::~CountrySalesLoad() = default;

Result<std::unique_ptr<CountrySalesLoad>> CountrySalesLoad::Open(const config::Config& config,
                                                                 storage::ObjectStore& store,
                                                                 db::Warehouse& wh,
                                                                 CreateMissingTable create) {
  const config::CountrySalesOptions& options = config.country_sales;
  RP_ASSIGN_OR_RETURN(load::SalesTargetUri uri, load::ParseSalesTargetUri(options.target));
  std::unique_ptr<CountrySalesLoad> self(new CountrySalesLoad());
  RP_ASSIGN_OR_RETURN(self->lock_,
                      etl::RunLock::Acquire(config.data_dir + "/locks/country_sales_load.lock"));
  if (uri.kind == load::SalesTargetUri::Kind::kDynamoDb) {
    RP_ASSIGN_OR_RETURN(self->dynamodb_, OpenDynamoDb(uri));
    load::DynamoDbTargetOptions target_options;
    target_options.table = uri.table;
    auto target = std::make_unique<load::DynamoDbSalesTarget>(*self->dynamodb_, target_options);
    if (create == CreateMissingTable::kYes) {
      RP_ASSIGN_OR_RETURN(auto existing, self->dynamodb_->DescribeTable(uri.table));
      if (!existing) RP_RETURN_IF_ERROR(target->CreateTable());
    }
    self->target_ = std::move(target);
  } else {
    self->target_ = std::make_unique<load::WarehouseSalesTarget>(wh);
  }
  RP_RETURN_IF_ERROR(self->target_->Prepare());
  self->quarantine_ = std::make_unique<load::QuarantineLog>(wh);
  RP_RETURN_IF_ERROR(self->quarantine_->EnsureSchema());
  load::LoaderOptions loader_options;
  loader_options.inbound_prefix = options.inbound_prefix;
  self->loader_ = std::make_unique<load::CountrySalesLoader>(store, *self->target_,
                                                             *self->quarantine_, loader_options);
  return self;
}

Result<load::CountryLoadSummary> CountrySalesLoad::LoadCountry(const std::string& country,
                                                               std::stop_token stop) {
  return loader_->LoadCountry(country, stop);
}

std::string CountrySalesLoad::target() const { return target_->Describe(); }

std::string DescribeCountryLoad(const load::CountryLoadSummary& s) {
  std::string text =
      fmt::format("{}: {} files, {} rows loaded, {} quarantined", s.country, s.files_loaded,
                  WithCommas(s.rows_loaded), WithCommas(s.rows_quarantined));
  if (s.files_quarantined > 0) text += fmt::format(", {} files refused", s.files_quarantined);
  if (s.rows_duplicate > 0) text += fmt::format(", {} duplicate rows", s.rows_duplicate);
  if (!s.skipped_objects.empty()) {
    text += fmt::format(", {} non-CSV objects left", s.skipped_objects.size());
  }
  text += fmt::format(" ({} requests", WithCommas(s.requests));
  if (s.retried_rows > 0) text += fmt::format(", {} rows sent again", WithCommas(s.retried_rows));
  return text + ")";
}

std::string DescribeCountryLoads(const std::vector<load::CountryLoadSummary>& summaries,
                                 const std::string& target, double seconds) {
  load::CountryLoadSummary total;
  std::string lines;
  for (const load::CountryLoadSummary& s : summaries) {
    lines += "  " + DescribeCountryLoad(s) + "\n";
    total.files_loaded += s.files_loaded;
    total.files_quarantined += s.files_quarantined;
    total.rows_loaded += s.rows_loaded;
    total.rows_quarantined += s.rows_quarantined;
    total.requests += s.requests;
  }
  const double rate = seconds > 0 ? static_cast<double>(total.rows_loaded) / seconds : 0;
  std::string text =
      fmt::format("loaded {} rows from {} files into {} in {:.2f} s ({} rows/s, {} requests)\n",
                  WithCommas(total.rows_loaded), total.files_loaded, target, seconds,
                  WithCommas(static_cast<int64_t>(rate)), WithCommas(total.requests));
  if (total.rows_quarantined > 0 || total.files_quarantined > 0) {
    text += fmt::format(
        "{} rows and {} files were quarantined: retailpipe sql \"SELECT * FROM "
        "country_sales_quarantine\"\n",
        WithCommas(total.rows_quarantined), total.files_quarantined);
  }
  return text + lines;
}

}  // namespace retailpipe::app
