// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/storage/object_store.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <stdlib.h>

#include "retailpipe/storage/local_object_store.h"
#include "retailpipe/storage/memory_object_store.h"

namespace retailpipe::storage {
namespace {

namespace fs = std::filesystem;

struct LocalStoreFactory {
  static std::unique_ptr<ObjectStore> Make(const fs::path& dir) {
    auto store = LocalObjectStore::Open((dir / "root").native());
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return std::move(store).value();
  }
};

struct MemoryStoreFactory {
  static std::unique_ptr<ObjectStore> Make(const fs::path&) {
    return std::make_unique<MemoryObjectStore>("mem://test");
  }
};

template <typename Factory>
class ObjectStoreContract : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::path(::testing::TempDir()) / "rp-store-XXXXXX").native();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    store_ = Factory::Make(dir_);
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override { fs::remove_all(dir_); }

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

  fs::path dir_;
  std::unique_ptr<ObjectStore> store_;
};

using StoreFactories = ::testing::Types<LocalStoreFactory, MemoryStoreFactory>;
TYPED_TEST_SUITE(ObjectStoreContract, StoreFactories);

TYPED_TEST(ObjectStoreContract, PutThenGetReturnsTheBytes) {
  std::string data("a\0b\nc", 5);
  ASSERT_TRUE(this->store_->Put("dir/sub/file.bin", data).ok());
  EXPECT_EQ(this->Read("dir/sub/file.bin"), data);
  ASSERT_TRUE(this->store_->Put("dir/sub/file.bin", "new").ok());
  EXPECT_EQ(this->Read("dir/sub/file.bin"), "new");
}

TYPED_TEST(ObjectStoreContract, RangeGetClipsAtTheEnd) {
  ASSERT_TRUE(this->store_->Put("k", "0123456789").ok());
  EXPECT_EQ(*this->store_->Get("k", 2, 3), "234");
  EXPECT_EQ(*this->store_->Get("k", 7), "789");
  EXPECT_EQ(*this->store_->Get("k", 8, 100), "89");
  EXPECT_EQ(*this->store_->Get("k", 10), "");
  EXPECT_EQ(this->store_->Get("k", 11).status().code(), StatusCode::kInvalidArgument);
}

TYPED_TEST(ObjectStoreContract, GetOfMissingKeyIsNotFound) {
  auto data = this->store_->Get("nope/x");
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), StatusCode::kNotFound);
  EXPECT_NE(data.status().message().find("nope/x"), std::string::npos);
}

TYPED_TEST(ObjectStoreContract, HeadReportsSizeAndKey) {
  ASSERT_TRUE(this->store_->Put("a/b", "12345").ok());
  auto info = this->store_->Head("a/b");
  ASSERT_TRUE(info.ok());
  ASSERT_TRUE(info->has_value());
  EXPECT_EQ((*info)->key, "a/b");
  EXPECT_EQ((*info)->size, 5u);
  EXPECT_FALSE((*info)->etag.empty());
  EXPECT_GT((*info)->mtime_ms, 0);
  auto missing = this->store_->Head("a/c");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  auto folder = this->store_->Head("a");
  ASSERT_TRUE(folder.ok());
  EXPECT_FALSE(folder->has_value()) << "a folder is not an object";
}

TYPED_TEST(ObjectStoreContract, ListPagesTwoKeysAtATime) {
  this->PutAll({"k5", "k1", "k3", "k2", "k4"});
  ListOptions options;
  options.max_keys = 2;
  std::vector<std::vector<std::string>> pages;
  do {
    auto page = this->store_->List(options);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    pages.push_back(this->Keys(*page));
    options.continuation_token = page->next_token;
  } while (!options.continuation_token.empty() && pages.size() < 10);
  std::vector<std::vector<std::string>> expected = {{"k1", "k2"}, {"k3", "k4"}, {"k5"}};
  EXPECT_EQ(pages, expected);
}

TYPED_TEST(ObjectStoreContract, ListEndsWithoutAnEmptyPage) {
  this->PutAll({"a", "b"});
  ListOptions options;
  options.max_keys = 2;
  auto page = this->store_->List(options);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->objects.size(), 2u);
  EXPECT_EQ(page->next_token, "");
}

TYPED_TEST(ObjectStoreContract, ListFiltersByPrefixInByteOrder) {
  this->PutAll({"in/b", "in/a", "in/A", "in2/x", "i", "out/a"});
  ListOptions options;
  options.prefix = "in/";
  auto page = this->store_->List(options);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(this->Keys(*page), (std::vector<std::string>{"in/A", "in/a", "in/b"}));
  options.prefix = "in";
  page = this->store_->List(options);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(this->Keys(*page), (std::vector<std::string>{"in/A", "in/a", "in/b", "in2/x"}));
}

TYPED_TEST(ObjectStoreContract, DelimiterRollsUpDeeperKeys) {
  this->PutAll({"a.txt", "dir/x", "dir/y/z", "dir2/z", "e"});
  ListOptions options;
  options.delimiter = "/";
  auto page = this->store_->List(options);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(this->Keys(*page), (std::vector<std::string>{"a.txt", "e"}));
  EXPECT_EQ(page->common_prefixes, (std::vector<std::string>{"dir/", "dir2/"}));
  options.prefix = "dir/";
  page = this->store_->List(options);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(this->Keys(*page), (std::vector<std::string>{"dir/x"}));
  EXPECT_EQ(page->common_prefixes, (std::vector<std::string>{"dir/y/"}));
}

TYPED_TEST(ObjectStoreContract, ContinuationSkipsARolledUpPrefix) {
  this->PutAll({"a.txt", "dir/x", "dir/y", "dir2/z", "e"});
  ListOptions options;
  options.delimiter = "/";
  options.max_keys = 1;
  std::vector<std::string> entries;
  for (int i = 0; i < 10; ++i) {
    auto page = this->store_->List(options);
    ASSERT_TRUE(page.ok());
    for (const auto& key : this->Keys(*page)) entries.push_back(key);
    for (const auto& prefix : page->common_prefixes) entries.push_back(prefix);
    options.continuation_token = page->next_token;
    if (options.continuation_token.empty()) break;
  }
  EXPECT_EQ(entries, (std::vector<std::string>{"a.txt", "dir/", "dir2/", "e"}));
}

TYPED_TEST(ObjectStoreContract, ListAllFollowsTokens) {
  std::vector<std::string> keys;
  for (int i = 0; i < 25; ++i) keys.push_back("p/" + std::to_string(100 + i));
  this->PutAll(keys);
  auto all = this->store_->ListAll("p/");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 25u);
  EXPECT_EQ(all->front().key, "p/100");
  EXPECT_EQ(all->back().key, "p/124");
}

TYPED_TEST(ObjectStoreContract, MaxKeysOutOfRangeIsRejected) {
  ListOptions options;
  options.max_keys = 0;
  EXPECT_EQ(this->store_->List(options).status().code(), StatusCode::kInvalidArgument);
  options.max_keys = 1001;
  EXPECT_EQ(this->store_->List(options).status().code(), StatusCode::kInvalidArgument);
}

TYPED_TEST(ObjectStoreContract, PutIfAbsentKeepsTheFirstObject) {
  ASSERT_TRUE(this->store_->PutIfAbsent("lock/a", "first").ok());
  Status second = this->store_->PutIfAbsent("lock/a", "second");
  EXPECT_EQ(second.code(), StatusCode::kAlreadyExists) << second.ToString();
  EXPECT_EQ(this->Read("lock/a"), "first");
  auto all = this->store_->ListAll("");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 1u) << "no temp file may be listed";
}

TYPED_TEST(ObjectStoreContract, CopyKeepsTheSource) {
  ASSERT_TRUE(this->store_->Put("src", "payload").ok());
  ASSERT_TRUE(this->store_->Put("x/dst", "old").ok());
  ASSERT_TRUE(this->store_->Copy("src", "x/dst").ok());
  EXPECT_EQ(this->Read("x/dst"), "payload");
  EXPECT_EQ(this->Read("src"), "payload");
  EXPECT_EQ(this->store_->Copy("missing", "y").code(), StatusCode::kNotFound);
}

TYPED_TEST(ObjectStoreContract, MoveRemovesTheSource) {
  ASSERT_TRUE(this->store_->Put("inbox/f.csv", "rows").ok());
  ASSERT_TRUE(this->store_->Move("inbox/f.csv", "done/2024/f.csv").ok());
  EXPECT_EQ(this->Read("done/2024/f.csv"), "rows");
  EXPECT_EQ(this->store_->Get("inbox/f.csv").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(this->store_->Move("inbox/f.csv", "z").code(), StatusCode::kNotFound);
  auto all = this->store_->ListAll("");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
}

TYPED_TEST(ObjectStoreContract, DeleteIsIdempotent) {
  ASSERT_TRUE(this->store_->Put("a/b", "x").ok());
  EXPECT_TRUE(this->store_->Delete("a/b").ok());
  EXPECT_TRUE(this->store_->Delete("a/b").ok());
  EXPECT_TRUE(this->store_->Delete("never/was").ok());
  EXPECT_EQ(this->store_->Get("a/b").status().code(), StatusCode::kNotFound);
}

TYPED_TEST(ObjectStoreContract, InvalidKeysAreRejectedEverywhere) {
  const std::vector<std::string> bad = {"",
                                        "../x",
                                        "a/../b",
                                        "/abs",
                                        "a//b",
                                        "a\\b",
                                        "dir/",
                                        ".",
                                        "a/./b",
                                        "..",
                                        std::string("x\0y", 3)};
  for (const std::string& key : bad) {
    SCOPED_TRACE("key of " + std::to_string(key.size()) + " bytes: " + key);
    EXPECT_EQ(this->store_->Put(key, "x").code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(this->store_->PutIfAbsent(key, "x").code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(this->store_->Get(key).status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(this->store_->Head(key).status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(this->store_->Delete(key).code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(this->store_->Copy(key, "ok").code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(this->store_->Move("ok", key).code(), StatusCode::kInvalidArgument);
  }
  EXPECT_FALSE(fs::exists(this->dir_ / "x")) << "nothing may land outside the root";
  EXPECT_TRUE(this->store_->Put("%2e%2e/x", "literal").ok());
  EXPECT_EQ(this->Read("%2e%2e/x"), "literal");
}

TYPED_TEST(ObjectStoreContract, UploadAndDownloadRoundTrip) {
  fs::path local = this->dir_ / "in.csv";
  std::ofstream(local) << "id,name\n1,x\n";
  ASSERT_TRUE(this->store_->Upload(local.native(), "up/in.csv").ok());
  EXPECT_TRUE(fs::exists(local)) << "the caller keeps its file";
  EXPECT_EQ(this->Read("up/in.csv"), "id,name\n1,x\n");
  fs::path out = this->dir_ / "out" / "copy.csv";
  ASSERT_TRUE(this->store_->Download("up/in.csv", out.native()).ok());
  std::ifstream in(out);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "id,name\n1,x\n");
  EXPECT_EQ(this->store_->Upload((this->dir_ / "none").native(), "k").code(),
            StatusCode::kNotFound);
  EXPECT_EQ(this->store_->Download("none", out.native()).code(), StatusCode::kNotFound);
}

TYPED_TEST(ObjectStoreContract, ConcurrentWritersAndDeletersAgree) {
  constexpr int kThreads = 4;
  constexpr int kRounds = 40;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < kRounds; ++i) {
        std::string key = "shared/" + std::to_string(t) + "/" + std::to_string(i);
        EXPECT_TRUE(this->store_->Put(key, "v").ok());
        EXPECT_TRUE(this->store_->Put("shared/same", std::to_string(t)).ok());
        if (i % 2 == 0) {
          EXPECT_TRUE(this->store_->Delete(key).ok());
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  auto all = this->store_->ListAll("shared/");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), static_cast<size_t>(kThreads * kRounds / 2 + 1));
}

TEST(ValidateKey, AcceptsOrdinaryKeys) {
  for (std::string_view key : {"a", "a/b/c.parquet", "sales_data/2024-01-01.csv", "%2e%2e", "..a",
                               "a..", ".hidden", "sp ace/ü"}) {
    EXPECT_TRUE(ValidateKey(key).ok()) << key;
  }
  EXPECT_TRUE(ValidateKey(std::string(1024, 'k')).ok());
}

TEST(ValidateKey, NamesTheProblem) {
  EXPECT_EQ(ValidateKey(std::string(1025, 'k')).code(), StatusCode::kInvalidArgument);
  EXPECT_NE(ValidateKey("a//b").message().find("empty segment"), std::string::npos);
  EXPECT_NE(ValidateKey("x/").message().find("ends with '/'"), std::string::npos);
  EXPECT_NE(ValidateKey("a\tb").message().find("\\x09"), std::string::npos);
  EXPECT_NE(ValidateKey(std::string("x\0y", 3)).message().find("NUL"), std::string::npos);
  EXPECT_EQ(ValidateKey("a/.rp-tmp-1").code(), StatusCode::kInvalidArgument);
}

TEST(OpenObjectStore, ParsesSchemes) {
  auto mem = OpenObjectStore("mem://anything");
  ASSERT_TRUE(mem.ok());
  EXPECT_EQ((*mem)->uri(), "mem://anything");
  // s3:// is dispatched to S3ObjectStore (s3_object_store_test.cc); no bucket is invalid.
  auto s3 = OpenObjectStore("s3:///prefix");
  EXPECT_EQ(s3.status().code(), StatusCode::kInvalidArgument);
  auto ftp = OpenObjectStore("ftp://host/x");
  EXPECT_EQ(ftp.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(ftp.status().message().find("file://"), std::string::npos);
  EXPECT_EQ(OpenObjectStore("").status().code(), StatusCode::kInvalidArgument);
}

TEST(OpenObjectStore, OpensLocalFoldersInEveryForm) {
  std::string tmpl = (fs::path(::testing::TempDir()) / "rp-open-XXXXXX").native();
  ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
  fs::path dir = fs::canonical(tmpl);
  auto absolute = OpenObjectStore("file://" + (dir / "abs").native());
  ASSERT_TRUE(absolute.ok()) << absolute.status().ToString();
  EXPECT_EQ((*absolute)->uri(), "file://" + (dir / "abs").native());
  auto plain = OpenObjectStore((dir / "plain").native());
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(fs::is_directory(dir / "plain"));
  fs::path relative = fs::relative(dir / "rel", fs::current_path());
  auto rel = OpenObjectStore("file://" + relative.native());
  ASSERT_TRUE(rel.ok()) << rel.status().ToString();
  EXPECT_EQ((*rel)->uri(), "file://" + (dir / "rel").native());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace retailpipe::storage
