// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>

#include "retailpipe/base/result.h"
#include "retailpipe/config/options.h"

namespace retailpipe::engine {

/// An open DuckDB database: an in-memory instance or a database file.
///
/// The owner (usually a warehouse or an ETL run) keeps it for as long as any Connection made
/// from it exists; destroying it closes the database and releases the file lock. Opening a
/// Connection is safe from several threads at once; the object is otherwise immutable.
class Database {
 public:
  /// Open the database at `path`, creating the file if it does not exist; "" or ":memory:"
  /// opens a private in-memory database. `options` sets DuckDB's memory_limit, threads
  /// (0 keeps DuckDB's default of one per core) and temp_directory (when not empty).
  /// Errors: kUnavailable if another process holds the file's lock (the message names the
  /// file), kInvalidArgument if DuckDB rejects an option, kIoError for other open failures.
  static Result<std::unique_ptr<Database>> Open(const std::string& path,
                                                const config::EngineOptions& options);

 private:
  struct Key {
    explicit Key() = default;
  };
  struct Handle;  // owns the duckdb_database; defined in duckdb_internal.h

 public:
  /// Internal: use Open(). Takes ownership of the open `handle`.
  Database(Key key, std::string path, std::unique_ptr<Handle> handle);

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  /// Return the path given to Open(), ":memory:" for an in-memory database.
  const std::string& path() const { return path_; }

 private:
  friend class Connection;

  std::string path_;
  std::unique_ptr<Handle> handle_;
};

}  // namespace retailpipe::engine
