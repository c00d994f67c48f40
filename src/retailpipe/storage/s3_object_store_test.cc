// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/storage/s3_object_store.h"

#include <string>

#include <gtest/gtest.h>

namespace retailpipe::storage {
namespace {

// Port 9 on loopback: no call below may reach the network, and none needs to.
S3Options Offline() {
  S3Options options;
  options.endpoint = "http://127.0.0.1:9";
  options.addressing = S3Addressing::kPath;
  options.credentials = {"id", "secret", ""};
  options.retry.max_attempts = 1;
  return options;
}

TEST(S3ObjectStore, OpenNormalisesTheUri) {
  auto store = S3ObjectStore::Open("s3://bucket/a/b/", Offline());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->uri(), "s3://bucket/a/b");
  EXPECT_EQ((*store)->bucket(), "bucket");
  auto bare = S3ObjectStore::Open("s3://bucket", Offline());
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ((*bare)->uri(), "s3://bucket");
}

TEST(S3ObjectStore, OpenRejectsMalformedUris) {
  EXPECT_EQ(S3ObjectStore::Open("s3:///p", Offline()).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(S3ObjectStore::Open("s3://b/../x", Offline()).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(S3ObjectStore::Open("file:///x", Offline()).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(S3ObjectStore, InvalidKeysAreRejectedBeforeAnyRequest) {
  auto store = S3ObjectStore::Open("s3://bucket/p", Offline());
  ASSERT_TRUE(store.ok());
  ObjectStore& s = **store;
  for (std::string_view key : {"", "/abs", "a/../b", "a//b", "dir/", "back\\slash", ".rp-tmp-x"}) {
    EXPECT_EQ(s.Put(key, "x").code(), StatusCode::kInvalidArgument) << key;
    EXPECT_EQ(s.Get(key).status().code(), StatusCode::kInvalidArgument) << key;
    EXPECT_EQ(s.Head(key).status().code(), StatusCode::kInvalidArgument) << key;
    EXPECT_EQ(s.Delete(key).code(), StatusCode::kInvalidArgument) << key;
    EXPECT_EQ(s.Copy("ok", key).code(), StatusCode::kInvalidArgument) << key;
  }
  ListOptions options;
  options.max_keys = 0;
  EXPECT_EQ(s.List(options).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace retailpipe::storage
