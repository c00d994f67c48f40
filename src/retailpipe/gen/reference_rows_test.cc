// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/gen/reference_rows.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace retailpipe::gen {
namespace {

using ::testing::HasSubstr;

ReferenceTables SmallTables() {
  ReferenceOptions options;
  options.seed = 7;
  options.clients = 20;
  options.package_ids = 15;
  options.products = 12;
  return GenerateReferenceTables(options);
}

TEST(ReferenceRows, RoundTripsEveryTable) {
  ReferenceTables tables = SmallTables();
  ASSERT_FALSE(tables.clients_address.empty());

  auto clients = ClientsAddressFromRows(ToRowSet(tables.clients_address));
  ASSERT_TRUE(clients.ok()) << clients.status().ToString();
  ASSERT_EQ(clients->size(), tables.clients_address.size());
  for (size_t i = 0; i < clients->size(); ++i) {
    const ClientAddress& want = tables.clients_address[i];
    const ClientAddress& got = (*clients)[i];
    EXPECT_EQ(got.client_id, want.client_id);
    EXPECT_EQ(got.email, want.email);
    EXPECT_EQ(got.address_id, want.address_id);
    EXPECT_EQ(got.coordinates, want.coordinates);
    EXPECT_EQ(got.country, want.country);
    EXPECT_EQ(got.postcode, want.postcode);
    EXPECT_EQ(got.lat, want.lat);
    EXPECT_EQ(got.lon, want.lon);
  }

  auto products = ProductsFromRows(ToRowSet(tables.products));
  ASSERT_TRUE(products.ok()) << products.status().ToString();
  ASSERT_EQ(products->size(), tables.products.size());
  for (size_t i = 0; i < products->size(); ++i) {
    const Product& want = tables.products[i];
    const Product& got = (*products)[i];
    EXPECT_EQ(got.product_id, want.product_id);
    EXPECT_EQ(got.name, want.name);
    EXPECT_EQ(got.price, want.price);
    ASSERT_EQ(got.product_components.size(), want.product_components.size());
    for (size_t c = 0; c < got.product_components.size(); ++c) {
      EXPECT_EQ(got.product_components[c].package_id, want.product_components[c].package_id);
      EXPECT_EQ(got.product_components[c].subpackage_id, want.product_components[c].subpackage_id);
      EXPECT_EQ(got.product_components[c].package_quantity,
                want.product_components[c].package_quantity);
    }
  }

  auto packages = PackagesFromRows(ToRowSet(tables.packages));
  ASSERT_TRUE(packages.ok()) << packages.status().ToString();
  ASSERT_EQ(packages->size(), tables.packages.size());
  for (size_t i = 0; i < packages->size(); ++i) {
    EXPECT_EQ((*packages)[i].package_id, tables.packages[i].package_id);
    EXPECT_EQ((*packages)[i].subpackage_id, tables.packages[i].subpackage_id);
    EXPECT_EQ((*packages)[i].weight, tables.packages[i].weight);
    EXPECT_EQ((*packages)[i].volume, tables.packages[i].volume);
    EXPECT_EQ((*packages)[i].stock_quantity, tables.packages[i].stock_quantity);
  }
}

TEST(ReferenceRows, ErrorsNameTheTableRowAndColumn) {
  ReferenceTables tables = SmallTables();

  model::RowSet products = ToRowSet(tables.products);
  products.rows[3][6] = std::string("[{\"package_id\":1}]");
  Status status = ProductsFromRows(products).status();
  EXPECT_EQ(status.code(), StatusCode::kDataError);
  EXPECT_THAT(status.message(), HasSubstr("products row 3, column 'product_components'"));

  model::RowSet packages = ToRowSet(tables.packages);
  packages.rows.push_back(packages.rows[0]);
  status = PackagesFromRows(packages).status();
  EXPECT_THAT(status.message(), HasSubstr("repeats"));

  packages = ToRowSet(tables.packages);
  packages.rows[1][8] = 2.5;
  EXPECT_THAT(PackagesFromRows(packages).status().message(),
              HasSubstr("row 1, column 'stock_quantity': is not a 32-bit integer"));

  model::RowSet clients = ToRowSet(tables.clients_address);
  clients.columns[13] = "coords";
  EXPECT_THAT(ClientsAddressFromRows(clients).status().message(),
              HasSubstr("no column 'coordinates'"));
  clients = ToRowSet(tables.clients_address);
  clients.rows[0][0] = model::Value{};
  EXPECT_THAT(ClientsAddressFromRows(clients).status().message(),
              HasSubstr("row 0, column 'client_id': is NULL"));
}

}  // namespace
}  // namespace retailpipe::gen
