// SPDX-License-Identifier: Apache-2.0
// The Kinesis Data Streams operations the Kinesis stream uses, as JSON request bodies and
// parsed answers (API version 20131202). Pure functions, no I/O. Used only in this folder.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"

namespace retailpipe::stream::kinesis {

/// Most records and bytes (data plus partition keys) one PutRecords may carry, and most bytes
/// one record may have (data plus partition key).
inline constexpr size_t kMaxPutRecords = 500;
inline constexpr size_t kMaxPutBytes = size_t{5} << 20;
inline constexpr size_t kMaxRecordBytes = size_t{1} << 20;
/// Most Unicode characters in a partition key.
inline constexpr size_t kMaxPartitionKeyChars = 256;

/// One record of a PutRecords request.
struct PutEntry {
  std::string_view partition_key;
  std::string_view data;
};

/// Return the PutRecords body for `entries` (Data base64-encoded).
/// REQUIRES: 1..kMaxPutRecords entries with valid UTF-8 partition keys.
std::string PutRecordsRequest(std::string_view stream, std::span<const PutEntry> entries);

/// The outcome of one record of a PutRecords request.
struct PutOutcome {
  std::string sequence_number;
  std::string shard_id;
  /// Empty when the record was stored; else "ProvisionedThroughputExceededException",
  /// "InternalFailure", or a KMS error.
  std::string error_code;
  std::string error_message;
};

/// Return the per-record outcomes of a PutRecords answer, in request order.
/// Errors: kIoError if `body` is not a PutRecords answer for `sent` records.
Result<std::vector<PutOutcome>> ParsePutRecords(std::string_view body, size_t sent);

/// One shard as ListShards describes it.
struct ShardInfo {
  std::string shard_id;
  /// The shard(s) this one was split from or merged from; empty if none.
  std::string parent_shard_id;
  std::string adjacent_parent_shard_id;
};

/// One page of ListShards.
struct ShardPage {
  std::vector<ShardInfo> shards;
  /// Empty on the last page.
  std::string next_token;
};

/// Return the ListShards body: the first page of `stream`, or the page after `next_token`
/// (Kinesis refuses StreamName together with NextToken).
std::string ListShardsRequest(std::string_view stream, std::string_view next_token);

/// Errors: kIoError if `body` is not a ListShards answer.
Result<ShardPage> ParseListShards(std::string_view body);

/// Return the GetShardIterator body: TRIM_HORIZON when `after_sequence_number` is empty, else
/// AFTER_SEQUENCE_NUMBER.
std::string GetShardIteratorRequest(std::string_view stream, std::string_view shard_id,
                                    std::string_view after_sequence_number);

/// Errors: kIoError if `body` holds no ShardIterator.
Result<std::string> ParseGetShardIterator(std::string_view body);

/// Return the GetRecords body.
std::string GetRecordsRequest(std::string_view shard_iterator, int32_t limit);

/// One record GetRecords returned.
struct FetchedRecord {
  /// A decimal of up to 128 bits, increasing within the shard.
  std::string sequence_number;
  std::string partition_key;
  /// Decoded from base64.
  std::string data;
  /// ApproximateArrivalTimestamp in Unix milliseconds; -1 if absent.
  int64_t arrival_ms = -1;
};

/// One GetRecords answer.
struct RecordsPage {
  std::vector<FetchedRecord> records;
  /// Absent once a closed shard has been read to its end.
  std::optional<std::string> next_iterator;
  /// How far the page is behind the shard's tip; 0 means caught up.
  int64_t millis_behind_latest = 0;
};

/// Errors: kIoError if `body` is not a GetRecords answer or a Data is not base64.
Result<RecordsPage> ParseGetRecords(std::string_view body);

/// Return the number of Unicode characters in valid UTF-8 `text`.
size_t Utf8Length(std::string_view text);

}  // namespace retailpipe::stream::kinesis
