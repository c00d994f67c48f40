// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/model/row_set.h"

// The dimension snapshots of the sales warehouse (seeds.md §2.3) as generator spec version
// kSalesSpecVersion defines them. Column names equal sql/sales/schema.sql. DATE values are
// "YYYY-MM-DD" text, TIMESTAMP values "YYYY-MM-DD HH:MM:SS" text, DECIMAL values text with
// two decimals ("212.00"), integers int64, NULL monostate. Every function is thread-safe.

namespace retailpipe::gen {

/// Which product list to use: the upstream seed's 8 products or fork 003's 15.
enum class Catalogue { kUpstream, kExtended };

/// Return "upstream" or "extended".
std::string_view CatalogueName(Catalogue catalogue);

/// Parse "upstream" or "extended". Errors: kInvalidArgument for anything else.
Result<Catalogue> ParseCatalogue(std::string_view name);

/// One product of a catalogue; its id is its position in the catalogue plus one.
struct ProductInfo {
  std::string_view name;
  int64_t price_cents = 0;  ///< current_price (= old_price) in paise.
};

/// Return the products of `catalogue` in id order.
std::span<const ProductInfo> CatalogueProducts(Catalogue catalogue);

/// The stores that have sales: 121, 122 and 123 (store 124 exists but sells nothing).
inline constexpr std::array<int64_t, 3> kSalesStoreIds = {121, 122, 123};

/// Return the sales person ids of `store_id` ({121:[1,2,3], 122:[4,5,6], 123:[7,8,9]}), or an
/// empty span for a store without sales persons.
std::span<const int64_t> SalesPersonsOfStore(int64_t store_id);

/// What varies in the generated customer dimension.
struct SalesDimensionOptions {
  /// Seed of the names, phone numbers and joining dates.
  uint64_t seed = 1;
  /// Number of customers, ids 1..customers.
  int customers = 25;
};

/// Return the `customer` rows: ids 1..options.customers, Indian first and last names, address
/// "Delhi", pincode "122009", phone "91" + 8 digits, joining date in [2020-01-01, 2023-08-20].
/// REQUIRES: options.customers >= 0.
model::RowSet CustomerRows(const SalesDimensionOptions& options);

/// Return the four `store` rows 121..124 (managers Manish, Nikita, vikash, Rakesh).
model::RowSet StoreRows();

/// Return the `product` rows of `catalogue`, ids 1..n, old_price = current_price.
model::RowSet ProductRows(Catalogue catalogue);

/// Return the ten `sales_team` rows: ids 1..9 with manager 10, and id 10 Rajesh Gupta, the
/// manager ('Y', manager_id NULL).
model::RowSet SalesTeamRows();

/// Write `cents` as a decimal with exactly two fraction digits ("1.50", "-0.05") at `out` and
/// return the end. At most 21 characters.
char* FormatCents(int64_t cents, char* out);

}  // namespace retailpipe::gen
