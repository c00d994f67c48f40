// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"

namespace retailpipe::storage {

/// Return how many bytes a ranged Get of (`offset`, `length`) reads from an object of `size`
/// bytes: to the end if length < 0, clipped at the end. Errors: kInvalidArgument if offset is
/// past the end (S3 answers 416 there); offset == size reads nothing.
inline Result<uint64_t> RangeLength(uint64_t size, uint64_t offset, int64_t length) {
  if (offset > size) {
    return Status::InvalidArgument("range starts at byte " + std::to_string(offset) +
                                   ", past the end of the " + std::to_string(size) +
                                   "-byte object");
  }
  uint64_t available = size - offset;
  return length < 0 ? available : std::min(available, static_cast<uint64_t>(length));
}

}  // namespace retailpipe::storage
