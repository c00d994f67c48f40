// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"

namespace retailpipe::storage {

class S3ObjectStore;

/// One S3 multipart upload in flight: the RAII owner of its UploadId.
///
/// Begin() starts it, UploadPart() sends parts in order, Complete() commits. The destructor
/// sends AbortMultipartUpload unless Complete() succeeded, so a failed upload leaves no parts
/// behind. Owned by one caller; not thread-safe. The store must outlive it.
class S3MultipartUpload {
 public:
  /// Start an upload of the full key `full_key` (root prefix included).
  /// Errors: those of S3ObjectStore::Call(), kDataError for a bad answer.
  static Result<std::unique_ptr<S3MultipartUpload>> Begin(const S3ObjectStore& store,
                                                          std::string full_key);

  S3MultipartUpload(const S3ObjectStore& store, std::string full_key, std::string upload_id);
  S3MultipartUpload(const S3MultipartUpload&) = delete;
  S3MultipartUpload& operator=(const S3MultipartUpload&) = delete;
  ~S3MultipartUpload();

  /// Upload the next part (parts are numbered from 1). REQUIRES: all but the last part are at
  /// least 5 MiB (S3's minimum). Errors: those of S3ObjectStore::Call().
  Status UploadPart(std::string_view data);

  /// Commit the parts as the object. Errors: those of S3ObjectStore::Call(), kIoError if S3
  /// reports an error inside a 200 answer.
  Status Complete();

 private:
  std::string CompleteXml() const;

  const S3ObjectStore& store_;
  std::string full_key_;
  std::string upload_id_;
  std::vector<std::string> etags_;
  bool completed_ = false;
};

}  // namespace retailpipe::storage
