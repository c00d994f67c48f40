// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/stream/local_log_options.h"
#include "retailpipe/stream/stream.h"

namespace retailpipe::stream {

/// A local durable log as a Stream: the embedded default, needing no server. URI
/// `log:///abs/dir` or `log://rel/dir` (relative to the working directory), with options
/// `?partitions=4&fsync=flush|never&segment_bytes=64MiB` (see LocalLogOptions).
///
/// Under the folder, each topic has a fixed number of partitions (topic.meta), and each
/// partition is a sequence of append-only segment files of checksummed frames (see
/// local_log_frame.h), named by their first offset and rolled at segment_bytes. Offsets are
/// dense per partition from 0. Producers (LocalLogProducer) append under a per-partition
/// flock, so several processes may produce to one topic; a frame torn by a writer that died
/// mid-append is cut off by the next writer, and a damaged frame followed by intact ones is
/// reported as corruption, never skipped. Consumer groups (LocalLogConsumer) keep committed
/// offsets per partition in files replaced atomically, and share partitions by flock.
///
/// Fsync policy (FsyncPolicy): by default every Flush() and Commit() returns only once the
/// data is on disk (fdatasync, plus an fsync of the folder when a file was created or
/// renamed); `fsync=never` leaves write-back to the kernel, which a process crash survives
/// but a power loss may not. Records are never deleted (no retention yet).
///
/// Holds only the options; immutable, so safe for concurrent use. Producers and consumers
/// may outlive it.
class LocalLogStream final : public Stream {
 public:
  /// Parse `uri`. Nothing is touched on disk yet. Errors: those of LocalLogOptions::FromUri().
  static Result<std::unique_ptr<LocalLogStream>> Open(std::string_view uri);

  explicit LocalLogStream(LocalLogOptions options) : options_(std::move(options)) {}

  const LocalLogOptions& options() const { return options_; }

  /// Return the URI with every option spelt out (it holds no secret).
  std::string redacted_uri() const override { return options_.ToUri(); }

  /// Return a LocalLogProducer, creating the folder if needed. Errors: kIoError.
  Result<std::unique_ptr<StreamProducer>> NewProducer() const override;

  /// Return a LocalLogConsumer in `group_id`, creating the folder if needed.
  /// Errors: kInvalidArgument for a group name not made of 1..249 of [A-Za-z0-9._-]; kIoError.
  Result<std::unique_ptr<StreamConsumer>> NewConsumer(std::string_view group_id) const override;

  /// Create `topic` with `partitions` partitions, instead of the default a first Produce()
  /// would give it. Creating a topic that exists with the same count does nothing.
  /// Errors: kInvalidArgument for a bad name or a count outside 1..4096; kAlreadyExists if
  /// the topic exists with another count (partition counts never change, or keys would move);
  /// kIoError.
  Status CreateTopic(std::string_view topic, int32_t partitions) const;

  /// Return the partition count of `topic`. Errors: kNotFound if it does not exist; kIoError.
  Result<int32_t> PartitionCount(std::string_view topic) const;

 private:
  LocalLogOptions options_;
};

}  // namespace retailpipe::stream
