// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/storage/object_store.h"

namespace retailpipe::storage {

/// An ObjectStore held in memory (mem:// URIs), for tests of the modules that use a store.
///
/// Same key rules and listing semantics as the other stores; Download and Upload move bytes
/// to and from real local files. Contents live as long as the object. Safe for concurrent use
/// by many threads: every call holds one mutex, so each call is atomic.
class MemoryObjectStore final : public ObjectStore {
 public:
  /// Create an empty store that reports `uri` (e.g. "mem://test") as its root.
  explicit MemoryObjectStore(std::string uri = "mem://");

  /// Return the URI given at construction.
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

 private:
  struct Object {
    std::string data;
    int64_t mtime_ms = 0;
  };
  using ObjectMap = std::map<std::string, Object, std::less<>>;

  /// Return the metadata of one stored object.
  static ObjectInfo InfoOf(const ObjectMap::value_type& entry);
  /// Return a new object holding `data`, stamped with the current time.
  static Object MakeObject(std::string data);
  /// Return the URI of `key` for error context.
  std::string KeyUri(std::string_view key) const;

  const std::string uri_;
  std::mutex mu_;
  ObjectMap objects_;  // guarded by mu_ (RP_GUARDED_BY once base/ has it)
};

}  // namespace retailpipe::storage
