// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/engine/database.h"

#include <string>
#include <utility>

#include <duckdb.h>

#include "retailpipe/engine/duckdb_internal.h"

namespace retailpipe::engine {
namespace {

constexpr std::string_view kMemoryPath = ":memory:";
// DuckDB's message when another process holds the file's fcntl lock.
constexpr std::string_view kLockMessage = "Could not set lock on file";

/// Owns a duckdb_config until duckdb_open_ext has copied it.
class ConfigOwner {
 public:
  ConfigOwner() = default;
  ConfigOwner(const ConfigOwner&) = delete;
  ConfigOwner& operator=(const ConfigOwner&) = delete;
  ~ConfigOwner() { duckdb_destroy_config(&config_); }

  Status Create() {
    if (duckdb_create_config(&config_) == DuckDBError) {
      return Status::Internal("cannot allocate a DuckDB configuration");
    }
    return Status::OK();
  }
  Status Set(const char* name, const std::string& value) {
    if (duckdb_set_config(config_, name, value.c_str()) == DuckDBError) {
      return Status::InvalidArgument("DuckDB rejected " + std::string(name) + "='" + value + "'");
    }
    return Status::OK();
  }
  duckdb_config get() const { return config_; }

 private:
  duckdb_config config_ = nullptr;
};

Status ApplyOptions(ConfigOwner& config, const config::EngineOptions& options) {
  RP_RETURN_IF_ERROR(config.Create());
  RP_RETURN_IF_ERROR(config.Set("memory_limit", std::to_string(options.memory_limit_bytes) + "B"));
  if (options.threads > 0) {
    RP_RETURN_IF_ERROR(config.Set("threads", std::to_string(options.threads)));
  }
  if (!options.temp_dir.empty()) {
    RP_RETURN_IF_ERROR(config.Set("temp_directory", options.temp_dir));
  }
  return Status::OK();
}

Status OpenError(const std::string& path, std::string message) {
  if (message.find(kLockMessage) != std::string::npos) {
    return Status::Unavailable("database file '" + path +
                               "' is locked: another retailpipe process may be using it (" +
                               message + ")");
  }
  return Status::IoError("cannot open DuckDB database '" + path + "': " + message);
}

}  // namespace

Database::Database(Key /*key*/, std::string path, std::unique_ptr<Handle> handle)
    : path_(std::move(path)), handle_(std::move(handle)) {}

Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::Open(const std::string& path,
                                                 const config::EngineOptions& options) {
  ConfigOwner config;
  RP_RETURN_IF_ERROR(ApplyOptions(config, options));
  const bool in_memory = path.empty() || path == kMemoryPath;
  auto handle = std::make_unique<Handle>();
  char* error = nullptr;
  if (duckdb_open_ext(in_memory ? nullptr : path.c_str(), &handle->db, config.get(), &error) ==
      DuckDBError) {
    std::string message = error != nullptr ? error : "unknown error";
    duckdb_free(error);
    return OpenError(path, std::move(message));
  }
  std::string name = in_memory ? std::string(kMemoryPath) : path;
  return std::make_unique<Database>(Key{}, std::move(name), std::move(handle));
}

}  // namespace retailpipe::engine
