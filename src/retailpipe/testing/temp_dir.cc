// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/testing/temp_dir.h"

#include <filesystem>
#include <fstream>

#include <stdlib.h>

#include "retailpipe/base/check.h"

namespace retailpipe::testing {

namespace fs = std::filesystem;

TempDir::TempDir(std::string_view tag) {
  std::string pattern =
      (fs::temp_directory_path() / ("rp_" + std::string(tag) + "_XXXXXX")).string();
  RP_CHECK(mkdtemp(pattern.data()) != nullptr);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string TempDir::File(std::string_view name) const { return path_ + "/" + std::string(name); }

std::string TempDir::Write(std::string_view name, std::string_view content) const {
  std::string path = File(name);
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  std::ofstream out(path, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  RP_CHECK(out.good());
  return path;
}

}  // namespace retailpipe::testing
