# SPDX-License-Identifier: Apache-2.0
# Every dependency comes from Debian packages, except DuckDB (pinned, fetched by
# scripts/fetch_duckdb.sh into RP_DUCKDB_DIR). Nothing is vendored.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(CURL REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
if(RP_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(RP_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()

find_library(DUCKDB_LIBRARY NAMES duckdb PATHS "${RP_DUCKDB_DIR}/lib" NO_DEFAULT_PATH)
find_path(DUCKDB_INCLUDE_DIR duckdb.h PATHS "${RP_DUCKDB_DIR}/include" NO_DEFAULT_PATH)
if(NOT DUCKDB_LIBRARY OR NOT DUCKDB_INCLUDE_DIR)
  message(FATAL_ERROR "DuckDB 1.4.4 not found in RP_DUCKDB_DIR=${RP_DUCKDB_DIR}. "
                      "Run scripts/fetch_duckdb.sh, or pass -DRP_DUCKDB_DIR=<folder with lib/ and include/>.")
endif()
add_library(duckdb::duckdb SHARED IMPORTED GLOBAL)
set_target_properties(duckdb::duckdb PROPERTIES
  IMPORTED_LOCATION "${DUCKDB_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${DUCKDB_INCLUDE_DIR}")
# The binary finds libduckdb next to where it was fetched (and via RUNPATH when installed).
set(CMAKE_BUILD_RPATH "${RP_DUCKDB_DIR}/lib")
