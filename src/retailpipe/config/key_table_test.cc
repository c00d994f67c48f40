// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/config/key_table.h"

#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "retailpipe/config/options.h"

namespace retailpipe::config {
namespace {

using ::testing::HasSubstr;

TEST(KeyTable, DerivesEnvironmentNames) {
  EXPECT_EQ(EnvVarName("engine.memory_limit"), "RP_ENGINE_MEMORY_LIMIT");
  EXPECT_EQ(EnvVarName("data_dir"), "RP_DATA_DIR");
  EXPECT_EQ(EnvVarName("sales.mandatory_columns"), "RP_SALES_MANDATORY_COLUMNS");
}

TEST(KeyTable, KeysAndEnvironmentNamesAreUnique) {
  std::set<std::string_view> keys;
  std::set<std::string> env_names;
  for (const KeySpec& spec : Keys()) {
    EXPECT_TRUE(keys.insert(spec.key).second) << spec.key;
    EXPECT_TRUE(env_names.insert(EnvVarName(spec.key)).second) << spec.key;
    EXPECT_FALSE(spec.doc.empty()) << spec.key;
  }
  EXPECT_EQ(keys.size(), 35u);
}

// ShowConfig() opens each section once, so the rows of a section must be adjacent.
TEST(KeyTable, SectionsAreContiguous) {
  std::set<std::string_view> closed;
  std::string_view current;
  for (const KeySpec& spec : Keys()) {
    std::string_view section = spec.key.substr(0, spec.key.rfind('.') + 1);
    if (section == current) continue;
    EXPECT_FALSE(closed.count(section)) << "section of " << spec.key << " appears twice";
    closed.insert(current);
    current = section;
  }
}

// The table's default text and options.h's in-class defaults must agree.
TEST(KeyTable, DefaultsMatchTheOptionStructs) {
  const Config defaults;
  for (const KeySpec& spec : Keys()) {
    if (IsDerived(spec)) continue;
    Config config;
    ASSERT_TRUE(spec.set(config, std::string(spec.default_text)).ok()) << spec.key;
    EXPECT_EQ(spec.get(config), spec.get(defaults)) << spec.key;
  }
}

TEST(KeyTable, TypesFollowTheFields) {
  EXPECT_EQ(FindKey("engine.memory_limit")->type, KeyType::kSize);
  EXPECT_EQ(FindKey("engine.threads")->type, KeyType::kInteger);
  EXPECT_EQ(FindKey("sales.total_tolerance")->type, KeyType::kDecimal);
  EXPECT_EQ(FindKey("sales.mandatory_columns")->type, KeyType::kList);
  EXPECT_EQ(FindKey("store.uri")->type, KeyType::kString);
  EXPECT_EQ(FindKey("country_sales.max_age")->type, KeyType::kDuration);
  EXPECT_TRUE(IsDerived(*FindKey("store.uri")));
  EXPECT_FALSE(IsDerived(*FindKey("data_dir")));
  EXPECT_EQ(FindKey("store.url"), nullptr);
}

TEST(KeyTable, DurationsCarryUnits) {
  Config config;
  const KeySpec& age = *FindKey("country_sales.max_age");
  ASSERT_TRUE(age.set(config, std::string("90s")).ok());
  EXPECT_EQ(config.country_sales.max_age, std::chrono::milliseconds(90'000));
  EXPECT_EQ(std::get<std::string>(age.get(config)), "90s");
  EXPECT_FALSE(age.set(config, std::string("90")).ok());
}

TEST(KeyTable, SetAndGetRoundTrip) {
  Config config;
  const KeySpec& memory = *FindKey("engine.memory_limit");
  ASSERT_TRUE(memory.set(config, std::string("512MiB")).ok());
  EXPECT_EQ(config.engine.memory_limit_bytes, 512ull << 20);
  EXPECT_EQ(std::get<std::string>(memory.get(config)), "512MiB");

  const KeySpec& tolerance = *FindKey("sales.total_tolerance");
  ASSERT_TRUE(tolerance.set(config, std::string("0.1")).ok());
  EXPECT_EQ(config.sales.total_tolerance, 0.1);
  EXPECT_EQ(std::get<std::string>(tolerance.get(config)), "0.1");
}

TEST(KeyTable, ListsAcceptCommaSeparatedText) {
  Config config;
  const KeySpec& columns = *FindKey("sales.mandatory_columns");
  ASSERT_TRUE(columns.set(config, std::string(" a, b ,c")).ok());
  EXPECT_EQ(config.sales.mandatory_columns, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_TRUE(columns.set(config, std::vector<std::string>{"x,y"}).ok());
  EXPECT_EQ(config.sales.mandatory_columns, (std::vector<std::string>{"x,y"}));
  ASSERT_TRUE(columns.set(config, std::string("")).ok());
  EXPECT_TRUE(config.sales.mandatory_columns.empty());
}

TEST(KeyTable, RejectsBadValues) {
  Config config;
  EXPECT_THAT(FindKey("engine.threads")->set(config, std::string("two")).message(),
              HasSubstr("'two' is not a whole number"));
  EXPECT_THAT(FindKey("engine.threads")->set(config, std::string("2.5")).message(),
              HasSubstr("not a whole number"));
  EXPECT_THAT(FindKey("sales.total_tolerance")->set(config, std::string("1e")).message(),
              HasSubstr("not a decimal number"));
  EXPECT_FALSE(FindKey("sales.total_tolerance")->set(config, std::string("nan")).ok());
  EXPECT_THAT(FindKey("store.uri")->set(config, std::vector<std::string>{"a"}).message(),
              HasSubstr("expected a single value, got a list"));
}

TEST(KeyTable, SuggestsTheClosestKey) {
  EXPECT_EQ(SuggestKey("store.url"), "store.uri");
  EXPECT_EQ(SuggestKey("engine.memory_limt"), "engine.memory_limit");
  EXPECT_EQ(SuggestKey("memory_limit"), "engine.memory_limit");
  EXPECT_EQ(SuggestKey("sales.mandatory_column"), "sales.mandatory_columns");
  EXPECT_EQ(SuggestKey("datadir"), "data_dir");
  EXPECT_EQ(SuggestKey("kafka.brokers"), "");
}

}  // namespace
}  // namespace retailpipe::config
