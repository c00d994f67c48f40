// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/storage/local_object_store.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <stdlib.h>

namespace retailpipe::storage {
namespace {

namespace fs = std::filesystem;

class LocalObjectStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::path(::testing::TempDir()) / "rp-local-XXXXXX").native();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = fs::canonical(tmpl);
    auto store = LocalObjectStore::Open((dir_ / "root").native());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    root_ = store_->root();
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// Return every path under the root whose name starts with ".rp-tmp-".
  std::vector<std::string> TempFiles() const {
    std::vector<std::string> found;
    for (const auto& entry : fs::recursive_directory_iterator(root_)) {
      if (entry.path().filename().native().starts_with(".rp-tmp-")) {
        found.push_back(entry.path().native());
      }
    }
    return found;
  }

  fs::path dir_;
  fs::path root_;
  std::unique_ptr<LocalObjectStore> store_;
};

TEST_F(LocalObjectStoreTest, KeysAreFilesUnderTheRoot) {
  ASSERT_TRUE(store_->Put("a/b/c.txt", "hello").ok());
  std::ifstream in(root_ / "a" / "b" / "c.txt");
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "hello");
  EXPECT_EQ(store_->uri(), "file://" + (dir_ / "root").native());
}

TEST_F(LocalObjectStoreTest, FailedPutUnderAFileLeavesNoTemp) {
  ASSERT_TRUE(store_->Put("f", "file").ok());
  Status status = store_->Put("f/child", "x");
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_NE(status.message().find("while writing file://" + root_.native() + "/f/child"),
            std::string::npos)
      << status.message();
  EXPECT_TRUE(TempFiles().empty());
}

TEST_F(LocalObjectStoreTest, FailedRenameDeletesTheTemp) {
  ASSERT_TRUE(store_->Put("d/x", "inner").ok());
  // The temp is written and synced, then rename(2) over the folder "d" fails.
  EXPECT_FALSE(store_->Put("d", "clobber").ok());
  EXPECT_FALSE(store_->Upload((root_ / "d" / "x").native(), "d").ok());
  EXPECT_TRUE(TempFiles().empty());
  EXPECT_EQ(*store_->Get("d/x"), "inner");
}

TEST_F(LocalObjectStoreTest, PutIfAbsentLeavesNoTemp) {
  ASSERT_TRUE(store_->PutIfAbsent("k", "1").ok());
  EXPECT_EQ(store_->PutIfAbsent("k", "2").code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(TempFiles().empty());
}

TEST_F(LocalObjectStoreTest, DeleteRemovesEmptyFolders) {
  ASSERT_TRUE(store_->Put("a/b/c/x", "1").ok());
  ASSERT_TRUE(store_->Put("a/y", "2").ok());
  ASSERT_TRUE(store_->Delete("a/b/c/x").ok());
  EXPECT_FALSE(fs::exists(root_ / "a" / "b"));
  EXPECT_TRUE(fs::exists(root_ / "a" / "y"));
  ASSERT_TRUE(store_->Delete("a/y").ok());
  EXPECT_FALSE(fs::exists(root_ / "a"));
  EXPECT_TRUE(fs::is_directory(root_));
}

TEST_F(LocalObjectStoreTest, MoveRemovesEmptySourceFolders) {
  ASSERT_TRUE(store_->Put("in/day/f", "1").ok());
  ASSERT_TRUE(store_->Move("in/day/f", "out/f").ok());
  EXPECT_FALSE(fs::exists(root_ / "in"));
  EXPECT_EQ(*store_->Get("out/f"), "1");
}

TEST_F(LocalObjectStoreTest, SymlinksOutOfTheRootAreRefused) {
  fs::create_directories(dir_ / "outside");
  std::ofstream(dir_ / "outside" / "secret") << "secret";
  fs::create_directory_symlink(dir_ / "outside", root_ / "link");
  fs::create_symlink(dir_ / "outside" / "secret", root_ / "file");
  EXPECT_EQ(store_->Get("link/secret").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->Get("file").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->Put("link/new", "x").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->Upload((dir_ / "outside" / "secret").native(), "link/up").code(),
            StatusCode::kInvalidArgument);
  EXPECT_FALSE(fs::exists(dir_ / "outside" / "new"));
  ListOptions options;
  options.prefix = "link/";
  EXPECT_EQ(store_->List(options).status().code(), StatusCode::kInvalidArgument);
  auto all = store_->ListAll("");
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->empty()) << all->front().key;
}

TEST_F(LocalObjectStoreTest, SymlinksInsideTheRootAreFollowed) {
  ASSERT_TRUE(store_->Put("real.txt", "r").ok());
  fs::create_symlink(root_ / "real.txt", root_ / "alias");
  EXPECT_EQ(*store_->Get("alias"), "r");
  auto all = store_->ListAll("");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
}

TEST_F(LocalObjectStoreTest, TempAndOddFilesAreNotListed) {
  std::ofstream(root_ / ".rp-tmp-abc123") << "partial";
  std::ofstream(root_ / "back\\slash") << "unaddressable";
  ASSERT_TRUE(store_->Put("ok", "1").ok());
  auto all = store_->ListAll("");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->front().key, "ok");
}

TEST_F(LocalObjectStoreTest, EtagChangesWithTheObject) {
  ASSERT_TRUE(store_->Put("k", "1").ok());
  auto before = store_->Head("k");
  ASSERT_TRUE(store_->Put("k", "22").ok());
  auto after = store_->Head("k");
  ASSERT_TRUE(before.ok() && after.ok());
  EXPECT_NE((*before)->etag, (*after)->etag);
}

TEST_F(LocalObjectStoreTest, DownloadReplacesAnExistingFile) {
  ASSERT_TRUE(store_->Put("k", "new contents").ok());
  fs::path local = dir_ / "local.txt";
  std::ofstream(local) << "old";
  ASSERT_TRUE(store_->Download("k", local.native()).ok());
  std::ifstream in(local);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "new contents");
  for (const auto& entry : fs::directory_iterator(dir_)) {
    EXPECT_FALSE(entry.path().filename().native().starts_with(".rp-tmp-"));
  }
}

TEST_F(LocalObjectStoreTest, OpenRefusesAFileAsRoot) {
  std::ofstream(dir_ / "plain") << "x";
  auto store = LocalObjectStore::Open((dir_ / "plain").native());
  EXPECT_FALSE(store.ok());
  EXPECT_EQ(LocalObjectStore::Open("").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace retailpipe::storage
