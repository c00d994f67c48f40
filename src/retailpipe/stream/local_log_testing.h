// SPDX-License-Identifier: Apache-2.0
// For tests only: compiled into the test binaries, never into retailpipe::stream.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/stream/local_log_stream.h"
#include "retailpipe/stream/stream_consumer.h"
#include "retailpipe/stream/stream_producer.h"
#include "retailpipe/testing/temp_dir.h"

namespace retailpipe::stream::testing {

/// A local log in a fresh temporary folder, removed with it. Aborts the test on setup errors.
class TempLog {
 public:
  TempLog() : dir_("local_log") {}

  const std::string& dir() const { return dir_.path(); }
  /// Return "log://<dir>" followed by `query` (e.g. "?partitions=1").
  std::string uri(std::string_view query = "") const;
  std::unique_ptr<LocalLogStream> Open(std::string_view query = "") const;
  std::unique_ptr<StreamProducer> Producer(std::string_view query = "") const;
  /// Return a consumer in `group`, subscribed to `topic`.
  std::unique_ptr<StreamConsumer> Consumer(const std::string& group, const std::string& topic,
                                           std::string_view query = "") const;
  /// Return the paths of the segment files of a partition, in offset order.
  std::vector<std::string> Segments(std::string_view topic, int32_t partition) const;

 private:
  retailpipe::testing::TempDir dir_;
};

/// Poll `consumer` until it has returned `want` records or `limit` passes, committing nothing;
/// fail the test on a Poll() error. Returns every record seen, in the order read.
std::vector<StreamRecord> ReadUntil(StreamConsumer& consumer, size_t want,
                                    std::chrono::milliseconds limit);

/// Produce `count` records "<prefix><i>" under keys "k<i % keys>" and flush.
void ProduceValues(StreamProducer& producer, const std::string& topic, const std::string& prefix,
                   int count, int keys = 10);

}  // namespace retailpipe::stream::testing
