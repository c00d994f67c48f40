// SPDX-License-Identifier: Apache-2.0
// Conversion of DuckDB results to model::RowSet (internal to engine/).
#include <cstdint>
#include <string>
#include <vector>

#include <duckdb.h>

#include "retailpipe/engine/duckdb_internal.h"

namespace retailpipe::engine::internal {

bool IsNativeType(duckdb_type type) {
  switch (type) {
    case DUCKDB_TYPE_BOOLEAN:
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_BIGINT:
    case DUCKDB_TYPE_UTINYINT:
    case DUCKDB_TYPE_USMALLINT:
    case DUCKDB_TYPE_UINTEGER:
    case DUCKDB_TYPE_FLOAT:
    case DUCKDB_TYPE_DOUBLE:
    case DUCKDB_TYPE_VARCHAR:
      return true;
    default:
      return false;
  }
}

namespace {

bool IsIntegerType(duckdb_type type) {
  return IsNativeType(type) && type != DUCKDB_TYPE_FLOAT && type != DUCKDB_TYPE_DOUBLE &&
         type != DUCKDB_TYPE_VARCHAR;
}

template <typename T>
int64_t IntAt(const void* data, idx_t row) {
  return static_cast<int64_t>(static_cast<const T*>(data)[row]);
}

/// Read row `row` of a flat vector of native `type` holding `data`.
model::Value NativeCell(duckdb_type type, void* data, idx_t row) {
  switch (type) {
    case DUCKDB_TYPE_BOOLEAN:
      return int64_t{static_cast<const bool*>(data)[row] ? 1 : 0};
    case DUCKDB_TYPE_TINYINT:
      return IntAt<int8_t>(data, row);
    case DUCKDB_TYPE_SMALLINT:
      return IntAt<int16_t>(data, row);
    case DUCKDB_TYPE_INTEGER:
      return IntAt<int32_t>(data, row);
    case DUCKDB_TYPE_BIGINT:
      return IntAt<int64_t>(data, row);
    case DUCKDB_TYPE_UTINYINT:
      return IntAt<uint8_t>(data, row);
    case DUCKDB_TYPE_USMALLINT:
      return IntAt<uint16_t>(data, row);
    case DUCKDB_TYPE_UINTEGER:
      return IntAt<uint32_t>(data, row);
    case DUCKDB_TYPE_FLOAT:
      return static_cast<double>(static_cast<const float*>(data)[row]);
    case DUCKDB_TYPE_DOUBLE:
      return static_cast<const double*>(data)[row];
    default: {
      auto* str = static_cast<duckdb_string_t*>(data) + row;
      return std::string(duckdb_string_t_data(str), duckdb_string_t_length(*str));
    }
  }
}

/// Owns one fetched data chunk.
struct ChunkOwner {
  duckdb_data_chunk chunk = nullptr;
  explicit ChunkOwner(duckdb_data_chunk c) : chunk(c) {}
  ChunkOwner(const ChunkOwner&) = delete;
  ChunkOwner& operator=(const ChunkOwner&) = delete;
  ~ChunkOwner() { duckdb_destroy_data_chunk(&chunk); }
};

void AppendChunk(duckdb_data_chunk chunk, const std::vector<duckdb_type>& types,
                 model::RowSet& out) {
  const idx_t count = duckdb_data_chunk_get_size(chunk);
  const size_t first = out.rows.size();
  out.rows.resize(first + count, std::vector<model::Value>(types.size()));
  for (size_t col = 0; col < types.size(); ++col) {
    duckdb_vector vector = duckdb_data_chunk_get_vector(chunk, col);
    void* data = duckdb_vector_get_data(vector);
    uint64_t* validity = duckdb_vector_get_validity(vector);
    for (idx_t row = 0; row < count; ++row) {
      if (validity != nullptr && !duckdb_validity_row_is_valid(validity, row)) continue;
      out.rows[first + row][col] = NativeCell(types[col], data, row);
    }
  }
}

/// The fast path: every column has a native type, so read vectors chunk by chunk.
void ReadChunks(duckdb_result& result, const std::vector<duckdb_type>& types, model::RowSet& out) {
  for (;;) {
    ChunkOwner owner(duckdb_fetch_chunk(result));
    if (owner.chunk == nullptr) return;
    AppendChunk(owner.chunk, types, out);
  }
}

model::Value ValueAt(duckdb_result& result, duckdb_type type, idx_t col, idx_t row) {
  if (duckdb_value_is_null(&result, col, row)) return {};
  if (IsIntegerType(type)) return duckdb_value_int64(&result, col, row);
  if (type == DUCKDB_TYPE_FLOAT || type == DUCKDB_TYPE_DOUBLE) {
    return duckdb_value_double(&result, col, row);
  }
  char* text = duckdb_value_varchar(&result, col, row);
  std::string value = text != nullptr ? text : "";
  duckdb_free(text);
  return value;
}

/// The fallback for results with a column of another type, which Connection::Query could
/// not cast to VARCHAR in SQL (not a SELECT). The C API has no vector-to-text cast, so this
/// uses the per-value accessors, which render scalars but not nested types.
void ReadValues(duckdb_result& result, const std::vector<duckdb_type>& types, model::RowSet& out) {
  const idx_t count = duckdb_row_count(&result);
  out.rows.resize(count, std::vector<model::Value>(types.size()));
  for (idx_t row = 0; row < count; ++row) {
    for (size_t col = 0; col < types.size(); ++col) {
      out.rows[row][col] = ValueAt(result, types[col], col, row);
    }
  }
}

}  // namespace

model::RowSet ReadRowSet(duckdb_result& result) {
  model::RowSet out;
  const idx_t column_count = duckdb_column_count(&result);
  std::vector<duckdb_type> types;
  bool all_native = true;
  for (idx_t col = 0; col < column_count; ++col) {
    out.columns.emplace_back(duckdb_column_name(&result, col));
    types.push_back(duckdb_column_type(&result, col));
    all_native = all_native && IsNativeType(types.back());
  }
  if (all_native) {
    ReadChunks(result, types, out);
  } else {
    ReadValues(result, types, out);
  }
  return out;
}

}  // namespace retailpipe::engine::internal
