// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/storage/memory_object_store.h"

#include <array>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <utility>

#include "retailpipe/storage/byte_range.h"
#include "retailpipe/storage/list_page_builder.h"
#include "retailpipe/storage/local_file.h"

namespace retailpipe::storage {

namespace {

std::string Hex(uint64_t value) {
  std::array<char, 2 * sizeof(uint64_t)> buffer{};
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, 16);
  return std::string(buffer.data(), end);
}

Status NoSuchObject() { return Status::NotFound("no such object"); }

}  // namespace

MemoryObjectStore::MemoryObjectStore(std::string uri) : uri_(std::move(uri)) {}

std::string MemoryObjectStore::KeyUri(std::string_view key) const {
  std::string out = uri_;
  if (out.empty() || out.back() != '/') out += '/';
  out += key;
  return out;
}

ObjectInfo MemoryObjectStore::InfoOf(const ObjectMap::value_type& entry) {
  ObjectInfo info;
  info.key = entry.first;
  info.size = entry.second.data.size();
  // Content-derived like an S3 ETag: equal bytes give equal tags.
  info.etag = Hex(info.size) + "-" + Hex(std::hash<std::string>{}(entry.second.data));
  info.mtime_ms = entry.second.mtime_ms;
  return info;
}

MemoryObjectStore::Object MemoryObjectStore::MakeObject(std::string data) {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return {std::move(data),
          static_cast<int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(now).count())};
}

Result<ListPage> MemoryObjectStore::List(const ListOptions& options) {
  Status valid = ValidateListOptions(options);
  if (!valid.ok()) return valid.WithContext("while listing " + KeyUri(options.prefix));
  ListPageBuilder builder(options);
  std::lock_guard lock(mu_);
  auto it = objects_.lower_bound(options.prefix);
  if (options.continuation_token > options.prefix) {
    it = objects_.upper_bound(options.continuation_token);
  }
  for (; it != objects_.end(); ++it) {
    ListStep step = builder.Offer(it->first);
    if (step == ListStep::kDone) break;
    if (step == ListStep::kObject) builder.AddObject(InfoOf(*it));
  }
  return std::move(builder).Finish();
}

Result<std::optional<ObjectInfo>> MemoryObjectStore::Head(std::string_view key) {
  Status valid = ValidateKey(key);
  if (!valid.ok()) return valid.WithContext("while reading " + KeyUri(key));
  std::lock_guard lock(mu_);
  auto it = objects_.find(key);
  if (it == objects_.end()) return std::optional<ObjectInfo>();
  return std::optional<ObjectInfo>(InfoOf(*it));
}

Result<std::string> MemoryObjectStore::Get(std::string_view key, uint64_t offset, int64_t length) {
  auto get = [&]() -> Result<std::string> {
    RP_RETURN_IF_ERROR(ValidateKey(key));
    std::lock_guard lock(mu_);
    auto it = objects_.find(key);
    if (it == objects_.end()) return NoSuchObject();
    const std::string& data = it->second.data;
    RP_ASSIGN_OR_RETURN(uint64_t count, RangeLength(data.size(), offset, length));
    return data.substr(static_cast<size_t>(offset), static_cast<size_t>(count));
  };
  Result<std::string> result = get();
  if (!result.ok()) return std::move(result).error().WithContext("while reading " + KeyUri(key));
  return result;
}

Status MemoryObjectStore::Download(std::string_view key, const std::string& path) {
  auto download = [&]() -> Status {
    RP_ASSIGN_OR_RETURN(std::string data, Get(key));
    std::error_code ec;
    std::filesystem::path to = std::filesystem::absolute(path, ec);
    if (ec) return ErrnoStatus("resolving " + path, ec.value());
    return WriteFileAtomically(to, data);
  };
  return download().WithContext("while downloading to " + path);
}

Status MemoryObjectStore::Put(std::string_view key, std::string_view data) {
  RP_RETURN_IF_ERROR(ValidateKey(key).WithContext("while writing " + KeyUri(key)));
  Object object = MakeObject(std::string(data));
  std::lock_guard lock(mu_);
  objects_.insert_or_assign(std::string(key), std::move(object));
  return Status::OK();
}

Status MemoryObjectStore::Upload(const std::string& path, std::string_view key) {
  auto upload = [&]() -> Status {
    RP_RETURN_IF_ERROR(ValidateKey(key));
    RP_ASSIGN_OR_RETURN(std::string data, ReadFileRange(path, 0, -1));
    return Put(key, data);
  };
  return upload().WithContext("while uploading " + path + " to " + KeyUri(key));
}

Status MemoryObjectStore::PutIfAbsent(std::string_view key, std::string_view data) {
  RP_RETURN_IF_ERROR(ValidateKey(key).WithContext("while creating " + KeyUri(key)));
  Object object = MakeObject(std::string(data));
  std::lock_guard lock(mu_);
  if (!objects_.try_emplace(std::string(key), std::move(object)).second) {
    return Status::AlreadyExists("the key is already taken")
        .WithContext("while creating " + KeyUri(key));
  }
  return Status::OK();
}

Status MemoryObjectStore::Copy(std::string_view src, std::string_view dst) {
  auto copy = [&]() -> Status {
    RP_RETURN_IF_ERROR(ValidateKey(src));
    RP_RETURN_IF_ERROR(ValidateKey(dst));
    std::lock_guard lock(mu_);
    auto it = objects_.find(src);
    if (it == objects_.end()) return NoSuchObject();
    Object object = MakeObject(it->second.data);
    objects_.insert_or_assign(std::string(dst), std::move(object));
    return Status::OK();
  };
  return copy().WithContext("while copying " + KeyUri(src) + " to " + KeyUri(dst));
}

Status MemoryObjectStore::Move(std::string_view src, std::string_view dst) {
  auto move = [&]() -> Status {
    RP_RETURN_IF_ERROR(ValidateKey(src));
    RP_RETURN_IF_ERROR(ValidateKey(dst));
    std::lock_guard lock(mu_);
    auto it = objects_.find(src);
    if (it == objects_.end()) return NoSuchObject();
    if (src == dst) return Status::OK();
    Object object = std::move(it->second);
    objects_.erase(it);
    objects_.insert_or_assign(std::string(dst), std::move(object));
    return Status::OK();
  };
  return move().WithContext("while moving " + KeyUri(src) + " to " + KeyUri(dst));
}

Status MemoryObjectStore::Delete(std::string_view key) {
  RP_RETURN_IF_ERROR(ValidateKey(key).WithContext("while deleting " + KeyUri(key)));
  std::lock_guard lock(mu_);
  auto it = objects_.find(key);
  if (it != objects_.end()) objects_.erase(it);
  return Status::OK();
}

}  // namespace retailpipe::storage
