// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/storage/object_store.h"

#include <array>
#include <string>
#include <utility>

#include "retailpipe/storage/local_object_store.h"
#include "retailpipe/storage/memory_object_store.h"
#include "retailpipe/storage/s3_object_store.h"
#include "retailpipe/storage/temp_file.h"

namespace retailpipe::storage {

namespace {

constexpr size_t kMaxKeyBytes = 1024;
constexpr unsigned char kFirstPrintable = 0x20;
constexpr unsigned char kDelete = 0x7f;
constexpr std::string_view kFileScheme = "file://";
constexpr std::string_view kMemoryScheme = "mem://";
constexpr std::string_view kS3Scheme = "s3://";

bool IsControl(char c) {
  auto byte = static_cast<unsigned char>(c);
  return byte < kFirstPrintable || byte == kDelete;
}

/// Return `key` in double quotes with control bytes shown as \xNN, safe for a log line.
std::string Quote(std::string_view key) {
  constexpr std::array<char, 16> kHexDigits = {'0', '1', '2', '3', '4', '5', '6', '7',
                                               '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  std::string out = "\"";
  for (char c : key) {
    if (!IsControl(c)) {
      out += c;
      continue;
    }
    auto byte = static_cast<unsigned char>(c);
    out += "\\x";
    out += kHexDigits[byte >> 4];
    out += kHexDigits[byte & 0xf];
  }
  return out + "\"";
}

/// Return the problem with one '/'-separated segment of a key, or "" if it is fine.
std::string_view SegmentProblem(std::string_view segment) {
  if (segment.empty()) return "has an empty segment";
  if (segment == "." || segment == "..") return "has a '.' or '..' segment";
  if (segment.starts_with(kTempFilePrefix))
    return "has a segment starting with reserved \".rp-tmp-\"";
  return "";
}

/// Return the problem with `key`, or "" if it is a valid object key.
std::string_view KeyProblem(std::string_view key) {
  if (key.empty()) return "is empty";
  if (key.size() > kMaxKeyBytes) return "is longer than 1024 bytes";
  if (key.front() == '/') return "starts with '/'";
  if (key.back() == '/') return "ends with '/' (a folder, not an object)";
  if (key.find('\\') != std::string_view::npos) return "contains a backslash";
  if (key.find('\0') != std::string_view::npos) return "contains a NUL byte";
  for (char c : key) {
    if (IsControl(c)) return "contains a control character";
  }
  size_t start = 0;
  while (true) {
    size_t slash = key.find('/', start);
    std::string_view problem = SegmentProblem(key.substr(start, slash - start));
    if (!problem.empty()) return problem;
    if (slash == std::string_view::npos) return "";
    start = slash + 1;
  }
}

Result<std::unique_ptr<ObjectStore>> OpenLocal(std::string_view path) {
  RP_ASSIGN_OR_RETURN(std::unique_ptr<LocalObjectStore> store,
                      LocalObjectStore::Open(std::string(path)));
  return std::unique_ptr<ObjectStore>(std::move(store));
}

}  // namespace

Status ValidateKey(std::string_view key) {
  std::string_view problem = KeyProblem(key);
  if (problem.empty()) return Status::OK();
  std::string shown = key.size() > kMaxKeyBytes ? Quote(key.substr(0, 64)) + "..." : Quote(key);
  return Status::InvalidArgument("invalid object key " + shown + ": it " + std::string(problem));
}

Result<std::vector<ObjectInfo>> ObjectStore::ListAll(std::string_view prefix,
                                                     std::string_view delimiter) {
  ListOptions options;
  options.prefix = std::string(prefix);
  options.delimiter = std::string(delimiter);
  std::vector<ObjectInfo> all;
  do {
    RP_ASSIGN_OR_RETURN(ListPage page, List(options));
    for (ObjectInfo& info : page.objects) all.push_back(std::move(info));
    options.continuation_token = std::move(page.next_token);
  } while (!options.continuation_token.empty());
  return all;
}

Result<std::unique_ptr<ObjectStore>> OpenObjectStore(std::string_view uri) {
  if (uri.empty()) return Status::InvalidArgument("the object store URI is empty");
  if (uri.starts_with(kFileScheme)) {
    std::string_view path = uri.substr(kFileScheme.size());
    if (path.empty()) return Status::InvalidArgument("\"file://\" names no folder");
    return OpenLocal(path);
  }
  if (uri.starts_with(kMemoryScheme)) {
    return std::unique_ptr<ObjectStore>(std::make_unique<MemoryObjectStore>(std::string(uri)));
  }
  if (uri.starts_with(kS3Scheme)) {
    RP_ASSIGN_OR_RETURN(std::unique_ptr<S3ObjectStore> store, S3ObjectStore::Open(uri));
    return std::unique_ptr<ObjectStore>(std::move(store));
  }
  if (uri.find("://") != std::string_view::npos) {
    return Status::InvalidArgument("unknown object store scheme in \"" + std::string(uri) +
                                   "\"; supported: file:///abs/dir, file://rel/dir, a plain "
                                   "path, mem://name, s3://bucket/prefix");
  }
  return OpenLocal(uri);
}

}  // namespace retailpipe::storage
