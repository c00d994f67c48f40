// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/kinesis_fake_service.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <limits>
#include <utility>

#include <simdjson.h>

#include "retailpipe/aws/aws_json_client.h"
#include "retailpipe/aws/base64.h"
#include "retailpipe/aws/fake_http_transport.h"
#include "retailpipe/base/json_writer.h"

namespace retailpipe::stream::kinesis {
namespace {

constexpr std::string_view kTargetPrefix = "Kinesis_20131202.";

aws::HttpResponse Answer(long status, std::string body) {
  aws::HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

aws::HttpResponse Error(std::string_view type, std::string_view message) {
  JsonWriter json;
  json.BeginObject().Key("__type").String(type).Key("message").String(message).EndObject();
  return Answer(400, json.str());
}

/// Return a 64-bit hash of `text` spread over the whole range (Kinesis uses MD5): FNV-1a, then
/// splitmix64's finaliser, since FNV's high bits hardly differ between short similar keys.
uint64_t KeyHash(std::string_view text) {
  uint64_t hash = 14695981039346656037ULL;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  hash = (hash ^ (hash >> 30)) * 0xbf58476d1ce4e5b9ULL;
  hash = (hash ^ (hash >> 27)) * 0x94d049bb133111ebULL;
  return hash ^ (hash >> 31);
}

std::string ShardName(int number) {
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "shardId-%012d", number);
  return text.data();
}

std::string StringOf(simdjson::dom::object object, std::string_view key) {
  std::string_view value;
  if (object[key].get_string().get(value) != simdjson::SUCCESS) return "";
  return std::string(value);
}

}  // namespace

void FakeKinesis::CreateStream(const std::string& name, int shards) {
  Stream& stream = streams_[name];
  const uint64_t step = std::numeric_limits<uint64_t>::max() / static_cast<uint64_t>(shards);
  for (int i = 0; i < shards; ++i) {
    Shard shard;
    shard.id = ShardName(next_shard_++);
    shard.low = static_cast<uint64_t>(i) * step;
    shard.high = i + 1 == shards ? std::numeric_limits<uint64_t>::max()
                                 : static_cast<uint64_t>(i + 1) * step - 1;
    stream.shards.push_back(std::move(shard));
  }
}

std::vector<std::string> FakeKinesis::SplitShard(const std::string& stream,
                                                 const std::string& shard_id) {
  Shard* parent = FindShard(stream, shard_id);
  parent->open = false;
  const uint64_t middle = parent->low + (parent->high - parent->low) / 2;
  Shard first{ShardName(next_shard_++), shard_id, parent->low, middle, true, {}};
  Shard second{ShardName(next_shard_++), shard_id, middle + 1, parent->high, true, {}};
  std::vector<std::string> ids = {first.id, second.id};
  streams_[stream].shards.push_back(std::move(first));
  streams_[stream].shards.push_back(std::move(second));
  return ids;
}

void FakeKinesis::ExpireShard(const std::string& stream, const std::string& shard_id) {
  std::erase_if(streams_[stream].shards, [&](const Shard& shard) { return shard.id == shard_id; });
}

FakeKinesis::Shard* FakeKinesis::FindShard(const std::string& stream, const std::string& shard_id) {
  auto it = streams_.find(stream);
  if (it == streams_.end()) return nullptr;
  for (Shard& shard : it->second.shards) {
    if (shard.id == shard_id) return &shard;
  }
  return nullptr;
}

const std::vector<FakeKinesis::Record>& FakeKinesis::Records(const std::string& stream,
                                                             const std::string& shard_id) const {
  for (const Shard& shard : streams_.at(stream).shards) {
    if (shard.id == shard_id) return shard.records;
  }
  static const std::vector<Record> kNone;
  return kNone;
}

std::vector<std::string> FakeKinesis::ShardIds(const std::string& stream) const {
  std::vector<std::string> ids;
  for (const Shard& shard : streams_.at(stream).shards) ids.push_back(shard.id);
  return ids;
}

Result<aws::HttpResponse> FakeKinesis::Handle(const aws::HttpRequest& request) {
  std::string target = aws::HeaderValue(request, "x-amz-target");
  if (!target.starts_with(kTargetPrefix)) return Error("UnknownOperationException", target);
  const std::string operation = target.substr(kTargetPrefix.size());
  ++calls[operation];
  if (server_errors > 0) {
    --server_errors;
    return Answer(500, R"({"__type":"InternalFailure","message":"injected"})");
  }
  if (operation == "PutRecords") return PutRecords(request.body);
  if (operation == "ListShards") return ListShards(request.body);
  if (operation == "GetShardIterator") return GetShardIterator(request.body);
  if (operation == "GetRecords") return GetRecords(request.body);
  return Error("UnknownOperationException", operation);
}

Result<aws::HttpResponse> FakeKinesis::PutRecords(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::dom::object object = parser.parse(body.data(), body.size()).get_object().value();
  const std::string name = StringOf(object, "StreamName");
  auto stream = streams_.find(name);
  if (stream == streams_.end()) return Error("ResourceNotFoundException", "no stream " + name);
  simdjson::dom::array records = object["Records"].get_array().value();
  if (records.size() > 500) return Error("ValidationException", "more than 500 records");
  const bool partial = put_records_partial_failures > 0;
  if (partial) --put_records_partial_failures;
  const bool kms = put_records_kms_failures > 0;
  if (kms) --put_records_kms_failures;
  JsonWriter json;
  json.BeginObject().Key("Records").BeginArray();
  int failed = 0;
  size_t index = 0;
  for (simdjson::dom::element element : records) {
    simdjson::dom::object entry = element.get_object().value();
    const std::string key = StringOf(entry, "PartitionKey");
    json.BeginObject();
    if ((partial && index % 2 == 1) || (kms && index == 0)) {
      ++failed;
      json.Key("ErrorCode")
          .String(kms && index == 0 ? "KMSAccessDeniedException"
                                    : "ProvisionedThroughputExceededException");
      json.Key("ErrorMessage").String("injected");
    } else {
      const uint64_t hash = KeyHash(key);
      for (Shard& shard : stream->second.shards) {
        if (!shard.open || hash < shard.low || hash > shard.high) continue;
        std::string sequence =
            "4960000000000000000000000" + std::to_string(1000000 + next_sequence_++);
        shard.records.push_back(
            {sequence, key, aws::DecodeBase64(StringOf(entry, "Data")).value()});
        json.Key("SequenceNumber").String(sequence).Key("ShardId").String(shard.id);
        break;
      }
    }
    json.EndObject();
    ++index;
  }
  json.EndArray().Key("FailedRecordCount").Int(failed).EndObject();
  return Answer(200, json.str());
}

Result<aws::HttpResponse> FakeKinesis::ListShards(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::dom::object object = parser.parse(body.data(), body.size()).get_object().value();
  std::string name = StringOf(object, "StreamName");
  const std::string token = StringOf(object, "NextToken");
  if (!name.empty() && !token.empty()) {
    return Error("InvalidArgumentException", "NextToken and StreamName cannot both be given");
  }
  size_t start = 0;
  if (!token.empty()) {
    const size_t bar = token.find('|');
    name = token.substr(0, bar);
    start = std::stoul(token.substr(bar + 1));
  }
  auto stream = streams_.find(name);
  if (stream == streams_.end()) return Error("ResourceNotFoundException", "no stream " + name);
  const std::vector<Shard>& shards = stream->second.shards;
  JsonWriter json;
  json.BeginObject().Key("Shards").BeginArray();
  const size_t end = std::min(shards.size(), start + list_page_size);
  for (size_t i = start; i < end; ++i) {
    json.BeginObject().Key("ShardId").String(shards[i].id);
    if (!shards[i].parent.empty()) json.Key("ParentShardId").String(shards[i].parent);
    json.EndObject();
  }
  json.EndArray();
  if (end < shards.size()) json.Key("NextToken").String(name + "|" + std::to_string(end));
  json.EndObject();
  return Answer(200, json.str());
}

Result<aws::HttpResponse> FakeKinesis::GetShardIterator(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::dom::object object = parser.parse(body.data(), body.size()).get_object().value();
  const std::string name = StringOf(object, "StreamName");
  const std::string shard_id = StringOf(object, "ShardId");
  Shard* shard = FindShard(name, shard_id);
  if (shard == nullptr) return Error("ResourceNotFoundException", "no shard " + shard_id);
  size_t position = 0;
  if (StringOf(object, "ShardIteratorType") == "AFTER_SEQUENCE_NUMBER") {
    const std::string after = StringOf(object, "StartingSequenceNumber");
    auto it = std::find_if(shard->records.begin(), shard->records.end(),
                           [&](const Record& record) { return record.sequence_number == after; });
    if (it == shard->records.end()) return Error("InvalidArgumentException", "bad " + after);
    position = static_cast<size_t>(it - shard->records.begin()) + 1;
  }
  JsonWriter json;
  json.BeginObject().Key("ShardIterator");
  json.String(name + "|" + shard_id + "|" + std::to_string(position)).EndObject();
  return Answer(200, json.str());
}

Result<aws::HttpResponse> FakeKinesis::GetRecords(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::dom::object object = parser.parse(body.data(), body.size()).get_object().value();
  if (get_records_throttles > 0) {
    --get_records_throttles;
    return Error("ProvisionedThroughputExceededException", "Rate exceeded for shard");
  }
  if (expired_iterators > 0) {
    --expired_iterators;
    return Error("ExpiredIteratorException", "Iterator expired");
  }
  const std::string iterator = StringOf(object, "ShardIterator");
  const size_t first = iterator.find('|');
  const size_t second = iterator.find('|', first + 1);
  const std::string name = iterator.substr(0, first);
  const std::string shard_id = iterator.substr(first + 1, second - first - 1);
  size_t position = std::stoul(iterator.substr(second + 1));
  Shard* shard = FindShard(name, shard_id);
  if (shard == nullptr) return Error("ResourceNotFoundException", "no shard " + shard_id);
  int64_t limit = 10'000;
  if (object["Limit"].get_int64().get(limit) != simdjson::SUCCESS) limit = 10'000;
  JsonWriter json;
  json.BeginObject().Key("Records").BeginArray();
  for (int64_t n = 0; n < limit && position < shard->records.size(); ++n, ++position) {
    const Record& record = shard->records[position];
    json.BeginObject().Key("SequenceNumber").String(record.sequence_number);
    json.Key("ApproximateArrivalTimestamp").Double(1795444442.511);
    json.Key("Data").String(aws::EncodeBase64(record.data));
    json.Key("PartitionKey").String(record.partition_key).EndObject();
  }
  json.EndArray();
  const bool at_end = position == shard->records.size();
  if (shard->open || !at_end) {
    json.Key("NextShardIterator").String(name + "|" + shard_id + "|" + std::to_string(position));
  }
  json.Key("MillisBehindLatest").Int(at_end ? 0 : 1000).EndObject();
  return Answer(200, json.str());
}

KinesisStream::ClientFactory FakeKinesis::Factory() {
  return
      [this](const aws::AwsClientOptions& options) -> Result<std::unique_ptr<aws::AwsJsonClient>> {
        return std::make_unique<aws::AwsJsonClient>(
            aws::AwsJsonService::Kinesis(), options,
            std::make_unique<aws::FakeHttpTransport>(
                [this](const aws::HttpRequest& request) { return Handle(request); }));
      };
}

KinesisOptions FakeKinesis::Options(const std::string& checkpoint_dir) {
  KinesisOptions options;
  options.client.endpoint = "http://fake-kinesis:1";
  options.client.credentials = {"id", "secret", ""};
  options.client.retry.backoff_base = std::chrono::milliseconds(1);
  options.client.retry.backoff_cap = std::chrono::milliseconds(2);
  options.checkpoint_dir = checkpoint_dir;
  options.read_interval = std::chrono::milliseconds(0);
  options.idle_interval = std::chrono::milliseconds(0);
  return options;
}

}  // namespace retailpipe::stream::kinesis
