// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/db/warehouse_uri.h"

#include <gtest/gtest.h>

namespace retailpipe::db {
namespace {

TEST(WarehouseUri, ParsesEveryPart) {
  auto uri = WarehouseUri::Parse(
      "postgresql://ann:p%40ss%3Aw@db.local:15432/sales?sslmode=disable"
      "&application_name=rp%20test");
  ASSERT_TRUE(uri.ok()) << uri.status().ToString();
  EXPECT_EQ(uri->scheme, "postgres");
  EXPECT_EQ(uri->user, "ann");
  EXPECT_EQ(uri->password, "p@ss:w");
  EXPECT_EQ(uri->host, "db.local");
  EXPECT_EQ(uri->port, 15432);
  EXPECT_EQ(uri->database, "sales");
  ASSERT_EQ(uri->options.size(), 2u);
  EXPECT_EQ(uri->options[0], (std::pair<std::string, std::string>{"sslmode", "disable"}));
  EXPECT_EQ(uri->options[1].second, "rp test");
  EXPECT_EQ(uri->endpoint(), "db.local:15432");
}

TEST(WarehouseUri, DefaultsPortPerSchemeAndAllowsNoPassword) {
  auto my = WarehouseUri::Parse("mysql://root@127.0.0.1/rp");
  ASSERT_TRUE(my.ok()) << my.status().ToString();
  EXPECT_EQ(my->scheme, "mysql");
  EXPECT_EQ(my->port, 3306);
  EXPECT_EQ(my->password, "");
  auto pg = WarehouseUri::Parse("postgres://u:pw@h/rp");
  ASSERT_TRUE(pg.ok());
  EXPECT_EQ(pg->port, 5432);
}

TEST(WarehouseUri, PasswordMayHoldAtSign) {
  auto uri = WarehouseUri::Parse("mysql://u:a@b@h:1/d");
  ASSERT_TRUE(uri.ok()) << uri.status().ToString();
  EXPECT_EQ(uri->password, "a@b");
  EXPECT_EQ(uri->host, "h");
}

TEST(WarehouseUri, RejectsMalformedUrisWithoutLeakingThePassword) {
  for (const char* bad :
       {"mysql://u:sekrit@h:notaport/d", "mysql://u:sekrit@h:70000/d", "mysql://u:sekrit@h:0/d",
        "postgres://u:sekrit@h:5432", "postgres://u:sekrit@h:5432/", "postgres://:sekrit@h/d",
        "postgres://u:sekrit@:5432/d", "postgres://h:5432/d", "sqlite://u:sekrit@h/d",
        "mysql://u:sekrit%zz@h/d", "mysql://u:sekrit@h/d?novalue", "no-scheme"}) {
    auto uri = WarehouseUri::Parse(bad);
    ASSERT_FALSE(uri.ok()) << bad;
    EXPECT_EQ(uri.error().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(uri.error().message().find("sekrit"), std::string::npos) << uri.error().message();
  }
}

TEST(WarehouseUri, ScrubReplacesThePassword) {
  auto uri = WarehouseUri::Parse("mysql://u:hunter22@h/d");
  ASSERT_TRUE(uri.ok());
  EXPECT_EQ(uri->Scrub("bad hunter22 and hunter22!"), "bad *** and ***!");
  auto none = WarehouseUri::Parse("mysql://u@h/d");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->Scrub("unchanged"), "unchanged");
}

}  // namespace
}  // namespace retailpipe::db
