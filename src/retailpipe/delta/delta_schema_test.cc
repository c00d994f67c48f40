// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/delta/delta_schema.h"

#include <gtest/gtest.h>

namespace retailpipe::delta {
namespace {

using K = DeltaTypeKind;

TEST(DeltaSchema, MapsDuckDbTypesToDeltaTypes) {
  struct Case {
    const char* duckdb;
    const char* delta;
    const char* back;
  };
  for (const auto& c :
       {Case{"INTEGER", "integer", "INTEGER"}, Case{"BIGINT", "long", "BIGINT"},
        Case{"DOUBLE", "double", "DOUBLE"}, Case{"DECIMAL(10,2)", "decimal(10,2)", "DECIMAL(10,2)"},
        Case{"decimal(38, 10)", "decimal(38,10)", "DECIMAL(38,10)"},
        Case{"DECIMAL", "decimal(18,3)", "DECIMAL(18,3)"}, Case{"VARCHAR", "string", "VARCHAR"},
        Case{"DATE", "date", "DATE"}, Case{"TIMESTAMP", "timestamp", "TIMESTAMP"},
        Case{"BOOLEAN", "boolean", "BOOLEAN"}, Case{"int", "integer", "INTEGER"},
        Case{"TEXT", "string", "VARCHAR"}, Case{"bool", "boolean", "BOOLEAN"}}) {
    auto t = DeltaTypeFromDuckDb(c.duckdb);
    ASSERT_TRUE(t.ok()) << c.duckdb << ": " << t.status().ToString();
    EXPECT_EQ(DeltaTypeName(*t), c.delta) << c.duckdb;
    EXPECT_EQ(DuckDbTypeName(*t), c.back) << c.duckdb;
    auto parsed = ParseDeltaTypeName(DeltaTypeName(*t));
    ASSERT_TRUE(parsed.ok()) << c.delta;
    EXPECT_EQ(*parsed, *t);
  }
}

TEST(DeltaSchema, RejectsTypesWithoutAMapping) {
  for (const char* t :
       {"HUGEINT", "UBIGINT", "INTEGER[]", "STRUCT(a INTEGER)", "BLOB", "TIMESTAMP WITH TIME ZONE",
        "DECIMAL(39,2)", "DECIMAL(5,6)", "DECIMAL(x)"}) {
    auto r = DeltaTypeFromDuckDb(t);
    ASSERT_FALSE(r.ok()) << t;
    EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument) << t;
  }
  EXPECT_FALSE(ParseDeltaTypeName("short").ok());
  EXPECT_FALSE(ParseDeltaTypeName("timestamp_ntz").ok());
}

TEST(DeltaSchema, WritesSparkStructTypeJson) {
  auto schema =
      SchemaFromDuckDb({{"id", "BIGINT"}, {"price", "DECIMAL(10,2)"}, {"n\"ame", "VARCHAR"}});
  ASSERT_TRUE(schema.ok());
  EXPECT_EQ(ToSchemaString(*schema),
            R"({"type":"struct","fields":[)"
            R"({"name":"id","type":"long","nullable":true,"metadata":{}},)"
            R"j({"name":"price","type":"decimal(10,2)","nullable":true,"metadata":{}},)j"
            R"({"name":"n\"ame","type":"string","nullable":true,"metadata":{}}]})");
  auto back = ParseSchemaString(ToSchemaString(*schema));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, *schema);
}

TEST(DeltaSchema, ParsesSchemaStringsWrittenBySpark) {
  auto s = ParseSchemaString(
      R"({"type":"struct","fields":[{"name":"letter","type":"string","nullable":true,"metadata":{}},)"
      R"({"name":"number","type":"long","nullable":false,"metadata":{"comment":"x"}},)"
      R"j({"name":"amount","type":"decimal(12, 5)","nullable":true,"metadata":{}}]})j");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->fields.size(), 3u);
  EXPECT_EQ(s->fields[1].type.kind, K::kLong);
  EXPECT_FALSE(s->fields[1].nullable);
  EXPECT_EQ(s->fields[2].type, (DeltaType{K::kDecimal, 12, 5}));
  auto nested = ParseSchemaString(
      R"({"type":"struct","fields":[{"name":"a","type":{"type":"array","elementType":"integer","containsNull":true},"nullable":true,"metadata":{}}]})");
  ASSERT_FALSE(nested.ok());
  EXPECT_EQ(nested.error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseSchemaString("{not json").error().code(), StatusCode::kDataError);
}

TEST(DeltaSchema, RejectsDuplicateAndEmptyColumnNames) {
  EXPECT_FALSE(SchemaFromDuckDb({{"a", "INTEGER"}, {"A", "INTEGER"}}).ok());
  EXPECT_FALSE(SchemaFromDuckDb({{"", "INTEGER"}}).ok());
  EXPECT_FALSE(SchemaFromDuckDb({}).ok());
  auto bad_type = SchemaFromDuckDb({{"a", "INTEGER[]"}});
  ASSERT_FALSE(bad_type.ok());
  EXPECT_NE(bad_type.error().message().find("column \"a\""), std::string::npos);
}

}  // namespace
}  // namespace retailpipe::delta
