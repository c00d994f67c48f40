// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/local_log_options.h"

#include <gtest/gtest.h>

#include "retailpipe/stream/local_log_stream.h"
#include "retailpipe/stream/stream.h"

namespace retailpipe::stream {
namespace {

TEST(LocalLogOptions, ParsesAbsoluteAndRelativeFolders) {
  auto absolute = LocalLogOptions::FromUri("log:///var/lib/rp/log");
  ASSERT_TRUE(absolute.ok()) << absolute.status().ToString();
  EXPECT_EQ(absolute->dir, "/var/lib/rp/log");
  EXPECT_EQ(absolute->default_partitions, 4);
  EXPECT_EQ(absolute->fsync, FsyncPolicy::kOnFlush);
  EXPECT_EQ(absolute->segment_bytes, uint64_t{64} << 20);

  auto relative = LocalLogOptions::FromUri("log://data/log");
  ASSERT_TRUE(relative.ok()) << relative.status().ToString();
  EXPECT_EQ(relative->dir, "data/log");
}

TEST(LocalLogOptions, ParsesOptionsAndPrintsThemBack) {
  auto options = LocalLogOptions::FromUri("log:///d?partitions=8&fsync=never&segment_bytes=16KiB");
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->default_partitions, 8);
  EXPECT_EQ(options->fsync, FsyncPolicy::kNever);
  EXPECT_EQ(options->segment_bytes, 16u * 1024);
  EXPECT_EQ(options->ToUri(), "log:///d?partitions=8&fsync=never&segment_bytes=16KiB");
  auto again = LocalLogOptions::FromUri(options->ToUri());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->ToUri(), options->ToUri());
}

TEST(LocalLogOptions, RejectsBadUrisWithTheReason) {
  const std::pair<const char*, const char*> cases[] = {
      {"log://", "names no folder"},
      {"log://?partitions=2", "names no folder"},
      {"file:///d", "not a log:// URI"},
      {"log:///d?partitions=0", "partitions must be 1..4096"},
      {"log:///d?partitions=5000", "partitions must be 1..4096"},
      {"log:///d?partitions=two", "bad partitions value"},
      {"log:///d?fsync=sometimes", "want flush or never"},
      {"log:///d?segment_bytes=100", "segment_bytes"},
      {"log:///d?segment_bytes=10B", "segment_bytes must be"},
      {"log:///d?colour=blue", "unknown option 'colour'"},
      {"log:///d?partitions", "bad query parameter"},
  };
  for (const auto& [uri, why] : cases) {
    auto options = LocalLogOptions::FromUri(uri);
    ASSERT_FALSE(options.ok()) << uri;
    EXPECT_EQ(options.status().code(), StatusCode::kInvalidArgument) << uri;
    EXPECT_NE(options.status().message().find(why), std::string::npos)
        << uri << ": " << options.status().message();
  }
}

TEST(LocalLogOptions, OpenStreamDispatchesLogUris) {
  auto stream = OpenStream("log:///tmp/nowhere?partitions=2");
  ASSERT_TRUE(stream.ok()) << stream.status().ToString();
  const auto* log = dynamic_cast<const LocalLogStream*>(stream->get());
  ASSERT_NE(log, nullptr);
  EXPECT_EQ(log->options().default_partitions, 2);
  EXPECT_EQ((*stream)->redacted_uri(),
            "log:///tmp/nowhere?partitions=2&fsync=flush&segment_bytes=64MiB");

  auto unknown = OpenStream("nats://x");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("log:///abs/dir"), std::string::npos);
}

}  // namespace
}  // namespace retailpipe::stream
