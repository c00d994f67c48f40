// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/load/country_sales_loader.h"

#include "retailpipe/base/clock.h"
#include "retailpipe/base/kill_point.h"
#include "retailpipe/base/log.h"
#include "retailpipe/load/country_sales_csv.h"
#include "retailpipe/load/quarantine_log.h"
#include "retailpipe/load/sales_target.h"
#include "retailpipe/storage/object_store.h"

namespace retailpipe::load {
namespace {

constexpr std::string_view kProcessed = "Processed/";
constexpr std::string_view kQuarantine = "Quarantine/";

spdlog::logger& Log() { return log::Get("load"); }

std::string BaseName(std::string_view key) { return std::string(key.substr(key.rfind('/') + 1)); }

Status Stopped() { return Status::Cancelled("the load was asked to stop"); }

}  // namespace

CountrySalesLoader::CountrySalesLoader(storage::ObjectStore& store, SalesTarget& target,
                                       QuarantineLog& quarantine, LoaderOptions options)
    : store_(store), target_(target), quarantine_(quarantine), options_(std::move(options)) {}

Result<CountryLoadSummary> CountrySalesLoader::LoadCountry(std::string_view country,
                                                           std::stop_token stop) {
  Stopwatch watch;
  CountryLoadSummary summary;
  summary.country = std::string(country);
  const std::string prefix = options_.inbound_prefix + summary.country + "/";
  storage::ListOptions list{prefix, "/", "", options_.list_page_size};
  do {
    Result<storage::ListPage> page = store_.List(list);
    if (!page.ok()) return page.status().WithContext("while listing " + prefix);
    for (const storage::ObjectInfo& object : page->objects) {
      if (stop.stop_requested()) return Stopped();
      if (!object.key.ends_with(".csv")) {
        Log().warn("{}: {} is not a .csv file; left where it is", country, object.key);
        summary.skipped_objects.push_back(object.key);
        continue;
      }
      RP_RETURN_IF_ERROR(LoadFile(object.key, summary.country, stop, summary)
                             .WithContext("while loading " + object.key));
    }
    list.continuation_token = page->next_token;
  } while (!list.continuation_token.empty());
  summary.seconds = watch.seconds();
  return summary;
}

Status CountrySalesLoader::LoadFile(const std::string& key, const std::string& country,
                                    std::stop_token stop, CountryLoadSummary& summary) {
  Result<std::string> text = store_.Get(key);
  if (!text.ok() && text.error().IsNotFound()) {
    // Another loader moved it between the listing and now.
    Log().warn("{}: {} is gone since it was listed; skipped", country, key);
    ++summary.files_vanished;
    return Status::OK();
  }
  RP_RETURN_IF_ERROR(text.status());
  summary.bytes_read += static_cast<int64_t>(text->size());
  ParsedSalesFile parsed = ParseCountrySalesCsv(*text, country);
  const std::string folder = options_.inbound_prefix + country + "/";
  if (parsed.file_rejected()) {
    const std::string to = folder + std::string(kQuarantine) + BaseName(key);
    QuarantinedRow whole{0, parsed.file_reason_code, parsed.file_reason, ""};
    RP_RETURN_IF_ERROR(quarantine_.Replace(key, country, to, {&whole, 1}));
    RP_RETURN_IF_ERROR(store_.Move(key, to));
    ++summary.files_quarantined;
    Log().warn("{}: {} refused ({}: {}); moved to {}", country, key, parsed.file_reason_code,
               parsed.file_reason, to);
    return Status::OK();
  }
  RP_ASSIGN_OR_RETURN(WriteStats stats, target_.Write(parsed.rows, key, stop));
  KillPoint("load.after_write");
  const std::string to = folder + std::string(kProcessed) + BaseName(key);
  RP_RETURN_IF_ERROR(quarantine_.Replace(key, country, to, parsed.rejects));
  // Only now is every row of the file either in the target or in the quarantine.
  RP_RETURN_IF_ERROR(store_.Move(key, to));
  ++summary.files_loaded;
  summary.rows_loaded += stats.rows;
  summary.rows_quarantined += static_cast<int64_t>(parsed.rejects.size());
  summary.rows_duplicate += parsed.duplicate_rows;
  summary.requests += stats.requests;
  summary.retried_rows += stats.retried_rows;
  Log().info("{}: {} -> {}: {} rows loaded, {} quarantined, {} duplicates ({} requests)", country,
             key, to, stats.rows, parsed.rejects.size(), parsed.duplicate_rows, stats.requests);
  return Status::OK();
}

}  // namespace retailpipe::load
