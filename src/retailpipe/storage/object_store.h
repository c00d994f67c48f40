// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"

namespace retailpipe::storage {

/// What a listing or a Head() says of one object.
struct ObjectInfo {
  std::string key;       ///< Relative to the store root, '/'-separated, never starting with '/'.
  uint64_t size = 0;     ///< Bytes.
  std::string etag;      ///< Opaque content tag (S3 ETag; size+mtime for local files).
  int64_t mtime_ms = 0;  ///< Last modification, Unix epoch milliseconds.
};

/// One page of a listing.
struct ListPage {
  std::vector<ObjectInfo> objects;           ///< In ascending key order.
  std::vector<std::string> common_prefixes;  ///< With a delimiter: "dir/" entries, ascending.
  std::string next_token;                    ///< Empty when this is the last page.
};

/// What List() returns: S3 ListObjectsV2 semantics.
struct ListOptions {
  /// Only keys starting with this.
  std::string prefix;
  /// With "/": list one level only; deeper keys are rolled up into common_prefixes.
  std::string delimiter;
  /// Continue after the page that returned this token; empty for the first page.
  std::string continuation_token;
  /// Page size, 1..1000 (S3's limit); objects and common prefixes both count.
  int max_keys = 1000;
};

/// An object store addressed by URI: a bucket of immutable objects under string keys.
///
/// Implementations: a local directory (file://), S3 (s3://, see S3ObjectStore), and an in-memory
/// store for tests (mem://). Keys are validated by every call: no "..", "." or empty
/// segments, no leading '/', no backslash or NUL (kInvalidArgument), so no key can reach
/// outside the store root.
///
/// Every write is atomic: a reader sees the old object or the whole new one, never a part.
/// Implementations are safe for concurrent use from several threads (and, for file://,
/// processes) without external synchronization. Every key-taking call returns
/// kInvalidArgument for an invalid key; error messages name the object's URI.
/// Listings are in ascending byte order of keys; folders are not objects.
class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  /// Return the root URI this store was opened with, e.g. "file:///data/store".
  virtual const std::string& uri() const = 0;

  /// Return one page of keys in ascending byte order, after options.continuation_token.
  /// Errors: kInvalidArgument (max_keys out of range), kUnavailable, kIoError.
  virtual Result<ListPage> List(const ListOptions& options) = 0;

  /// Return the object's metadata, or nullopt if there is no such key. Errors: kIoError.
  virtual Result<std::optional<ObjectInfo>> Head(std::string_view key) = 0;

  /// Return `length` bytes from `offset` (length < 0: to the end; clipped at the end).
  /// Errors: kNotFound, kInvalidArgument if offset is past the end, kIoError.
  virtual Result<std::string> Get(std::string_view key, uint64_t offset = 0,
                                  int64_t length = -1) = 0;

  /// Copy the object into the local file `path` (created or replaced atomically; missing
  /// parent folders are created). The copy is scratch: not fsynced, so a machine crash may
  /// lose it and the caller downloads again. Errors: kNotFound, kIoError.
  virtual Status Download(std::string_view key, const std::string& path) = 0;

  /// Create or replace the object with `data`. Errors: kIoError.
  virtual Status Put(std::string_view key, std::string_view data) = 0;

  /// Create or replace the object with the contents of the local file `path`.
  /// Large files may be uploaded in parts; a failed upload leaves nothing behind. The local
  /// file is kept. Errors: kNotFound if `path` is missing, kIoError.
  virtual Status Upload(const std::string& path, std::string_view key) = 0;

  /// Create the object only if the key is free. Errors: kAlreadyExists if it is taken (the
  /// existing object is unchanged).
  virtual Status PutIfAbsent(std::string_view key, std::string_view data) = 0;

  /// Copy `src` to `dst` (replacing dst). Errors: kNotFound if src is missing.
  virtual Status Copy(std::string_view src, std::string_view dst) = 0;

  /// Move `src` to `dst`: copy then delete, or a rename where the store has one.
  /// Errors: kNotFound if src is missing, kIoError.
  virtual Status Move(std::string_view src, std::string_view dst) = 0;

  /// Delete the object. Deleting a missing key is OK (idempotent, like S3). Errors: kIoError.
  virtual Status Delete(std::string_view key) = 0;

  /// Return every object under `prefix`, following continuation tokens page by page. With a
  /// delimiter only the objects at that level are returned (common prefixes are dropped).
  /// Errors: those of List().
  Result<std::vector<ObjectInfo>> ListAll(std::string_view prefix, std::string_view delimiter = "");
};

/// Open the store named by `uri`: "file:///abs/dir", "file://rel/dir" (relative to the
/// working directory), a plain path, "s3://bucket/prefix" (endpoint, region and credentials
/// from the environment, see S3Options), or "mem://name" (a fresh, empty store each call).
/// File paths are taken literally (no percent-decoding). Errors: kInvalidArgument for an
/// unknown scheme (the message lists the supported ones), kIoError if a local root cannot be
/// created.
Result<std::unique_ptr<ObjectStore>> OpenObjectStore(std::string_view uri);

/// Return kOk if `key` is a valid object key, else kInvalidArgument naming the problem.
/// A valid key is 1..1024 bytes, does not start or end with '/', holds no backslash, NUL or
/// other control byte, and has no empty, "." or ".." segment and no segment starting with the
/// reserved ".rp-tmp-" (temp files). "%2e%2e" is a literal name and fine.
Status ValidateKey(std::string_view key);

}  // namespace retailpipe::storage
