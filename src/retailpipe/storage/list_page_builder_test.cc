// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/storage/list_page_builder.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace retailpipe::storage {
namespace {

/// Feed `keys` (ascending) through a builder and return the page.
ListPage Build(const ListOptions& options, const std::vector<std::string>& keys) {
  ListPageBuilder builder(options);
  for (const std::string& key : keys) {
    ListStep step = builder.Offer(key);
    if (step == ListStep::kDone) break;
    if (step == ListStep::kObject) builder.AddObject(ObjectInfo{key, 1, "e", 0});
  }
  return std::move(builder).Finish();
}

TEST(ListPageBuilder, StopsOncePastThePrefixRange) {
  ListOptions options;
  options.prefix = "b/";
  ListPageBuilder builder(options);
  EXPECT_EQ(builder.Offer("a"), ListStep::kSkip);
  EXPECT_EQ(builder.Offer("b/1"), ListStep::kObject);
  EXPECT_EQ(builder.Offer("c"), ListStep::kDone);
}

TEST(ListPageBuilder, TokenIsTheLastEntryReturned) {
  ListOptions options;
  options.delimiter = "/";
  options.max_keys = 2;
  ListPage page = Build(options, {"a", "b/1", "b/2", "c"});
  EXPECT_EQ(page.objects.size(), 1u);
  EXPECT_EQ(page.common_prefixes, std::vector<std::string>{"b/"});
  EXPECT_EQ(page.next_token, "b/");
  options.continuation_token = page.next_token;
  page = Build(options, {"a", "b/1", "b/2", "c"});
  ASSERT_EQ(page.objects.size(), 1u);
  EXPECT_EQ(page.objects[0].key, "c");
  EXPECT_TRUE(page.common_prefixes.empty());
  EXPECT_EQ(page.next_token, "");
}

TEST(ListPageBuilder, MultiByteDelimiterRollsUpAfterThePrefix) {
  ListOptions options;
  options.prefix = "p--";
  options.delimiter = "--";
  ListPage page = Build(options, {"p--a--1", "p--a--2", "p--b"});
  EXPECT_EQ(page.common_prefixes, std::vector<std::string>{"p--a--"});
  ASSERT_EQ(page.objects.size(), 1u);
  EXPECT_EQ(page.objects[0].key, "p--b");
}

TEST(ListPageBuilder, ValidatesMaxKeys) {
  ListOptions options;
  EXPECT_TRUE(ValidateListOptions(options).ok());
  options.max_keys = -1;
  EXPECT_EQ(ValidateListOptions(options).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace retailpipe::storage
