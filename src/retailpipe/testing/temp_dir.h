// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace retailpipe::testing {

/// A fresh folder under the system temp directory, removed with everything in it when the
/// object dies. For tests only. Not thread-safe; one per test.
class TempDir {
 public:
  /// Create "<tmp>/rp_<tag>_XXXXXX". Aborts if the folder cannot be made.
  explicit TempDir(std::string_view tag = "test");
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  const std::string& path() const { return path_; }

  /// Return the path of `name` inside this folder (nothing is created).
  std::string File(std::string_view name) const;

  /// Write `content` to `name` inside this folder (creating parent folders); return its path.
  std::string Write(std::string_view name, std::string_view content) const;

 private:
  std::string path_;
};

}  // namespace retailpipe::testing
