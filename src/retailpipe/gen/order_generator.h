// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/gen/reference_tables.h"
#include "retailpipe/gen/rng.h"

namespace retailpipe::gen {

/// What OrderGenerator draws (seeds.md §0.5). Output is a pure function of these fields, the
/// tables, the timestamps passed in, and kOrdersSpecVersion.
struct OrderGenOptions {
  /// Seed of every draw, ids included.
  uint64_t seed = 1;
  /// Line items per order are k in 1..max_items with P(k) ∝ 1/k (seed: 5; 1..64).
  int max_items = 5;
  /// Quantity per line item is k in 1..max_quantity with P(k) ∝ 1/k (seed: 3; 1..64).
  int max_quantity = 3;

  /// Return kInvalidArgument naming the first field out of range, else OK.
  Status Validate() const;
};

/// Problems in the reference tables found once, when the generator is made (seeds.md §0.7
/// bugs 3 and 4, fixed). A product with no components, or with a component whose
/// (package_id, subpackage_id) is not in packages, is never drawn: its order lines would have
/// no package or no weight/volume. The seed lost such orders (IndexError) or silently used 1.
struct ReferenceIssues {
  /// product_id of each product with an empty product_components, in table order.
  std::vector<std::string> products_without_components;
  /// product_id of each product with at least one component missing from packages.
  std::vector<std::string> products_with_missing_packages;
  /// Components (over all products) that name a package missing from packages.
  int64_t missing_package_components = 0;
  /// Products that orders draw from.
  int64_t usable_products = 0;

  /// Return true if no product was excluded.
  bool clean() const {
    return products_without_components.empty() && products_with_missing_packages.empty();
  }
};

/// A product with its components resolved against packages, as orders use it.
struct ResolvedProduct {
  const Product* product = nullptr;
  /// packages[i] is the row of product->product_components[i]; never null.
  std::vector<const Package*> packages;
};

/// One line item of an order.
struct OrderItem {
  const ResolvedProduct* product = nullptr;
  int32_t quantity = 0;
};

/// One generated order: the values of the payload of seeds.md §0.6 before rendering.
/// Pointers refer to the generator's tables and live as long as the generator.
struct Order {
  std::string event_id;    ///< "ev-<uuid>"
  std::string order_id;    ///< "ord-<uuid>"
  std::string timestamp;   ///< event_timestamp = order_timestamp, "YYYY-MM-DD HH:MM:SS".
  std::string order_date;  ///< "YYYY-MM-DD"
  const ClientAddress* address = nullptr;  ///< Customer and destination address.
  std::vector<OrderItem> items;
  double total_amount = 0;  ///< Σ items quantity × price
  double total_volume = 0;  ///< Σ items Σ packages quantity × package quantity × volume
  double total_weight = 0;  ///< Σ items Σ packages quantity × package quantity × weight
};

/// Counts over every order generated so far.
struct OrderGenStats {
  int64_t orders = 0;
  int64_t items = 0;
  int64_t packages = 0;  ///< Package lines over all items.
};

/// Generates orders from reference tables loaded once (seeds.md §0.5): a uniform address,
/// 1/k-weighted item count, uniform products with replacement, a 1/k-weighted quantity per
/// item, and the totals. The same tables, options and timestamps give the same orders.
///
/// Owns its position in the random sequence and shares the immutable tables. Not
/// thread-safe: use one generator per thread (e.g. with different seeds).
class OrderGenerator {
 public:
  /// Check `options`, resolve every product's components and record the ReferenceIssues.
  /// Errors: kInvalidArgument for bad options, an empty clients_address, or no usable product
  /// (the message gives the ReferenceIssues counts).
  static Result<std::unique_ptr<OrderGenerator>> Make(std::shared_ptr<const ReferenceTables> tables,
                                                      const OrderGenOptions& options);

  OrderGenerator(const OrderGenerator&) = delete;
  OrderGenerator& operator=(const OrderGenerator&) = delete;

  /// Draw the next order, stamped `now` (UTC wall-clock seconds).
  Order Next(std::chrono::sys_seconds now);

  /// Return the products excluded from the draw, and why.
  const ReferenceIssues& issues() const { return issues_; }
  const OrderGenStats& stats() const { return stats_; }

  /// Return k in 1..cumulative.size(): the smallest k with u < cumulative[k - 1] (the last
  /// if none). Exposed for tests of the weighting. REQUIRES: cumulative not empty.
  static int WeightedChoice(double u, std::span<const double> cumulative);

 private:
  // Lets Make() use std::make_unique while the constructor stays Make()'s alone.
  struct MakeKey {
    explicit MakeKey() = default;
  };

 public:
  /// Use Make(). REQUIRES: options.Validate().ok(), tables not null.
  OrderGenerator(MakeKey key, std::shared_ptr<const ReferenceTables> tables,
                 const OrderGenOptions& options);

 private:
  std::shared_ptr<const ReferenceTables> tables_;
  Rng rng_;
  std::vector<ResolvedProduct> usable_;
  std::vector<double> item_cumulative_;      // P(count <= k), k = 1..max_items
  std::vector<double> quantity_cumulative_;  // P(quantity <= k), k = 1..max_quantity
  ReferenceIssues issues_;
  OrderGenStats stats_;
  // Orders of one second share their text: formatted once.
  std::chrono::sys_seconds formatted_time_{};
  std::string formatted_timestamp_;
  std::string formatted_date_;
};

/// Return the cumulative distribution of k in 1..n with P(k) ∝ 1/k; the last entry is 1.
/// REQUIRES: n >= 1.
std::vector<double> HarmonicCumulative(int n);

/// Append `order` as the JSON payload of seeds.md §0.6 (field order, nesting and names as
/// the seed publishes them; float32 columns widened to double) to `out`.
void AppendOrderJson(const Order& order, std::string& out);

/// Return `order` as its JSON payload.
std::string OrderJson(const Order& order);

}  // namespace retailpipe::gen
