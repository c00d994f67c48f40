// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/storage/object_store.h"
#include "retailpipe/storage/s3_http_client.h"
#include "retailpipe/storage/s3_options.h"

namespace retailpipe::storage {

struct S3ListResult;

/// An ObjectStore in an S3 bucket (s3://bucket/prefix URIs), over the S3 REST API.
///
/// Key "a/b.csv" is the object "prefix/a/b.csv" in the bucket. S3 itself makes every PUT
/// atomic; PutIfAbsent sends If-None-Match: * (412 -> kAlreadyExists). Files above 64 MiB are
/// uploaded in 16 MiB parts, and a failed multipart upload is aborted. Download writes a temp
/// file beside the target and renames it. Copy uses x-amz-copy-source (objects up to 5 GiB);
/// Move is copy then delete, so it is not atomic. Requests are retried as S3HttpClient says.
/// Holds no connection between calls; safe for concurrent use by many threads.
class S3ObjectStore final : public ObjectStore {
 public:
  /// Size above which Upload() goes multipart, and the size of each part.
  static constexpr uint64_t kMultipartThreshold = 64ULL << 20;
  static constexpr uint64_t kPartSize = 16ULL << 20;

  /// Open "s3://bucket[/prefix]" with options resolved from the environment
  /// (ResolveS3Options). Errors: kInvalidArgument for a malformed URI or missing credentials.
  static Result<std::unique_ptr<S3ObjectStore>> Open(std::string_view uri);

  /// Open "s3://bucket[/prefix]" with explicit `options`. Makes no request.
  /// Errors: kInvalidArgument for a malformed URI, kInternal if curl cannot start.
  static Result<std::unique_ptr<S3ObjectStore>> Open(std::string_view uri, S3Options options);

  /// Take a ready client; prefer Open(). `prefix` is "" or ends with '/'.
  S3ObjectStore(std::unique_ptr<S3HttpClient> client, std::string bucket, std::string prefix);

  /// Return "s3://bucket/prefix" as opened (without a trailing '/').
  const std::string& uri() const override { return uri_; }

  Result<ListPage> List(const ListOptions& options) override;
  Result<std::optional<ObjectInfo>> Head(std::string_view key) override;
  Result<std::string> Get(std::string_view key, uint64_t offset = 0, int64_t length = -1) override;
  Status Download(std::string_view key, const std::string& path) override;
  Status Put(std::string_view key, std::string_view data) override;
  Status Upload(const std::string& path, std::string_view key) override;
  Status PutIfAbsent(std::string_view key, std::string_view data) override;
  Status Copy(std::string_view src, std::string_view dst) override;
  Status Move(std::string_view src, std::string_view dst) override;
  Status Delete(std::string_view key) override;

  /// Send `request` (whose key is a full key, root prefix included) and return its 2xx
  /// response, or the mapped error (S3ErrorStatus). For the store's helpers (multipart).
  Result<S3Response> Call(const S3Request& request) const;

  /// Return the bucket name.
  const std::string& bucket() const { return bucket_; }

 private:
  /// Return the Status for the non-2xx `response` to `request` (S3ErrorStatus).
  Status ErrorFor(const S3Response& response, const S3Request& request) const;
  /// Return "s3://bucket/prefix/key".
  std::string KeyUri(std::string_view key) const;
  /// Return a request for the object `key` (relative), with the root prefix applied.
  S3Request ObjectRequest(std::string method, std::string_view key) const;
  enum class IfAbsent { kNo, kYes };
  Status PutObject(std::string_view key, std::string_view data, IfAbsent if_absent);
  Result<std::string> GetRange(std::string_view key, uint64_t offset, int64_t length);
  Status UploadMultipart(const std::string& path, uint64_t size, std::string_view key);
  ListPage ToPage(S3ListResult result) const;

  std::unique_ptr<S3HttpClient> client_;
  std::string bucket_;
  std::string prefix_;
  std::string uri_;
};

}  // namespace retailpipe::storage
