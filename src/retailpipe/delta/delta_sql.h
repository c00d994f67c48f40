// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "retailpipe/delta/delta_schema.h"

/// SQL text the delta module hands to DuckDB. Every name and value enters SQL through
/// QuoteIdentifier() or QuoteString(); nothing else is spliced in.
namespace retailpipe::delta {

/// Return `name` as a quoted SQL identifier: "a""b".
std::string QuoteIdentifier(std::string_view name);

/// Return `s` as a SQL string literal: 'it''s'.
std::string QuoteString(std::string_view s);

/// Return an expression rendering column `field` of type T as Delta partition-value text
/// (PROTOCOL.md "Partition Value Serialization"); NULL stays NULL. Timestamps are written as
/// ISO 8601 UTC with microseconds ("2023-05-01T10:00:00.000000Z").
std::string PartitionValueSql(const DeltaField& field);

/// Return a SQL literal of the field's DuckDB type for a serialized partition value.
std::string PartitionLiteralSql(const DeltaField& field, const std::optional<std::string>& value);

/// Return the expression that writes column `field` into a Parquet data file: the column
/// itself, except TIMESTAMP, which becomes TIMESTAMP WITH TIME ZONE at UTC so the file says
/// isAdjustedToUTC=true as the protocol requires of `timestamp`.
std::string FileColumnSql(const DeltaField& field);

/// Return the expression that reads column `field` back from a data file as its DuckDB type.
std::string ReadColumnSql(const DeltaField& field);

/// Return the min (`kind` "min") or max ("max") aggregate over column `field` of a data file,
/// producing the JSON-ready form of a stats value: integers and doubles as numbers, decimals
/// and dates as text, timestamps as ISO 8601 UTC text truncated to milliseconds; NULL for
/// booleans (Delta keeps no min/max for them).
std::string StatsAggregateSql(const DeltaField& field, std::string_view kind);

}  // namespace retailpipe::delta
