// SPDX-License-Identifier: Apache-2.0
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "s3_test_env.h"
#include <gtest/gtest.h>
#include <stdlib.h>

#include "retailpipe/storage/object_store.h"
#include "retailpipe/storage/s3_multipart_upload.h"
#include "retailpipe/storage/s3_object_store.h"

namespace retailpipe::storage::testing {
namespace {

namespace fs = std::filesystem;

/// Each test gets its own root prefix in the test bucket, emptied afterwards.
class S3StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto env = LoadS3TestEnv();
    ASSERT_TRUE(env.ok()) << env.status().ToString();
    if (!env->has_value()) GTEST_SKIP() << "RP_TEST_S3_URI is unset (scripts/s3_server.sh env)";
    env_ = **env;
    std::string problems = CanaryProblems(env_);
    ASSERT_EQ(problems, "") << "the canary failed; not trusting the server";
    auto store = S3ObjectStore::Open(UniqueRoot(env_), env_.options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    std::string tmpl = (fs::path(::testing::TempDir()) / "rp-s3it-XXXXXX").native();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    if (store_) {
      auto all = store_->ListAll("");
      if (all.ok()) {
        for (const ObjectInfo& info : *all) (void)store_->Delete(info.key);
      }
    }
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  void PutAll(const std::vector<std::string>& keys) {
    for (const std::string& key : keys) ASSERT_TRUE(store_->Put(key, "data:" + key).ok()) << key;
  }
  static std::vector<std::string> Keys(const ListPage& page) {
    std::vector<std::string> keys;
    for (const ObjectInfo& info : page.objects) keys.push_back(info.key);
    return keys;
  }
  std::string Read(std::string_view key) {
    auto data = store_->Get(key);
    EXPECT_TRUE(data.ok()) << data.status().ToString();
    return data.ok() ? *data : "";
  }

  S3TestEnv env_;
  std::unique_ptr<S3ObjectStore> store_;
  fs::path dir_;
};

TEST_F(S3StoreTest, PutThenGetReturnsTheBytes) {
  std::string data("a\0b\nc", 5);
  ASSERT_TRUE(store_->Put("dir/sub/file.bin", data).ok());
  EXPECT_EQ(Read("dir/sub/file.bin"), data);
  ASSERT_TRUE(store_->Put("dir/sub/file.bin", "new").ok());
  EXPECT_EQ(Read("dir/sub/file.bin"), "new");
  ASSERT_TRUE(store_->Put("odd name+&=%/é.csv", "odd").ok());
  EXPECT_EQ(Read("odd name+&=%/é.csv"), "odd");
  ASSERT_TRUE(store_->Put("empty", "").ok());
  EXPECT_EQ(Read("empty"), "");
}

TEST_F(S3StoreTest, RangeGetClipsAtTheEnd) {
  ASSERT_TRUE(store_->Put("k", "0123456789").ok());
  EXPECT_EQ(*store_->Get("k", 2, 3), "234");
  EXPECT_EQ(*store_->Get("k", 7), "789");
  EXPECT_EQ(*store_->Get("k", 8, 100), "89");
  EXPECT_EQ(*store_->Get("k", 10), "");
  EXPECT_EQ(*store_->Get("k", 3, 0), "");
  EXPECT_EQ(store_->Get("k", 11).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->Get("missing", 1, 2).status().code(), StatusCode::kNotFound);
}

TEST_F(S3StoreTest, GetOfMissingKeyIsNotFound) {
  auto data = store_->Get("nope/x");
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), StatusCode::kNotFound);
  EXPECT_NE(data.status().message().find("nope/x"), std::string::npos);
}

TEST_F(S3StoreTest, HeadReportsSizeAndKey) {
  ASSERT_TRUE(store_->Put("a/b", "12345").ok());
  auto info = store_->Head("a/b");
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  ASSERT_TRUE(info->has_value());
  EXPECT_EQ((*info)->key, "a/b");
  EXPECT_EQ((*info)->size, 5u);
  EXPECT_FALSE((*info)->etag.empty());
  EXPECT_GT((*info)->mtime_ms, 0);
  auto missing = store_->Head("a/c");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  auto folder = store_->Head("a");
  ASSERT_TRUE(folder.ok());
  EXPECT_FALSE(folder->has_value()) << "a folder is not an object";
}

TEST_F(S3StoreTest, ListPagesTwoKeysAtATime) {
  PutAll({"k5", "k1", "k3", "k2", "k4"});
  ListOptions options;
  options.max_keys = 2;
  std::vector<std::vector<std::string>> pages;
  do {
    auto page = store_->List(options);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    pages.push_back(Keys(*page));
    options.continuation_token = page->next_token;
  } while (!options.continuation_token.empty() && pages.size() < 10);
  std::vector<std::vector<std::string>> expected = {{"k1", "k2"}, {"k3", "k4"}, {"k5"}};
  EXPECT_EQ(pages, expected);
}

TEST_F(S3StoreTest, ListFiltersByPrefixInByteOrder) {
  PutAll({"in/b", "in/a", "in/A", "in2/x", "i", "out/a"});
  ListOptions options;
  options.prefix = "in/";
  auto page = store_->List(options);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(Keys(*page), (std::vector<std::string>{"in/A", "in/a", "in/b"}));
  options.prefix = "in";
  page = store_->List(options);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(Keys(*page), (std::vector<std::string>{"in/A", "in/a", "in/b", "in2/x"}));
}

TEST_F(S3StoreTest, DelimiterRollsUpDeeperKeys) {
  PutAll({"a.txt", "dir/x", "dir/y/z", "dir2/z", "e"});
  ListOptions options;
  options.delimiter = "/";
  auto page = store_->List(options);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(Keys(*page), (std::vector<std::string>{"a.txt", "e"}));
  EXPECT_EQ(page->common_prefixes, (std::vector<std::string>{"dir/", "dir2/"}));
  options.prefix = "dir/";
  page = store_->List(options);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(Keys(*page), (std::vector<std::string>{"dir/x"}));
  EXPECT_EQ(page->common_prefixes, (std::vector<std::string>{"dir/y/"}));
}

TEST_F(S3StoreTest, ContinuationSkipsARolledUpPrefix) {
  PutAll({"a.txt", "dir/x", "dir/y", "dir2/z", "e"});
  ListOptions options;
  options.delimiter = "/";
  options.max_keys = 1;
  std::vector<std::string> entries;
  for (int i = 0; i < 10; ++i) {
    auto page = store_->List(options);
    ASSERT_TRUE(page.ok());
    for (const auto& key : Keys(*page)) entries.push_back(key);
    for (const auto& prefix : page->common_prefixes) entries.push_back(prefix);
    options.continuation_token = page->next_token;
    if (options.continuation_token.empty()) break;
  }
  EXPECT_EQ(entries, (std::vector<std::string>{"a.txt", "dir/", "dir2/", "e"}));
}

TEST_F(S3StoreTest, ListAllFollowsTokens) {
  std::vector<std::string> keys;
  for (int i = 0; i < 25; ++i) keys.push_back("p/" + std::to_string(100 + i));
  PutAll(keys);
  ListOptions options;
  options.prefix = "p/";
  options.max_keys = 10;
  auto page = store_->List(options);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->objects.size(), 10u);
  auto all = store_->ListAll("p/");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 25u);
  EXPECT_EQ(all->front().key, "p/100");
  EXPECT_EQ(all->back().key, "p/124");
}

TEST_F(S3StoreTest, PutIfAbsentKeepsTheFirstObject) {
  ASSERT_TRUE(store_->PutIfAbsent("lock/a", "first").ok());
  Status second = store_->PutIfAbsent("lock/a", "second");
  EXPECT_EQ(second.code(), StatusCode::kAlreadyExists) << second.ToString();
  EXPECT_EQ(Read("lock/a"), "first");
}

TEST_F(S3StoreTest, CopyKeepsTheSource) {
  ASSERT_TRUE(store_->Put("src", "payload").ok());
  ASSERT_TRUE(store_->Put("x/dst", "old").ok());
  ASSERT_TRUE(store_->Copy("src", "x/dst").ok());
  EXPECT_EQ(Read("x/dst"), "payload");
  EXPECT_EQ(Read("src"), "payload");
  EXPECT_EQ(store_->Copy("missing", "y").code(), StatusCode::kNotFound);
}

TEST_F(S3StoreTest, MoveRemovesTheSource) {
  ASSERT_TRUE(store_->Put("inbox/f a.csv", "rows").ok());
  ASSERT_TRUE(store_->Move("inbox/f a.csv", "done/2024/f a.csv").ok());
  EXPECT_EQ(Read("done/2024/f a.csv"), "rows");
  EXPECT_EQ(store_->Get("inbox/f a.csv").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->Move("inbox/f a.csv", "z").code(), StatusCode::kNotFound);
  auto all = store_->ListAll("");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
}

TEST_F(S3StoreTest, DeleteIsIdempotent) {
  ASSERT_TRUE(store_->Put("a/b", "x").ok());
  EXPECT_TRUE(store_->Delete("a/b").ok());
  EXPECT_TRUE(store_->Delete("a/b").ok());
  EXPECT_TRUE(store_->Delete("never/was").ok());
  EXPECT_EQ(store_->Get("a/b").status().code(), StatusCode::kNotFound);
}

TEST_F(S3StoreTest, InvalidKeysAreRejected) {
  for (std::string_view key : {"", "/abs", "a/../b", "a//b", "dir/", "back\\slash"}) {
    EXPECT_EQ(store_->Put(key, "x").code(), StatusCode::kInvalidArgument) << key;
    EXPECT_EQ(store_->Get(key).status().code(), StatusCode::kInvalidArgument) << key;
  }
  auto all = store_->ListAll("");
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->empty());
}

TEST_F(S3StoreTest, DownloadAndUploadRoundTrip) {
  ASSERT_TRUE(store_->Put("k", "contents").ok());
  fs::path local = dir_ / "sub" / "local.txt";
  ASSERT_TRUE(store_->Download("k", local.native()).ok());
  std::ifstream in(local);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "contents");
  ASSERT_TRUE(store_->Upload(local.native(), "up/k").ok());
  EXPECT_EQ(Read("up/k"), "contents");
  EXPECT_EQ(store_->Download("missing", (dir_ / "m").native()).code(), StatusCode::kNotFound);
  EXPECT_FALSE(fs::exists(dir_ / "m"));
  for (const auto& entry : fs::directory_iterator(dir_)) {
    EXPECT_FALSE(entry.path().filename().native().starts_with(".rp-tmp-")) << entry.path();
  }
  EXPECT_EQ(store_->Upload((dir_ / "nope").native(), "x").code(), StatusCode::kNotFound);
}

TEST_F(S3StoreTest, MultipartUploadOf70MiB) {
  constexpr uint64_t kSize = 70ULL << 20;
  fs::path big = dir_ / "big.bin";
  {
    std::ofstream out(big, std::ios::binary);
    std::string block(1 << 20, '\0');
    for (uint64_t mib = 0; mib < kSize >> 20; ++mib) {
      for (size_t i = 0; i < block.size(); ++i) block[i] = static_cast<char>((mib * 7 + i) % 251);
      out.write(block.data(), static_cast<std::streamsize>(block.size()));
    }
  }
  ASSERT_TRUE(store_->Upload(big.native(), "big/file.bin").ok());
  auto info = store_->Head("big/file.bin");
  ASSERT_TRUE(info.ok() && info->has_value());
  EXPECT_EQ((*info)->size, kSize);
  EXPECT_NE((*info)->etag.find("-5"), std::string::npos) << "5 parts: " << (*info)->etag;
  uint64_t boundary = S3ObjectStore::kPartSize;
  auto around = store_->Get("big/file.bin", boundary - 3, 6);
  ASSERT_TRUE(around.ok()) << around.status().ToString();
  std::ifstream in(big, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(boundary - 3));
  std::string expected(6, '\0');
  in.read(expected.data(), 6);
  EXPECT_EQ(*around, expected);
  fs::path back = dir_ / "back.bin";
  ASSERT_TRUE(store_->Download("big/file.bin", back.native()).ok());
  EXPECT_EQ(fs::file_size(back), kSize);
}

TEST_F(S3StoreTest, UnfinishedMultipartUploadIsAborted) {
  std::string root = store_->uri().substr(5 + env_.bucket.size() + 1) + "/";
  {
    auto upload = S3MultipartUpload::Begin(*store_, root + "aborted");
    ASSERT_TRUE(upload.ok()) << upload.status().ToString();
    ASSERT_TRUE((*upload)->UploadPart("part one").ok());
  }  // destroyed without Complete(): aborted
  S3Request list;
  list.bucket = env_.bucket;
  list.query = {{"uploads", ""}, {"prefix", root}};
  auto uploads = store_->Call(list);
  ASSERT_TRUE(uploads.ok()) << uploads.status().ToString();
  EXPECT_EQ(uploads->body.find("<UploadId>"), std::string::npos) << uploads->body;
  EXPECT_FALSE(store_->Head("aborted")->has_value());
}

TEST(S3StoreUnavailable, ClosedPortIsUnavailable) {
  S3Options options;
  options.endpoint = "http://127.0.0.1:1";
  options.addressing = S3Addressing::kPath;
  options.credentials = {"id", "not-shown-secret", ""};
  options.retry.backoff_base = std::chrono::milliseconds(5);
  auto store = S3ObjectStore::Open("s3://bucket/p", options);
  ASSERT_TRUE(store.ok());
  Status status = (*store)->Put("k", "x");
  EXPECT_EQ(status.code(), StatusCode::kUnavailable) << status.ToString();
  EXPECT_NE(status.message().find("http://127.0.0.1:1"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("scripts/s3_server.sh"), std::string::npos);
  EXPECT_EQ(status.message().find("not-shown-secret"), std::string::npos);
}

}  // namespace
}  // namespace retailpipe::storage::testing
