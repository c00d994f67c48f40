// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/storage/memory_object_store.h"

#include <gtest/gtest.h>

namespace retailpipe::storage {
namespace {

TEST(MemoryObjectStore, EtagFollowsContent) {
  MemoryObjectStore store("mem://t");
  ASSERT_TRUE(store.Put("a", "same").ok());
  ASSERT_TRUE(store.Put("b", "same").ok());
  ASSERT_TRUE(store.Put("c", "other").ok());
  auto a = store.Head("a");
  auto b = store.Head("b");
  auto c = store.Head("c");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ((*a)->etag, (*b)->etag);
  EXPECT_NE((*a)->etag, (*c)->etag);
}

TEST(MemoryObjectStore, EveryOpenIsAFreshStore) {
  auto first = OpenObjectStore("mem://same");
  auto second = OpenObjectStore("mem://same");
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE((*first)->Put("k", "v").ok());
  auto head = (*second)->Head("k");
  ASSERT_TRUE(head.ok());
  EXPECT_FALSE(head->has_value());
}

TEST(MemoryObjectStore, ErrorsNameTheObjectUri) {
  MemoryObjectStore store("mem://t");
  Status status = store.Get("missing").status();
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_NE(status.message().find("mem://t/missing"), std::string::npos) << status.message();
}

TEST(MemoryObjectStore, MoveOntoItselfKeepsTheObject) {
  MemoryObjectStore store;
  ASSERT_TRUE(store.Put("k", "v").ok());
  ASSERT_TRUE(store.Move("k", "k").ok());
  EXPECT_EQ(*store.Get("k"), "v");
}

}  // namespace
}  // namespace retailpipe::storage
