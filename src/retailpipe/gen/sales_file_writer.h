// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "retailpipe/gen/sales_generator.h"

namespace retailpipe::gen {

class TempFileWriter;

/// The column layouts of generated sales files.
enum class SalesFileLayout {
  kPlain,           ///< The eight mandatory columns.
  kExtraColumns,    ///< The eight plus payment_mode.
  kMissingStoreId,  ///< No store_id, sales_person_id as a list, plus payment_mode.
};

/// One sales CSV file to write.
struct SalesFileSpec {
  SalesFileLayout layout = SalesFileLayout::kPlain;
  /// The Rng::ForStream stream of the file's draws.
  uint64_t stream = 0;
  /// Data rows, bad ones included.
  int64_t rows = 0;
  /// Sales dates are uniform over these day numbers (days since 1970-01-01), inclusive.
  int64_t first_day = 0;
  int64_t last_day = 0;
  /// Bad rows among `rows`, evenly spaced. REQUIRES: 0 <= bad_rows <= rows.
  int64_t bad_rows = 0;
  /// Position of the file's first bad row in the global BadRowClass cycle.
  int64_t first_bad_index = 0;
};

/// Formats the rows of generated sales files (generator spec version kSalesSpecVersion).
///
/// Holds the catalogue, customer count and seed; immutable after construction, so one
/// writer may serve several threads at once.
class SalesFileWriter {
 public:
  /// REQUIRES: options.Validate().ok().
  explicit SalesFileWriter(const SalesGenOptions& options);

  /// Append the header and the rows of `spec` to `out`; return the bad rows per class.
  /// Write errors are kept by `out` and returned by its Finish().
  std::array<int64_t, kBadRowClassCount> Write(const SalesFileSpec& spec,
                                               TempFileWriter& out) const;

 private:
  uint64_t seed_;
  int64_t customers_;
  std::span<const ProductInfo> products_;
  // Pre-formatted decimals: price_text_[p] and total_text_[p * kMaxQuantity + quantity - 1].
  std::vector<std::string> price_text_;
  std::vector<std::string> total_text_;
};

}  // namespace retailpipe::gen
