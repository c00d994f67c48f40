// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"

namespace retailpipe::gen {

/// The version of the country sales generator spec (seeds.md §3.1): the product table, the
/// per-batch counts, the order and kind of draws (gen/rng.h), the sale_id, datetime and JSON
/// layouts. For a given version, the same options, country, batch and start time give the same
/// records in every build forever; any change to the output needs a new version.
inline constexpr int kCountrySalesSpecVersion = 1;

/// One product of the seed's table (`publish_sales.py`): its count multiplier and price range.
struct CountrySalesProduct {
  std::string_view code;  ///< "p1".."p10"
  /// The seed's `product_sale_frequency`: a count multiplier (the ten sum to 0.96, not 1).
  double frequency;
  /// `selling_price_range` in cents, both ends included.
  int64_t min_cents;
  int64_t max_cents;
};

/// Return the ten products p1..p10 in the seed's order.
std::span<const CountrySalesProduct> CountrySalesProducts();

/// Return the currency the seed gives `country` (US USD, UK GBP, DE/FR/IT EUR), or "" for a
/// country it does not know.
std::string_view CountryCurrency(std::string_view country);

/// Return the countries CountryCurrency() knows, in the seed's order: US, UK, DE, FR, IT.
std::span<const std::string_view> KnownCountries();

/// Return the record fields, which are also the CSV columns, in the seed's order: sale_id,
/// product_code, country_of_sale, datetime, selling_price, currency.
std::span<const std::string_view> CountrySaleColumns();

/// What CountrySalesGenerator draws. Output is a pure function of these fields, the country,
/// the batch number, the batch's start time and kCountrySalesSpecVersion.
struct CountrySalesGenOptions {
  /// Seed of every draw and of the run id inside every sale_id.
  uint64_t seed = 1;
  /// The seed's `overall_sale_frequency` (20; it was 2 before commit 6e3bd99): product p gets
  /// int(frequency(p) × 100 × sale_frequency × k) rows per batch, k uniform in 1..5. 1..1000.
  int sale_frequency = 20;
  /// The pause before each batch is uniform in [min_delay, max_delay] (seed: 10 s to 15 s).
  std::chrono::milliseconds min_delay{10'000};
  std::chrono::milliseconds max_delay{15'000};

  /// Return kInvalidArgument naming the first field out of range, else OK.
  Status Validate() const;
};

/// One generated sale (a row of the seed's DataFrame) before rendering.
struct CountrySale {
  /// "<country>-<run id: 16 hex digits>-<batch, 4+ digits>-<row in batch, 5+ digits>".
  std::string sale_id;
  /// Index into CountrySalesProducts(): 0 is p1.
  int product = 0;
  /// "YYYY-MM-DD HH:MM:SS.ffffff", UTC.
  std::string datetime;
  /// selling_price in cents: the seed's round(uniform(lo, hi), 2).
  int64_t price_cents = 0;
};

/// Generates the sale batches of one country (seeds.md §3.1) deterministically.
///
/// Every batch draws from its own random stream, derived from the seed, the country and the
/// batch number, so any batch can be generated alone and again. A sale_id is stable (the same
/// for the same seed, country, batch and row, in every process) and collision-free: the
/// country, the run id, the batch and the row number identify it, and the run id is a
/// bijective mix of the seed, so different seeds never share ids. This fixes seeds.md §3.6
/// bug 1 (Python's per-process salted hash()). Immutable after Make(), so safe for concurrent
/// use from several threads.
class CountrySalesGenerator {
 public:
  /// Check `options` and `country`. Errors: kInvalidArgument for bad options or a country
  /// CountryCurrency() does not know (the message lists the known ones).
  static Result<std::unique_ptr<CountrySalesGenerator>> Make(std::string_view country,
                                                             const CountrySalesGenOptions& options);

  /// Return batch `batch` (0-based; < 2^28): for each product in order p1..p10, its rows,
  /// grouped by product as in the seed. Row i is stamped `start` + i × 100 µs (the seed slept
  /// 0.1 ms after each row). REQUIRES: 0 <= batch < 2^28.
  std::vector<CountrySale> Batch(int64_t batch,
                                 std::chrono::sys_time<std::chrono::microseconds> start) const;

  /// Return the pause before batch `batch`, uniform in [min_delay, max_delay] in whole
  /// milliseconds. REQUIRES: 0 <= batch < 2^28.
  std::chrono::milliseconds Delay(int64_t batch) const;

  /// Append `sale` as the JSON record the publisher sends, keys in the seed's order:
  /// {"sale_id":"US-…","product_code":"p1","country_of_sale":"US","datetime":"…",
  /// "selling_price":10.5,"currency":"USD"}; the price is written as Python writes the float
  /// round(x, 2) ("10.5", "30.0", "90.15").
  void AppendJson(const CountrySale& sale, std::string& out) const;

  const std::string& country() const { return country_; }
  const std::string& currency() const { return currency_; }
  /// The 16 hex digits of the run id in every sale_id.
  const std::string& run_id() const { return run_id_; }

 private:
  struct MakeKey {
    explicit MakeKey() = default;
  };

 public:
  /// Use Make(). REQUIRES: options.Validate().ok(), a known country.
  CountrySalesGenerator(MakeKey key, std::string_view country,
                        const CountrySalesGenOptions& options);

 private:
  uint64_t StreamId(uint64_t kind, int64_t batch) const;

  CountrySalesGenOptions options_;
  std::string country_;
  std::string currency_;
  std::string run_id_;
  uint64_t country_bits_ = 0;
};

/// Return the rows a batch holds for product `product` (an index into
/// CountrySalesProducts()) when the draw k in 1..5 came out as `k`: the seed's
/// int(frequency × 100 × sale_frequency × k), computed in the same double arithmetic.
int64_t CountrySalesRows(int product, int sale_frequency, int k);

}  // namespace retailpipe::gen
