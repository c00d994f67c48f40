// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/config/redact.h"

#include <gtest/gtest.h>

namespace retailpipe::config {
namespace {

TEST(RedactUri, ReplacesThePasswordOnly) {
  EXPECT_EQ(RedactUri("mysql://etl:s3cret@db.local:3306/sales"),
            "mysql://etl:***@db.local:3306/sales");
  EXPECT_EQ(RedactUri("postgres://u:p@h/db?sslmode=require"),
            "postgres://u:***@h/db?sslmode=require");
}

TEST(RedactUri, HandlesAnAtSignInThePassword) {
  EXPECT_EQ(RedactUri("mysql://etl:p@ss@host/db"), "mysql://etl:***@host/db");
}

TEST(RedactUri, KeepsUrisWithoutPasswords) {
  EXPECT_EQ(RedactUri("mysql://etl@host/db"), "mysql://etl@host/db");
  EXPECT_EQ(RedactUri("file:///var/lib/retailpipe/store"), "file:///var/lib/retailpipe/store");
  EXPECT_EQ(RedactUri("s3://bucket/prefix/a@b:c"), "s3://bucket/prefix/a@b:c");
  EXPECT_EQ(RedactUri("duckdb://host:1234/x"), "duckdb://host:1234/x");
}

TEST(RedactUri, KeepsTextThatIsNotAUri) {
  EXPECT_EQ(RedactUri(""), "");
  EXPECT_EQ(RedactUri("/home/user:pass@x"), "/home/user:pass@x");
  EXPECT_EQ(RedactUri("sales_data/"), "sales_data/");
}

TEST(RedactUri, RedactsSecretQueryParameters) {
  EXPECT_EQ(RedactUri("postgres://h/db?user=u&password=p&sslmode=disable#frag"),
            "postgres://h/db?user=u&password=***&sslmode=disable#frag");
  EXPECT_EQ(RedactUri("s3://b/p?Access_Token=t&AWS_SECRET=s"),
            "s3://b/p?Access_Token=***&AWS_SECRET=***");
  EXPECT_EQ(RedactUri("s3://b/p?region=eu"), "s3://b/p?region=eu");
}

TEST(RedactUri, RedactsAnEmptyPassword) {
  EXPECT_EQ(RedactUri("mysql://u:@h/db"), "mysql://u:***@h/db");
}

}  // namespace
}  // namespace retailpipe::config
