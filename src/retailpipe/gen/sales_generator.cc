// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/gen/sales_generator.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "retailpipe/gen/civil_date.h"
#include "retailpipe/gen/rng.h"
#include "retailpipe/gen/sales_file_writer.h"
#include "retailpipe/gen/temp_file_writer.h"
#include "retailpipe/storage/object_store.h"

namespace retailpipe::gen {
namespace {

// Streams of the variant files; plain file n (1-based) uses stream n, which stays below 2^32.
constexpr uint64_t kExtraColumnsStream = (uint64_t{1} << 32) | 1;
constexpr uint64_t kMissingStoreIdStream = (uint64_t{1} << 32) | 2;
constexpr uint64_t kDatewiseStream = (uint64_t{1} << 32) | 3;

constexpr int kMaxFiles = 99999;
constexpr int kMaxThreads = 64;
constexpr int kMaxCustomers = 999998;
constexpr int64_t kMaxRowsPerFile = int64_t{1} << 40;

// One file to generate, and what was written.
struct FileJob {
  std::string key;
  SalesFileSpec spec;
  std::array<int64_t, kBadRowClassCount> bad_per_class{};
  Status status{};
};

std::string PartKey(std::string_view prefix, int part) {
  char name[48];
  std::snprintf(name, sizeof(name), "sales_data_part_%04d.csv", part);
  return std::string(prefix) + name;
}

// Return the plain files, the bad rows spread evenly over them, then the CSV variants.
std::vector<FileJob> PlanJobs(const SalesGenOptions& options, std::string_view prefix) {
  const int64_t first_day = CivilDate::Parse(options.start_date)->ToDays();
  const int64_t last_day = CivilDate::Parse(options.end_date)->ToDays();
  std::vector<FileJob> jobs;
  int64_t bad_before = 0;
  for (int part = 1; part <= options.files; ++part) {
    const int64_t bad =
        options.bad_rows / options.files + (part <= options.bad_rows % options.files);
    SalesFileSpec spec{SalesFileLayout::kPlain,
                       static_cast<uint64_t>(part),
                       options.rows_per_file,
                       first_day,
                       last_day,
                       bad,
                       bad_before};
    jobs.push_back({PartKey(prefix, part), spec});
    bad_before += bad;
  }
  auto add_variant = [&](std::string name, SalesFileLayout layout, uint64_t stream) {
    jobs.push_back({std::string(prefix) + name,
                    SalesFileSpec{layout, stream, options.rows_per_file, first_day, last_day}});
  };
  if (!options.datewise_date.empty()) {
    add_variant("sales_data_" + options.datewise_date + ".csv", SalesFileLayout::kPlain,
                kDatewiseStream);
    const int64_t day = CivilDate::Parse(options.datewise_date)->ToDays();
    jobs.back().spec.first_day = day;
    jobs.back().spec.last_day = day;
  }
  if (options.extra_column_file) {
    add_variant("sales_data_extra_columns.csv", SalesFileLayout::kExtraColumns,
                kExtraColumnsStream);
  }
  if (options.missing_column_file) {
    add_variant("sales_data_missing_store_id.csv", SalesFileLayout::kMissingStoreId,
                kMissingStoreIdStream);
  }
  return jobs;
}

Status RunJob(const SalesFileWriter& writer, storage::ObjectStore& store,
              const std::string& work_dir, FileJob& job) {
  RP_ASSIGN_OR_RETURN(auto file, TempFileWriter::Open(work_dir));
  job.bad_per_class = writer.Write(job.spec, *file);
  RP_RETURN_IF_ERROR(file->Finish());
  return store.Upload(file->path(), job.key);
}

// Run the jobs on `threads` workers that take the next job in order until all are done or
// one has failed.
void RunJobs(const SalesGenOptions& options, storage::ObjectStore& store,
             const std::string& work_dir, std::vector<FileJob>& jobs) {
  const SalesFileWriter writer(options);
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  auto work = [&] {
    for (size_t i = next++; i < jobs.size() && !failed; i = next++) {
      jobs[i].status =
          RunJob(writer, store, work_dir, jobs[i]).WithContext("while writing " + jobs[i].key);
      if (!jobs[i].status.ok()) failed = true;
    }
  };
  const size_t thread_count = std::min(jobs.size(), static_cast<size_t>(options.threads));
  std::vector<std::jthread> workers;
  for (size_t t = 0; t < thread_count; ++t) {
    try {
      workers.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // out of threads: the ones started (or this one) do the work
    }
  }
  if (workers.empty()) work();
}

std::string NotesJson(const SalesGenOptions& options) {
  return "{\"generator\": \"retailpipe gen sales\", \"spec_version\": " +
         std::to_string(kSalesSpecVersion) + ", \"seed\": " + std::to_string(options.seed) +
         ", \"note\": \"not a sales file; the ETL must move it to the error folder\"}\n";
}

Status CheckDate(std::string_view field, const std::string& value) {
  return CivilDate::Parse(value).status().WithContext(field);
}

}  // namespace

std::string_view BadRowClassName(BadRowClass bad_class) {
  switch (bad_class) {
    case BadRowClass::kBadDate:
      return "BAD_DATE";
    case BadRowClass::kBadNumber:
      return "BAD_NUMBER";
    case BadRowClass::kFieldCount:
      return "FIELD_COUNT";
    case BadRowClass::kTotalMismatch:
      return "TOTAL_MISMATCH";
    case BadRowClass::kUnknownCustomer:
      return "UNKNOWN_CUSTOMER";
    case BadRowClass::kUnknownSalesPerson:
      break;
  }
  return "UNKNOWN_SALES_PERSON";
}

Status SalesGenOptions::Validate() const {
  auto out_of_range = [](std::string_view field, auto value, auto lo, auto hi) {
    return Status::InvalidArgument(std::string(field) + " = " + std::to_string(value) +
                                   " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
  };
  if (files < 0 || files > kMaxFiles) return out_of_range("files", files, 0, kMaxFiles);
  if (rows_per_file < 0 || rows_per_file > kMaxRowsPerFile) {
    return out_of_range("rows_per_file", rows_per_file, 0, kMaxRowsPerFile);
  }
  if (customers < 1 || customers > kMaxCustomers) {
    return out_of_range("customers", customers, 1, kMaxCustomers);
  }
  if (threads < 1 || threads > kMaxThreads) return out_of_range("threads", threads, 1, kMaxThreads);
  const int64_t max_bad = files * rows_per_file;  // both bounded, so no overflow
  if (bad_rows < 0 || bad_rows > max_bad) return out_of_range("bad_rows", bad_rows, 0, max_bad);
  RP_RETURN_IF_ERROR(CheckDate("start_date", start_date));
  RP_RETURN_IF_ERROR(CheckDate("end_date", end_date));
  if (CivilDate::Parse(start_date)->ToDays() > CivilDate::Parse(end_date)->ToDays()) {
    return Status::InvalidArgument("start_date " + start_date + " is after end_date " + end_date);
  }
  if (!datewise_date.empty()) RP_RETURN_IF_ERROR(CheckDate("datewise_date", datewise_date));
  return Status::OK();
}

Result<SalesGenSummary> GenerateSalesFiles(const SalesGenOptions& options,
                                           storage::ObjectStore& store, std::string_view prefix,
                                           const std::string& work_dir) {
  RP_RETURN_IF_ERROR(options.Validate());
  std::error_code ec;
  std::filesystem::create_directories(work_dir, ec);
  if (ec) return Status::IoError("cannot create work_dir " + work_dir + ": " + ec.message());
  std::vector<FileJob> jobs = PlanJobs(options, prefix);
  RunJobs(options, store, work_dir, jobs);
  SalesGenSummary summary;
  for (const FileJob& job : jobs) {
    RP_RETURN_IF_ERROR(job.status);
    int64_t bad = 0;
    for (size_t c = 0; c < kBadRowClassCount; ++c) {
      summary.bad_rows_per_class[c] += job.bad_per_class[c];
      bad += job.bad_per_class[c];
    }
    summary.rows_per_file[job.key] = job.spec.rows;
    if (bad > 0) summary.bad_rows_per_file[job.key] = bad;
    if (job.spec.layout != SalesFileLayout::kMissingStoreId)
      summary.good_rows += job.spec.rows - bad;
  }
  if (options.non_csv_file) {
    const std::string key = std::string(prefix) + "sales_data_notes.json";
    RP_RETURN_IF_ERROR(store.Put(key, NotesJson(options)).WithContext("while writing " + key));
    summary.rows_per_file[key] = 0;
  }
  return summary;
}

}  // namespace retailpipe::gen
