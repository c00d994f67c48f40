// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"

namespace retailpipe::storage {
class TempFile;
}  // namespace retailpipe::storage

namespace retailpipe::gen {

/// A new, uniquely named local temp file (storage::TempFile) written through a large
/// in-memory buffer, and deleted when the writer is destroyed (upload it before that).
///
/// Built for generators that append millions of short lines: Append() is an inline memcpy and
/// never fails on the spot; the first write error is kept and returned by Finish(), and later
/// appends are dropped. Owns the file. Not thread-safe.
class TempFileWriter {
  struct PassKey {};

 public:
  /// Bytes buffered before a write.
  static constexpr size_t kBufferBytes = size_t{1} << 20;

  /// Create an empty temp file in the existing directory `dir`.
  /// Errors: kNotFound if `dir` does not exist, kIoError otherwise.
  static Result<std::unique_ptr<TempFileWriter>> Open(const std::string& dir);

  /// Use Open(); the key keeps construction private while allowing std::make_unique.
  TempFileWriter(PassKey, std::unique_ptr<storage::TempFile> file);
  TempFileWriter(const TempFileWriter&) = delete;
  TempFileWriter& operator=(const TempFileWriter&) = delete;
  /// Delete the file.
  ~TempFileWriter();

  /// Return the local path of the file.
  std::string path() const;

  /// Append `data` to the file.
  void Append(std::string_view data) {
    if (data.size() <= kBufferBytes - used_) {
      std::memcpy(buffer_.get() + used_, data.data(), data.size());
      used_ += data.size();
    } else {
      AppendSlow(data);
    }
  }

  /// Write out the buffer. Call once, after the last Append() and before reading the file.
  /// Errors: kIoError with the first failure of any write.
  Status Finish();

 private:
  void AppendSlow(std::string_view data);
  void Write(std::string_view data);

  std::unique_ptr<storage::TempFile> file_;
  std::unique_ptr<char[]> buffer_;
  size_t used_ = 0;
  Status status_;  // the first error, sticky
};

}  // namespace retailpipe::gen
