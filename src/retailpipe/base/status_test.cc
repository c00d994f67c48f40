// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/base/status.h"

#include <cerrno>

#include <gtest/gtest.h>

namespace retailpipe {
namespace {

Status FailWith(StatusCode code) { return Status(code, "boom"); }

Status Propagates() {
  RP_RETURN_IF_ERROR(FailWith(StatusCode::kNotFound));
  return Status::Internal("not reached");
}

TEST(Status, OkHasNoMessage) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(Status, ContextReadsOutsideIn) {
  Status s = Status::IoError("disk full").WithContext("while writing x.parquet");
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_EQ(s.message(), "while writing x.parquet: disk full");
  EXPECT_EQ(s.ToString(), "I/O error: while writing x.parquet: disk full");
  EXPECT_TRUE(Status::OK().WithContext("ignored").ok());
}

TEST(Status, CopyIsDeep) {
  Status a = Status::DataError("bad row");
  Status b = a;
  a = Status::OK();
  EXPECT_EQ(b.message(), "bad row");
  EXPECT_TRUE(a.ok());
}

TEST(Status, ReturnIfErrorPropagates) {
  Status s = Propagates();
  EXPECT_TRUE(s.IsNotFound());
  EXPECT_EQ(s.message(), "boom");
}

TEST(Status, ErrnoStatusNamesTheCause) {
  Status s = ErrnoStatus("open /x", ENOENT);
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_EQ(s.message(), "open /x: No such file or directory");
}

}  // namespace
}  // namespace retailpipe
