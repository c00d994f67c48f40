// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/kinesis_api.h"

#include <cmath>
#include <utility>

#include <simdjson.h>

#include "retailpipe/aws/base64.h"
#include "retailpipe/base/json_writer.h"

namespace retailpipe::stream::kinesis {
namespace {

using JsonObject = simdjson::dom::object;

Status Malformed(std::string_view operation, std::string_view why) {
  return Status::IoError("Kinesis answered " + std::string(operation) + " with " +
                         std::string(why));
}

/// Parse `body` as a JSON object into `object`, kept alive by `parser`.
Status ParseObject(simdjson::dom::parser& parser, std::string_view body, std::string_view operation,
                   JsonObject& object) {
  if (parser.parse(body.data(), body.size()).get_object().get(object) != simdjson::SUCCESS) {
    return Malformed(operation, "a body that is not a JSON object");
  }
  return Status::OK();
}

/// Return string member `key` of `object`, "" if it is missing or null.
Result<std::string> OptionalString(const JsonObject& object, std::string_view key,
                                   std::string_view operation) {
  simdjson::dom::element element;
  if (object.at_key(key).get(element) != simdjson::SUCCESS || element.is_null()) {
    return std::string();
  }
  std::string_view value;
  if (element.get_string().get(value) != simdjson::SUCCESS) {
    return Malformed(operation, "a non-string " + std::string(key));
  }
  return std::string(value);
}

Result<std::string> RequiredString(const JsonObject& object, std::string_view key,
                                   std::string_view operation) {
  RP_ASSIGN_OR_RETURN(std::string value, OptionalString(object, key, operation));
  if (value.empty()) return Malformed(operation, "no " + std::string(key));
  return value;
}

Result<simdjson::dom::array> RequiredArray(const JsonObject& object, std::string_view key,
                                           std::string_view operation) {
  simdjson::dom::array array;
  if (object.at_key(key).get_array().get(array) != simdjson::SUCCESS) {
    return Malformed(operation, "no " + std::string(key) + " array");
  }
  return array;
}

Result<FetchedRecord> ParseRecord(simdjson::dom::element element) {
  constexpr std::string_view kOp = "GetRecords";
  JsonObject object;
  if (element.get_object().get(object) != simdjson::SUCCESS) {
    return Malformed(kOp, "a record that is not an object");
  }
  FetchedRecord record;
  RP_ASSIGN_OR_RETURN(record.sequence_number, RequiredString(object, "SequenceNumber", kOp));
  RP_ASSIGN_OR_RETURN(record.partition_key, RequiredString(object, "PartitionKey", kOp));
  RP_ASSIGN_OR_RETURN(std::string data, OptionalString(object, "Data", kOp));
  Result<std::string> decoded = aws::DecodeBase64(data);
  if (!decoded.ok()) {
    return Malformed(kOp, "a Data that is not base64 in record " + record.sequence_number);
  }
  record.data = std::move(decoded).value();
  double seconds = 0;
  if (object.at_key("ApproximateArrivalTimestamp").get_double().get(seconds) == simdjson::SUCCESS) {
    record.arrival_ms = std::llround(seconds * 1000.0);
  }
  return record;
}

}  // namespace

std::string PutRecordsRequest(std::string_view stream, std::span<const PutEntry> entries) {
  JsonWriter json;
  json.BeginObject().Key("StreamName").String(stream).Key("Records").BeginArray();
  for (const PutEntry& entry : entries) {
    json.BeginObject();
    json.Key("Data").String(aws::EncodeBase64(entry.data));
    json.Key("PartitionKey").String(entry.partition_key);
    json.EndObject();
  }
  json.EndArray().EndObject();
  return json.str();
}

Result<std::vector<PutOutcome>> ParsePutRecords(std::string_view body, size_t sent) {
  constexpr std::string_view kOp = "PutRecords";
  simdjson::dom::parser parser;
  JsonObject object;
  RP_RETURN_IF_ERROR(ParseObject(parser, body, kOp, object));
  RP_ASSIGN_OR_RETURN(simdjson::dom::array records, RequiredArray(object, "Records", kOp));
  std::vector<PutOutcome> outcomes;
  for (simdjson::dom::element element : records) {
    JsonObject entry;
    if (element.get_object().get(entry) != simdjson::SUCCESS) {
      return Malformed(kOp, "a record result that is not an object");
    }
    PutOutcome outcome;
    RP_ASSIGN_OR_RETURN(outcome.error_code, OptionalString(entry, "ErrorCode", kOp));
    RP_ASSIGN_OR_RETURN(outcome.error_message, OptionalString(entry, "ErrorMessage", kOp));
    RP_ASSIGN_OR_RETURN(outcome.sequence_number, OptionalString(entry, "SequenceNumber", kOp));
    RP_ASSIGN_OR_RETURN(outcome.shard_id, OptionalString(entry, "ShardId", kOp));
    if (outcome.error_code.empty() && outcome.sequence_number.empty()) {
      return Malformed(kOp, "a record result with neither SequenceNumber nor ErrorCode");
    }
    outcomes.push_back(std::move(outcome));
  }
  if (outcomes.size() != sent) {
    return Malformed(
        kOp, std::to_string(outcomes.size()) + " results for " + std::to_string(sent) + " records");
  }
  return outcomes;
}

std::string ListShardsRequest(std::string_view stream, std::string_view next_token) {
  JsonWriter json;
  json.BeginObject();
  if (next_token.empty()) {
    json.Key("StreamName").String(stream);
  } else {
    json.Key("NextToken").String(next_token);
  }
  json.Key("MaxResults").Int(10'000).EndObject();
  return json.str();
}

Result<ShardPage> ParseListShards(std::string_view body) {
  constexpr std::string_view kOp = "ListShards";
  simdjson::dom::parser parser;
  JsonObject object;
  RP_RETURN_IF_ERROR(ParseObject(parser, body, kOp, object));
  RP_ASSIGN_OR_RETURN(simdjson::dom::array shards, RequiredArray(object, "Shards", kOp));
  ShardPage page;
  for (simdjson::dom::element element : shards) {
    JsonObject entry;
    if (element.get_object().get(entry) != simdjson::SUCCESS) {
      return Malformed(kOp, "a shard that is not an object");
    }
    ShardInfo shard;
    RP_ASSIGN_OR_RETURN(shard.shard_id, RequiredString(entry, "ShardId", kOp));
    RP_ASSIGN_OR_RETURN(shard.parent_shard_id, OptionalString(entry, "ParentShardId", kOp));
    RP_ASSIGN_OR_RETURN(shard.adjacent_parent_shard_id,
                        OptionalString(entry, "AdjacentParentShardId", kOp));
    page.shards.push_back(std::move(shard));
  }
  RP_ASSIGN_OR_RETURN(page.next_token, OptionalString(object, "NextToken", kOp));
  return page;
}

std::string GetShardIteratorRequest(std::string_view stream, std::string_view shard_id,
                                    std::string_view after_sequence_number) {
  JsonWriter json;
  json.BeginObject().Key("StreamName").String(stream).Key("ShardId").String(shard_id);
  if (after_sequence_number.empty()) {
    json.Key("ShardIteratorType").String("TRIM_HORIZON");
  } else {
    json.Key("ShardIteratorType").String("AFTER_SEQUENCE_NUMBER");
    json.Key("StartingSequenceNumber").String(after_sequence_number);
  }
  json.EndObject();
  return json.str();
}

Result<std::string> ParseGetShardIterator(std::string_view body) {
  simdjson::dom::parser parser;
  JsonObject object;
  RP_RETURN_IF_ERROR(ParseObject(parser, body, "GetShardIterator", object));
  return RequiredString(object, "ShardIterator", "GetShardIterator");
}

std::string GetRecordsRequest(std::string_view shard_iterator, int32_t limit) {
  JsonWriter json;
  json.BeginObject().Key("ShardIterator").String(shard_iterator).Key("Limit").Int(limit);
  json.EndObject();
  return json.str();
}

Result<RecordsPage> ParseGetRecords(std::string_view body) {
  constexpr std::string_view kOp = "GetRecords";
  simdjson::dom::parser parser;
  JsonObject object;
  RP_RETURN_IF_ERROR(ParseObject(parser, body, kOp, object));
  RP_ASSIGN_OR_RETURN(simdjson::dom::array records, RequiredArray(object, "Records", kOp));
  RecordsPage page;
  for (simdjson::dom::element element : records) {
    RP_ASSIGN_OR_RETURN(FetchedRecord record, ParseRecord(element));
    page.records.push_back(std::move(record));
  }
  RP_ASSIGN_OR_RETURN(std::string next, OptionalString(object, "NextShardIterator", kOp));
  if (!next.empty()) page.next_iterator = std::move(next);
  int64_t behind = 0;
  if (object.at_key("MillisBehindLatest").get_int64().get(behind) == simdjson::SUCCESS) {
    page.millis_behind_latest = behind;
  }
  return page;
}

size_t Utf8Length(std::string_view text) {
  size_t length = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++length;
  }
  return length;
}

}  // namespace retailpipe::stream::kinesis
