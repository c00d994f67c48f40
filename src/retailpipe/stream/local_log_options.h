// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"

namespace retailpipe::stream {

/// When a local log forces appended records and committed offsets to the disk.
enum class FsyncPolicy {
  /// Every StreamProducer::Flush() and StreamConsumer::Commit() returns only after fdatasync
  /// (and an fsync of the folder when a file was created or renamed): what Flush() returned
  /// for survives a power loss. The default.
  kOnFlush,
  /// Never sync: the kernel writes pages back when it likes. A process crash loses nothing
  /// that Flush() returned for, a power loss or kernel crash may. For benchmarks and scratch
  /// data.
  kNever,
};

/// The settings of a local durable log (LocalLogStream), parsed from its URI:
///
///   log:///abs/dir[?option=value&...]   an absolute folder
///   log://rel/dir[?option=value&...]    a folder relative to the working directory
///
/// The path is taken literally (no host part, no percent-decoding). Options: `partitions=N`
/// (default_partitions), `fsync=flush|never` (fsync), `segment_bytes=64MiB` (segment_bytes,
/// with a unit). A plain value type.
struct LocalLogOptions {
  /// The log's root folder, as written in the URI.
  std::string dir;
  /// How many partitions a topic gets when the first Produce() to it creates it.
  int32_t default_partitions = 4;
  /// When data reaches the disk; see FsyncPolicy.
  FsyncPolicy fsync = FsyncPolicy::kOnFlush;
  /// A partition's active segment file is closed, and the next record starts a new one, once
  /// the record would take it past this many bytes (a larger record gets a segment alone).
  uint64_t segment_bytes = uint64_t{64} * 1024 * 1024;

  /// Most partitions a topic may have.
  static constexpr int32_t kMaxPartitions = 4096;
  /// Bounds of segment_bytes.
  static constexpr uint64_t kMinSegmentBytes = 1024;
  static constexpr uint64_t kMaxSegmentBytes = uint64_t{1} << 40;

  /// Parse a `log://` URI (see the struct comment).
  /// Errors: kInvalidArgument for another scheme, an empty path, an unknown option or a bad
  /// value, naming the URI and what is expected.
  static Result<LocalLogOptions> FromUri(std::string_view uri);

  /// Check the fields. Errors: kInvalidArgument naming the bad field and its bounds.
  Status Validate() const;

  /// Return the URI these options parse from, with every option spelt out.
  std::string ToUri() const;
};

}  // namespace retailpipe::stream
