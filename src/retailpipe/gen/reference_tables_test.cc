// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/gen/reference_tables.h"

#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "retailpipe/gen/rng.h"

namespace retailpipe::gen {
namespace {

std::vector<std::string> Columns(const model::RowSet& rs) { return rs.columns; }

ReferenceOptions SmallOptions(uint64_t seed) {
  return {.seed = seed, .clients = 50, .package_ids = 40, .products = 30};
}

TEST(ReferenceTables, SchemasMatchTheSpec) {
  const ReferenceTables t = GenerateReferenceTables(SmallOptions(1));
  EXPECT_EQ(Columns(ToRowSet(std::span<const ClientAddress>(t.clients_address))),
            (std::vector<std::string>{"client_id",    "first_name",    "last_name", "email",
                                      "phone_number", "date_of_birth", "gender",    "occupation",
                                      "created_at",   "updated_at",    "status",    "address_id",
                                      "neighborhood", "coordinates",   "road",      "house_number",
                                      "suburb",       "city_district", "state",     "postcode",
                                      "country",      "lat",           "lon"}));
  EXPECT_EQ(Columns(ToRowSet(std::span<const Product>(t.products))),
            (std::vector<std::string>{"product_id", "name", "category", "url", "price", "currency",
                                      "product_components"}));
  EXPECT_EQ(Columns(ToRowSet(std::span<const Package>(t.packages))),
            (std::vector<std::string>{"package_id", "subpackage_id", "name", "width", "height",
                                      "length", "weight", "volume", "stock_quantity"}));
}

TEST(ReferenceTables, RowSetValuesHaveTheColumnTypes) {
  const ReferenceTables t = GenerateReferenceTables(SmallOptions(1));
  const model::RowSet packages = ToRowSet(std::span<const Package>(t.packages));
  ASSERT_EQ(packages.num_rows(), t.packages.size());
  for (const auto& row : packages.rows) {
    ASSERT_EQ(row.size(), 9U);
    EXPECT_TRUE(std::holds_alternative<std::string>(row[0]));
    EXPECT_TRUE(std::holds_alternative<int64_t>(row[1]));
    EXPECT_TRUE(std::holds_alternative<double>(row[6]));
    EXPECT_EQ(std::get<int64_t>(row[8]), 1000);
  }
  const model::RowSet products = ToRowSet(std::span<const Product>(t.products));
  simdjson::dom::parser parser;
  for (size_t i = 0; i < products.num_rows(); ++i) {
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(std::get<std::string>(products.rows[i][6])).get(doc), simdjson::SUCCESS);
    simdjson::dom::array components = doc.get_array();
    ASSERT_EQ(components.size(), t.products[i].product_components.size());
    size_t j = 0;
    for (simdjson::dom::element c : components) {
      const PackageComponent& want = t.products[i].product_components[j++];
      EXPECT_EQ(std::string_view(c["package_id"].get_string()), want.package_id);
      EXPECT_EQ(int64_t(c["subpackage_id"].get_int64()), want.subpackage_id);
      EXPECT_EQ(int64_t(c["package_quantity"].get_int64()), want.package_quantity);
    }
  }
}

TEST(ReferenceTables, SizesKeysAndFormats) {
  const ReferenceOptions options = SmallOptions(3);
  const ReferenceTables t = GenerateReferenceTables(options);
  const std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  const std::regex date("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  std::set<std::string> clients, addresses;
  for (const ClientAddress& c : t.clients_address) {
    clients.insert(c.client_id);
    addresses.insert(c.address_id);
    ASSERT_EQ(c.client_id.substr(0, 4), "cus-");
    EXPECT_TRUE(std::regex_match(c.client_id.substr(4), uuid)) << c.client_id;
    EXPECT_TRUE(std::regex_match(c.address_id.substr(4), uuid)) << c.address_id;
    EXPECT_TRUE(std::regex_match(c.date_of_birth, date));
    EXPECT_LE(c.created_at, c.updated_at);
    EXPECT_EQ(c.status, "active");
    ASSERT_EQ(c.coordinates.size(), 2u);
    EXPECT_EQ(static_cast<float>(c.coordinates[0]), c.lat);
    EXPECT_EQ(static_cast<float>(c.coordinates[1]), c.lon);
  }
  EXPECT_EQ(static_cast<int64_t>(clients.size()), options.clients);
  EXPECT_EQ(addresses.size(), t.clients_address.size());
  EXPECT_LE(t.clients_address.size(), static_cast<size_t>(options.clients * 2));

  std::set<std::pair<std::string, int32_t>> keys;
  std::set<std::string> package_ids;
  for (size_t i = 0; i < t.packages.size(); ++i) {
    const Package& p = t.packages[i];
    EXPECT_TRUE(std::regex_match(p.package_id, std::regex("[0-9]{8}"))) << p.package_id;
    EXPECT_TRUE(p.subpackage_id == 1 || p.subpackage_id == 2);
    EXPECT_EQ(p.stock_quantity, 1000);
    EXPECT_EQ(p.volume, p.width * p.height * p.length);
    if (i > 0) {
      EXPECT_LE(t.packages[i - 1].package_id, p.package_id);
    }
    EXPECT_TRUE(keys.insert({p.package_id, p.subpackage_id}).second) << "duplicate key";
    package_ids.insert(p.package_id);
  }
  EXPECT_EQ(static_cast<int64_t>(package_ids.size()), options.package_ids);

  ASSERT_EQ(static_cast<int64_t>(t.products.size()), options.products);
  for (const Product& p : t.products) {
    EXPECT_TRUE(std::regex_match(p.product_id.substr(5), uuid)) << p.product_id;
    EXPECT_GE(p.product_components.size(), 1U);
    EXPECT_LE(p.product_components.size(), 3U);
    for (const PackageComponent& c : p.product_components) {
      EXPECT_TRUE(keys.contains({c.package_id, c.subpackage_id}));
      EXPECT_GE(c.package_quantity, 1);
    }
  }
}

TEST(ReferenceTables, SameSeedSameTablesOtherSeedOtherTables) {
  const auto rows = [](uint64_t seed) {
    const ReferenceTables t = GenerateReferenceTables(SmallOptions(seed));
    return std::vector<model::RowSet>{ToRowSet(std::span<const ClientAddress>(t.clients_address)),
                                      ToRowSet(std::span<const Product>(t.products)),
                                      ToRowSet(std::span<const Package>(t.packages))};
  };
  const auto a = rows(11);
  const auto b = rows(11);
  const auto c = rows(12);
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].rows, b[i].rows) << "table " << i;
    EXPECT_NE(a[i].rows, c[i].rows) << "table " << i;
  }
}

TEST(ReferenceTables, ValidateRejectsOutOfRange) {
  EXPECT_TRUE(ReferenceOptions{}.Validate().ok());
  EXPECT_FALSE(ReferenceOptions{.clients = 0}.Validate().ok());
  EXPECT_FALSE(ReferenceOptions{.max_addresses_per_client = 0}.Validate().ok());
  EXPECT_FALSE(ReferenceOptions{.package_ids = 0}.Validate().ok());
  EXPECT_FALSE(ReferenceOptions{.products = 0}.Validate().ok());
  EXPECT_FALSE(ReferenceOptions{.max_components = 9}.Validate().ok());
  EXPECT_FALSE(ReferenceOptions{.initial_stock = -1}.Validate().ok());
}

TEST(AppendUuid, IsVersion4AndDeterministic) {
  Rng a(5), b(5);
  std::string x, y;
  AppendUuid(a, x);
  AppendUuid(b, y);
  EXPECT_EQ(x, y);
  EXPECT_TRUE(std::regex_match(
      x, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
}

}  // namespace
}  // namespace retailpipe::gen
