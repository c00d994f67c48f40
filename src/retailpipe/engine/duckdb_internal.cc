// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/engine/duckdb_internal.h"

#include <string>

namespace retailpipe::engine::internal {

StatusCode CodeForError(duckdb_error_type type) {
  switch (type) {
    case DUCKDB_ERROR_PARSER:
    case DUCKDB_ERROR_SYNTAX:
    case DUCKDB_ERROR_BINDER:
    case DUCKDB_ERROR_CATALOG:
    case DUCKDB_ERROR_PLANNER:
    case DUCKDB_ERROR_MISMATCH_TYPE:
    case DUCKDB_ERROR_INVALID_TYPE:
    case DUCKDB_ERROR_UNKNOWN_TYPE:
    case DUCKDB_ERROR_NOT_IMPLEMENTED:
    case DUCKDB_ERROR_DEPENDENCY:
    case DUCKDB_ERROR_PARAMETER_NOT_RESOLVED:
    case DUCKDB_ERROR_PARAMETER_NOT_ALLOWED:
    case DUCKDB_ERROR_SETTINGS:
    case DUCKDB_ERROR_MISSING_EXTENSION:
    case DUCKDB_INVALID_CONFIGURATION:
      return StatusCode::kInvalidArgument;
    case DUCKDB_ERROR_CONVERSION:
    case DUCKDB_ERROR_OUT_OF_RANGE:
    case DUCKDB_ERROR_DECIMAL:
    case DUCKDB_ERROR_DIVIDE_BY_ZERO:
    case DUCKDB_ERROR_CONSTRAINT:
    case DUCKDB_ERROR_INVALID_INPUT:
      return StatusCode::kDataError;
    case DUCKDB_ERROR_INTERRUPT:
      return StatusCode::kCancelled;
    case DUCKDB_ERROR_TRANSACTION:
      return StatusCode::kUnavailable;
    case DUCKDB_ERROR_IO:
    case DUCKDB_ERROR_OUT_OF_MEMORY:
    case DUCKDB_ERROR_PERMISSION:
      return StatusCode::kIoError;
    default:
      return StatusCode::kInternal;
  }
}

Status ResultError(duckdb_result& result) {
  const char* message = duckdb_result_error(&result);
  return {CodeForError(duckdb_result_error_type(&result)),
          message != nullptr ? message : "DuckDB reported an error without a message"};
}

Status ErrorDataStatus(duckdb_error_data error, std::string_view fallback) {
  if (error == nullptr || !duckdb_error_data_has_error(error)) {
    duckdb_destroy_error_data(&error);
    return Status::Internal(std::string(fallback));
  }
  Status status(CodeForError(duckdb_error_data_error_type(error)),
                duckdb_error_data_message(error));
  duckdb_destroy_error_data(&error);
  return status;
}

}  // namespace retailpipe::engine::internal
