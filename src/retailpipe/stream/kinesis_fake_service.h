// SPDX-License-Identifier: Apache-2.0
// For tests only: an in-memory Kinesis Data Streams service behind the AWS JSON protocol.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/aws/http_transport.h"
#include "retailpipe/base/result.h"
#include "retailpipe/stream/kinesis_options.h"
#include "retailpipe/stream/kinesis_stream.h"

namespace retailpipe::stream::kinesis {

/// Answers ListShards, PutRecords, GetShardIterator and GetRecords from memory, with the
/// semantics of the real service that the emulator lacks: per-record PutRecords failures,
/// throttled reads, expiring iterators, split shards whose parents keep their records and
/// end (no NextShardIterator), ListShards pages that want NextToken alone. Keys map to shards
/// by hash ranges, as in Kinesis. Owned by a test, which must keep it alive while clients made
/// by Factory() are used. Not thread-safe.
class FakeKinesis {
 public:
  struct Record {
    std::string sequence_number;
    std::string partition_key;
    std::string data;
  };

  /// Add stream `name` with `shards` open shards, shardId-000000000000 on.
  void CreateStream(const std::string& name, int shards);
  /// Close `shard_id` of `stream` and add two children that split its hash range; return their
  /// ids. The parent keeps its records.
  std::vector<std::string> SplitShard(const std::string& stream, const std::string& shard_id);
  /// Remove a shard from the stream, as Kinesis does once a closed shard's records expire.
  void ExpireShard(const std::string& stream, const std::string& shard_id);
  /// Return the records of a shard, in order.
  const std::vector<Record>& Records(const std::string& stream, const std::string& shard_id) const;
  /// Return the shard ids of `stream`, in ListShards order.
  std::vector<std::string> ShardIds(const std::string& stream) const;

  /// Answer one request (what a FakeHttpTransport calls).
  Result<aws::HttpResponse> Handle(const aws::HttpRequest& request);

  /// Return a factory of clients (fast retries) that answer from this fake.
  KinesisStream::ClientFactory Factory();
  /// Return options for a KinesisStream on this fake: no pacing, fast retries, `dir` for the
  /// checkpoints.
  static KinesisOptions Options(const std::string& checkpoint_dir);

  /// Fault injection: each counter makes that many of the next matching calls fail.
  int put_records_partial_failures = 0;  ///< PutRecords: every other record throttled
  int put_records_kms_failures = 0;      ///< PutRecords: the first record KMSAccessDenied
  int get_records_throttles = 0;         ///< GetRecords: ProvisionedThroughputExceeded
  int expired_iterators = 0;             ///< GetRecords: ExpiredIteratorException
  int server_errors = 0;                 ///< any call: HTTP 500
  /// Shards per ListShards page.
  size_t list_page_size = 10'000;
  /// Calls per operation, failed ones included.
  std::map<std::string, int> calls;

 private:
  struct Shard {
    std::string id;
    std::string parent;
    uint64_t low = 0;  // hash range [low, high]
    uint64_t high = 0;
    bool open = true;
    std::vector<Record> records;
  };
  struct Stream {
    std::vector<Shard> shards;
  };

  Result<aws::HttpResponse> PutRecords(std::string_view body);
  Result<aws::HttpResponse> ListShards(std::string_view body);
  Result<aws::HttpResponse> GetShardIterator(std::string_view body);
  Result<aws::HttpResponse> GetRecords(std::string_view body);
  Shard* FindShard(const std::string& stream, const std::string& shard_id);

  std::map<std::string, Stream> streams_;
  uint64_t next_sequence_ = 1;
  int next_shard_ = 0;
};

}  // namespace retailpipe::stream::kinesis
