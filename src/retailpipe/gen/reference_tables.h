// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/status.h"
#include "retailpipe/gen/fwd.h"
#include "retailpipe/model/row_set.h"

// The gold reference tables of the orders pipeline (seeds.md §0.3, §0.4): clients_address,
// products (with their package components) and packages. Generated deterministically from a
// seed; part of generator spec version kOrdersSpecVersion. Every function is thread-safe.

namespace retailpipe::gen {

/// The version of the orders generator spec: the name lists, the draws per table and per
/// order, and the payload layout. Same options and seed give identical output forever for a
/// version; any change to the output needs a new version.
inline constexpr int kOrdersSpecVersion = 1;

/// One row of gold clients_address: a client joined to one of its addresses. Dates are
/// "YYYY-MM-DD". Every column is nullable in the spec; the generator fills all of them.
struct ClientAddress {
  std::string client_id;  ///< "cus-<uuid>"
  std::string first_name, last_name, email, phone_number;
  std::string date_of_birth;
  std::string gender, occupation;
  std::string created_at, updated_at;
  std::string status;      ///< Always "active" (silver keeps active clients only).
  std::string address_id;  ///< "cus-<uuid>", as in the seed's sample output.
  std::string neighborhood;
  std::vector<double> coordinates;  ///< {lat, lon} as drawn (double); lat/lon are these as float.
  std::string road, house_number, suburb, city_district, state, postcode, country;
  float lat = 0;
  float lon = 0;
};

/// One element of products.product_components.
struct PackageComponent {
  std::string package_id;
  int32_t subpackage_id = 0;
  int32_t package_quantity = 0;
};

/// One row of gold products.
struct Product {
  std::string product_id;  ///< "prod-<uuid>"
  std::string name, category, url;
  float price = 0;
  std::string currency;
  std::vector<PackageComponent> product_components;
};

/// One row of gold packages, unique on (package_id, subpackage_id), ordered by package_id.
struct Package {
  std::string package_id;  ///< 8 digits, "00245842".
  int32_t subpackage_id = 1;
  std::string name;
  int32_t width = 0, height = 0, length = 0;
  float weight = 0;
  int32_t volume = 0;
  int32_t stock_quantity = 1000;
};

/// The three gold tables. A plain value; share it read-only (shared_ptr<const>) once built.
struct ReferenceTables {
  std::vector<ClientAddress> clients_address;
  std::vector<Product> products;
  std::vector<Package> packages;
};

/// Sizes and seed of GenerateReferenceTables().
struct ReferenceOptions {
  /// Seed of every draw.
  uint64_t seed = 1;
  /// Number of clients (1..10,000,000); each has 1..max_addresses_per_client addresses.
  int64_t clients = 1000;
  /// Upper bound of addresses per client (1..16).
  int max_addresses_per_client = 2;
  /// Number of distinct package_id values (1..1,000,000); each has subpackage 1 and
  /// sometimes subpackage 2.
  int64_t package_ids = 300;
  /// Number of products (1..10,000,000).
  int64_t products = 200;
  /// Upper bound of components per product (1..8); each product has at least one.
  int max_components = 3;
  /// Initial stock_quantity of every package (seed: 1000).
  int32_t initial_stock = 1000;

  /// Return kInvalidArgument naming the first field out of range, else OK.
  Status Validate() const;
};

/// Return the tables described by `options`. REQUIRES: options.Validate().ok().
ReferenceTables GenerateReferenceTables(const ReferenceOptions& options);

/// Column names of each table in spec order (seeds.md §0.3).
inline constexpr std::array<std::string_view, 23> kClientsAddressColumns = {
    "client_id",    "first_name",  "last_name",  "email",        "phone_number", "date_of_birth",
    "gender",       "occupation",  "created_at", "updated_at",   "status",       "address_id",
    "neighborhood", "coordinates", "road",       "house_number", "suburb",       "city_district",
    "state",        "postcode",    "country",    "lat",          "lon"};
inline constexpr std::array<std::string_view, 7> kProductsColumns = {
    "product_id", "name", "category", "url", "price", "currency", "product_components"};
inline constexpr std::array<std::string_view, 9> kPackagesColumns = {
    "package_id", "subpackage_id", "name",   "width",         "height",
    "length",     "weight",        "volume", "stock_quantity"};

// RowSet views. model::Value has no list type, so the array columns (coordinates,
// product_components) travel as compact JSON text ("[40.41,-3.7]",
// "[{\"package_id\":\"00245842\",\"subpackage_id\":1,\"package_quantity\":2}]"); float
// columns are widened to double; dates are "YYYY-MM-DD" text.

/// Return clients_address as a RowSet with kClientsAddressColumns.
model::RowSet ToRowSet(std::span<const ClientAddress> rows);
/// Return products as a RowSet with kProductsColumns.
model::RowSet ToRowSet(std::span<const Product> rows);
/// Return packages as a RowSet with kPackagesColumns.
model::RowSet ToRowSet(std::span<const Package> rows);

/// Append a random version-4 UUID drawn from two outputs of `rng` (lower case, 36
/// characters, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx") to `out`.
void AppendUuid(Rng& rng, std::string& out);

}  // namespace retailpipe::gen
