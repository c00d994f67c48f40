// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "retailpipe/base/result.h"
#include "retailpipe/base/status.h"
#include "retailpipe/storage/object_store.h"
#include "retailpipe/storage/temp_file.h"
#include "retailpipe/storage/unique_fd.h"

// Local-file building blocks shared by the stores: atomic whole-file writes and copies, and
// reads. All are safe to call concurrently; each call owns its own descriptors and temp files.
namespace retailpipe::storage {

/// Open the regular file `path` for reading. Errors: kNotFound if it is missing or is a
/// folder, kIoError otherwise.
Result<UniqueFd> OpenForReading(const std::filesystem::path& path);

/// Return `length` bytes of file `path` from `offset` (length < 0: to the end; clipped at the
/// end). Errors: kNotFound, kInvalidArgument if offset is past the end, kIoError.
Result<std::string> ReadFileRange(const std::filesystem::path& path, uint64_t offset,
                                  int64_t length);

/// Return the metadata of file `path` under the name `key`, or nullopt if it is missing or not
/// a regular file. The etag is "<size hex>-<mtime ns hex>". Errors: kIoError.
Result<std::optional<ObjectInfo>> StatObjectFile(const std::filesystem::path& path,
                                                 std::string_view key);

/// Create `target`'s folders and an empty temp file beside it. Errors: kIoError.
Result<std::unique_ptr<TempFile>> MakeTempBeside(const std::filesystem::path& target);

/// Create or replace file `target` with `data` atomically (temp, fsync, rename). Errors: kIoError.
Status WriteFileAtomically(const std::filesystem::path& target, std::string_view data);

/// Create or replace file `to` with a copy of file `from` atomically, fsynced unless
/// `durability` is kScratch. Errors: kNotFound if `from` is missing, kIoError.
Status CopyFileAtomically(const std::filesystem::path& from, const std::filesystem::path& to,
                          Durability durability = Durability::kDurable);

}  // namespace retailpipe::storage
