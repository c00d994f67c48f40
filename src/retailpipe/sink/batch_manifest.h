// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"

namespace retailpipe::sink {

/// The record of where one CSV batch of a topic partition was cut, written (put-if-absent)
/// before the batch's object and never changed, so that a replay after a crash cuts the
/// batch at the same offsets and rebuilds the same object, even though cuts by age depend on
/// the wall clock. A plain value type.
///
/// Text form, one "key=value" per line after a version line:
///
///   retailpipe-csv-batch v1
///   topic=US_topic
///   partition=0
///   start_offset=0
///   end_offset=9999
///   rows=10000
///   bytes=812345
struct BatchManifest {
  std::string topic;
  int32_t partition = 0;
  /// Offset of the first record in the batch; the object is named by it.
  int64_t start_offset = 0;
  /// Offset of the last record in the batch (inclusive). The next batch starts after it.
  int64_t end_offset = 0;
  /// Data rows in the object (records that could not be converted are not rows).
  int64_t rows = 0;
  /// Bytes of the object, header included.
  uint64_t bytes = 0;

  /// Return the text form.
  std::string Format() const;

  /// Parse the text form. Errors: kDataError naming the missing or malformed line.
  static Result<BatchManifest> Parse(std::string_view text);

  bool operator==(const BatchManifest&) const = default;
};

/// Return the name of a batch's object without a folder: "<topic>-p<partition>-o<start
/// offset as 20 digits>" followed by `extension` (".csv"), so names sort by offset.
std::string BatchName(std::string_view topic, int32_t partition, int64_t start_offset,
                      std::string_view extension);

}  // namespace retailpipe::sink
