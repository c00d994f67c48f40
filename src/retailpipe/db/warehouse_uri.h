// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "retailpipe/base/result.h"

namespace retailpipe::db {

/// The parts of a server warehouse URI: `scheme://user:password@host:port/database?k=v&...`.
///
/// User, password, database and query values are percent-decoded. A plain value type.
struct WarehouseUri {
  /// "mysql" or "postgres" ("postgresql" is normalised to "postgres").
  std::string scheme;
  std::string user;
  std::string password;
  std::string host;
  /// The port, or the scheme's default (3306, 5432) when the URI names none.
  int port = 0;
  std::string database;
  /// Query parameters in order, e.g. {"sslmode", "disable"}.
  std::vector<std::pair<std::string, std::string>> options;

  /// Parse `uri`. Errors: kInvalidArgument for another scheme, a missing host, user or
  /// database, a bad port or bad percent-encoding; the message never holds the password.
  static Result<WarehouseUri> Parse(std::string_view uri);

  /// Return "host:port", for messages.
  std::string endpoint() const { return host + ":" + std::to_string(port); }

  /// Return `message` with every occurrence of the password replaced by "***": a last guard
  /// for messages that quote what a driver said.
  std::string Scrub(std::string message) const;
};

}  // namespace retailpipe::db
