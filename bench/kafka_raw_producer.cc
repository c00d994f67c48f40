// SPDX-License-Identifier: Apache-2.0
// kafka_raw_producer: librdkafka's own producer throughput on the same broker and the same
// records, the peer that `retailpipe publish orders` is measured against (bench/orders_bench.sh).
//
// It replays the records another producer left in a topic (the orders retailpipe just published:
// the same keys and payload bytes, in produce-time order), read into memory first (not timed).
// Then it produces them to another topic with retailpipe's producer settings
// (src/retailpipe/stream/kafka_producer.cc: enable.idempotence=true, acks=all,
// partitioner=murmur2_random, every other setting left at librdkafka's default: linger.ms,
// batch.size, batch.num.messages, compression none), copying each payload (RD_KAFKA_MSG_F_COPY)
// and serving delivery reports after each record as retailpipe does, and times produce + flush.
// Links no retailpipe module. Two helper modes create and delete topics through the admin API.
//
// Usage: kafka_raw_producer --brokers HOST:PORT[,...] --from-topic SRC --topic DST
//                           [--expect N] [-X key=value]...
//        kafka_raw_producer --brokers HOST:PORT --create-topic T [--partitions P]
//        kafka_raw_producer --brokers HOST:PORT --delete-topics T1[,T2...]
// Prints what it read, then "produced ..." and "rate <msgs/s> msgs/s <MB/s> MB/s" (MB of values,
// 10^6 bytes, as `retailpipe publish orders` counts them). Exit code 1 on any failure, including
// a record not acknowledged. Errors are exceptions caught in main(): a single-file tool.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <librdkafka/rdkafka.h>

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kAdminTimeoutMs = 30'000;
constexpr int kFlushTimeoutMs = 120'000;
constexpr int kQueueFullPollMs = 100;
constexpr int kReadIdleTimeoutMs = 30'000;

struct Args {
  std::string brokers, from_topic, topic, create_topic;
  std::vector<std::string> delete_topics;
  int partitions = 3;
  int64_t expect = -1;
  std::vector<std::pair<std::string, std::string>> settings;  // -X key=value
};

std::vector<std::string> Split(std::string_view text, char sep) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const size_t at = text.find(sep);
    if (at != 0) out.emplace_back(text.substr(0, at));
    if (at == std::string_view::npos) break;
    text.remove_prefix(at + 1);
  }
  return out;
}

Args ParseArgs(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(std::string(arg) + " needs a value");
      return argv[++i];
    };
    if (arg == "--brokers") {
      a.brokers = next();
    } else if (arg == "--from-topic") {
      a.from_topic = next();
    } else if (arg == "--topic") {
      a.topic = next();
    } else if (arg == "--expect") {
      a.expect = std::stoll(next());
    } else if (arg == "--create-topic") {
      a.create_topic = next();
    } else if (arg == "--partitions") {
      a.partitions = std::stoi(next());
    } else if (arg == "--delete-topics") {
      a.delete_topics = Split(next(), ',');
    } else if (arg == "-X") {
      const std::string kv = next();
      const size_t eq = kv.find('=');
      if (eq == std::string::npos) throw std::invalid_argument("-X wants key=value, got " + kv);
      a.settings.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    } else {
      throw std::invalid_argument("unknown argument " + std::string(arg));
    }
  }
  const bool replay = !a.from_topic.empty() && !a.topic.empty();
  const int modes = int(replay) + int(!a.create_topic.empty()) + int(!a.delete_topics.empty());
  if (a.brokers.empty() || modes != 1) {
    throw std::invalid_argument(
        "usage: kafka_raw_producer --brokers B --from-topic SRC --topic DST [--expect N] "
        "[-X key=value]... | --brokers B --create-topic T [--partitions P] | --brokers B "
        "--delete-topics T1,T2");
  }
  return a;
}

struct Deleter {
  void operator()(rd_kafka_t* p) const { rd_kafka_destroy(p); }
  void operator()(rd_kafka_conf_t* p) const { rd_kafka_conf_destroy(p); }
  void operator()(rd_kafka_topic_t* p) const { rd_kafka_topic_destroy(p); }
  void operator()(rd_kafka_topic_partition_list_t* p) const {
    rd_kafka_topic_partition_list_destroy(p);
  }
  void operator()(rd_kafka_message_t* p) const { rd_kafka_message_destroy(p); }
  void operator()(rd_kafka_queue_t* p) const { rd_kafka_queue_destroy(p); }
  void operator()(rd_kafka_event_t* p) const { rd_kafka_event_destroy(p); }
  void operator()(const rd_kafka_metadata_t* p) const { rd_kafka_metadata_destroy(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Deleter>;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void Set(rd_kafka_conf_t* conf, const std::string& key, const std::string& value) {
  std::array<char, 512> why{};
  if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), why.data(), why.size()) !=
      RD_KAFKA_CONF_OK) {
    throw std::runtime_error("setting " + key + "=" + value + ": " + why.data());
  }
}

Owned<rd_kafka_t> NewClient(rd_kafka_type_t type, Owned<rd_kafka_conf_t> conf) {
  std::array<char, 512> why{};
  // rd_kafka_new() takes the configuration only when it succeeds.
  Owned<rd_kafka_t> client(rd_kafka_new(type, conf.get(), why.data(), why.size()));
  if (client == nullptr) throw std::runtime_error(std::string("rd_kafka_new: ") + why.data());
  (void)conf.release();
  return client;
}

Owned<rd_kafka_conf_t> BaseConf(const Args& a) {
  Owned<rd_kafka_conf_t> conf(rd_kafka_conf_new());
  Set(conf.get(), "bootstrap.servers", a.brokers);
  Set(conf.get(), "client.id", "kafka_raw_producer");
  return conf;
}

// --- reading the records to replay ----------------------------------------------------------

struct Record {
  int64_t timestamp_ms = 0;
  std::string key, value;
};

int PartitionCount(rd_kafka_t* client, const std::string& topic) {
  Owned<rd_kafka_topic_t> handle(rd_kafka_topic_new(client, topic.c_str(), nullptr));
  const rd_kafka_metadata_t* raw = nullptr;
  const rd_kafka_resp_err_t err = rd_kafka_metadata(client, 0, handle.get(), &raw, kAdminTimeoutMs);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw std::runtime_error("metadata of topic " + topic + ": " + rd_kafka_err2str(err));
  }
  Owned<const rd_kafka_metadata_t> metadata(raw);
  if (metadata->topic_cnt != 1 || metadata->topics[0].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw std::runtime_error("topic " + topic +
                             " is not readable: " + rd_kafka_err2str(metadata->topics[0].err));
  }
  return metadata->topics[0].partition_cnt;
}

// Read every record of `topic` (all partitions, from the beginning to the end seen at start),
// ordered by produce timestamp, as a producer would have sent them.
std::vector<Record> ReadAll(const Args& a, int& partitions) {
  Owned<rd_kafka_conf_t> conf = BaseConf(a);
  Set(conf.get(), "group.id", "kafka_raw_producer-reader");
  Set(conf.get(), "enable.auto.commit", "false");
  Set(conf.get(), "enable.partition.eof", "true");
  Owned<rd_kafka_t> consumer = NewClient(RD_KAFKA_CONSUMER, std::move(conf));
  partitions = PartitionCount(consumer.get(), a.from_topic);
  Owned<rd_kafka_topic_partition_list_t> list(rd_kafka_topic_partition_list_new(partitions));
  for (int p = 0; p < partitions; ++p) {
    rd_kafka_topic_partition_list_add(list.get(), a.from_topic.c_str(), p)->offset =
        RD_KAFKA_OFFSET_BEGINNING;
  }
  if (const rd_kafka_resp_err_t err = rd_kafka_assign(consumer.get(), list.get())) {
    throw std::runtime_error(std::string("assign: ") + rd_kafka_err2str(err));
  }
  std::vector<Record> records;
  for (int at_end = 0; at_end < partitions;) {
    Owned<rd_kafka_message_t> m(rd_kafka_consumer_poll(consumer.get(), kReadIdleTimeoutMs));
    if (m == nullptr) throw std::runtime_error("no record from " + a.from_topic + " for 30 s");
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      ++at_end;
      continue;
    }
    if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      throw std::runtime_error("reading " + a.from_topic + ": " + rd_kafka_message_errstr(m.get()));
    }
    Record r;
    r.timestamp_ms = rd_kafka_message_timestamp(m.get(), nullptr);
    if (m->key != nullptr) r.key.assign(static_cast<const char*>(m->key), m->key_len);
    if (m->payload != nullptr) r.value.assign(static_cast<const char*>(m->payload), m->len);
    records.push_back(std::move(r));
  }
  (void)rd_kafka_consumer_close(consumer.get());
  std::stable_sort(records.begin(), records.end(), [](const Record& x, const Record& y) {
    return x.timestamp_ms < y.timestamp_ms;
  });
  return records;
}

// --- producing --------------------------------------------------------------------------------

struct Deliveries {
  int64_t acknowledged = 0;
  rd_kafka_resp_err_t first_error = RD_KAFKA_RESP_ERR_NO_ERROR;
};

void OnDelivery(rd_kafka_t* /*client*/, const rd_kafka_message_t* m, void* opaque) {
  auto* d = static_cast<Deliveries*>(opaque);
  if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    ++d->acknowledged;
  } else if (d->first_error == RD_KAFKA_RESP_ERR_NO_ERROR) {
    d->first_error = m->err;
  }
}

void Produce(rd_kafka_t* producer, const std::string& topic, const Record& r, const Deliveries& d) {
  while (true) {
    const rd_kafka_resp_err_t err =
        rd_kafka_producev(producer, RD_KAFKA_V_TOPIC(topic.c_str()),
                          RD_KAFKA_V_KEY(const_cast<char*>(r.key.data()), r.key.size()),
                          RD_KAFKA_V_VALUE(const_cast<char*>(r.value.data()), r.value.size()),
                          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      throw std::runtime_error("producing to " + topic + ": " + rd_kafka_err2str(err));
    }
    rd_kafka_poll(producer, kQueueFullPollMs);  // wait for acknowledgements to make room
  }
  rd_kafka_poll(producer, 0);  // serve delivery reports
  if (d.first_error != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw std::runtime_error("delivery to " + topic +
                             " failed: " + rd_kafka_err2str(d.first_error));
  }
}

void Replay(const Args& a) {
  const auto read_started = Clock::now();
  int partitions = 0;
  const std::vector<Record> records = ReadAll(a, partitions);
  int64_t key_bytes = 0, value_bytes = 0;
  for (const Record& r : records) {
    key_bytes += static_cast<int64_t>(r.key.size());
    value_bytes += static_cast<int64_t>(r.value.size());
  }
  const auto n = static_cast<int64_t>(records.size());
  std::printf(
      "read %lld records (%.1f MB of values, %.1f MB of keys) from topic '%s' "
      "(%d partitions) in %.2f s (not timed)\n",
      static_cast<long long>(n), static_cast<double>(value_bytes) / 1e6,
      static_cast<double>(key_bytes) / 1e6, a.from_topic.c_str(), partitions,
      SecondsSince(read_started));
  if (a.expect >= 0 && n != a.expect) {
    throw std::runtime_error("expected " + std::to_string(a.expect) + " records in " +
                             a.from_topic + ", found " + std::to_string(n));
  }
  if (n == 0) throw std::runtime_error("topic " + a.from_topic + " holds no record");

  Owned<rd_kafka_conf_t> conf = BaseConf(a);
  // The settings retailpipe's KafkaProducer uses; -X may change them, e.g. to try linger.ms.
  Set(conf.get(), "partitioner", "murmur2_random");
  Set(conf.get(), "enable.idempotence", "true");
  Set(conf.get(), "acks", "all");
  for (const auto& [key, value] : a.settings) Set(conf.get(), key, value);
  Deliveries deliveries;
  rd_kafka_conf_set_opaque(conf.get(), &deliveries);
  rd_kafka_conf_set_dr_msg_cb(conf.get(), OnDelivery);
  Owned<rd_kafka_t> producer = NewClient(RD_KAFKA_PRODUCER, std::move(conf));

  const auto started = Clock::now();
  for (const Record& r : records) Produce(producer.get(), a.topic, r, deliveries);
  const rd_kafka_resp_err_t flushed = rd_kafka_flush(producer.get(), kFlushTimeoutMs);
  const double seconds = SecondsSince(started);
  if (deliveries.first_error != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw std::runtime_error("delivery to " + a.topic +
                             " failed: " + rd_kafka_err2str(deliveries.first_error));
  }
  if (flushed != RD_KAFKA_RESP_ERR_NO_ERROR || deliveries.acknowledged != n) {
    throw std::runtime_error("flush: " + std::to_string(deliveries.acknowledged) + " of " +
                             std::to_string(n) + " records acknowledged after " +
                             std::to_string(kFlushTimeoutMs / 1000) + " s");
  }
  std::printf("produced %lld records to topic '%s' in %.3f s (produce + flush, all acknowledged)\n",
              static_cast<long long>(n), a.topic.c_str(), seconds);
  std::printf("rate %.0f msgs/s %.1f MB/s\n", static_cast<double>(n) / seconds,
              static_cast<double>(value_bytes) / 1e6 / seconds);
}

// --- topic admin --------------------------------------------------------------------------------

// Wait for the CreateTopics (`create`) or DeleteTopics result on `queue` and print each topic;
// throw on an error, except a topic that already exists (create) or is already gone (delete).
void CheckTopicResults(rd_kafka_queue_t* queue, bool create) {
  Owned<rd_kafka_event_t> event(rd_kafka_queue_poll(queue, kAdminTimeoutMs));
  if (event == nullptr) throw std::runtime_error("no admin answer within 30 s");
  if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw std::runtime_error(std::string("admin request: ") +
                             rd_kafka_event_error_string(event.get()));
  }
  size_t count = 0;
  const rd_kafka_topic_result_t** results =
      create ? rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event.get()),
                                                   &count)
             : rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event.get()),
                                                   &count);
  for (size_t i = 0; i < count; ++i) {
    const rd_kafka_resp_err_t err = rd_kafka_topic_result_error(results[i]);
    const bool fine = err == RD_KAFKA_RESP_ERR_NO_ERROR ||
                      (create && err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) ||
                      (!create && err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART);
    if (!fine) {
      const char* why = rd_kafka_topic_result_error_string(results[i]);
      throw std::runtime_error(std::string(create ? "creating" : "deleting") + " topic " +
                               rd_kafka_topic_result_name(results[i]) + ": " +
                               (why != nullptr ? why : rd_kafka_err2str(err)));
    }
    std::printf("%s topic '%s'\n", create ? "created" : "deleted",
                rd_kafka_topic_result_name(results[i]));
  }
}

void Admin(const Args& a) {
  Owned<rd_kafka_t> client = NewClient(RD_KAFKA_PRODUCER, BaseConf(a));
  Owned<rd_kafka_queue_t> queue(rd_kafka_queue_new(client.get()));
  std::array<char, 512> why{};
  if (!a.create_topic.empty()) {
    // -1: the broker's default.replication.factor.
    rd_kafka_NewTopic_t* topic =
        rd_kafka_NewTopic_new(a.create_topic.c_str(), a.partitions, -1, why.data(), why.size());
    if (topic == nullptr) throw std::runtime_error(std::string("new topic: ") + why.data());
    rd_kafka_CreateTopics(client.get(), &topic, 1, nullptr, queue.get());
    rd_kafka_NewTopic_destroy(topic);
    CheckTopicResults(queue.get(), true);
    return;
  }
  std::vector<rd_kafka_DeleteTopic_t*> topics;
  for (const std::string& name : a.delete_topics) {
    topics.push_back(rd_kafka_DeleteTopic_new(name.c_str()));
  }
  rd_kafka_DeleteTopics(client.get(), topics.data(), topics.size(), nullptr, queue.get());
  rd_kafka_DeleteTopic_destroy_array(topics.data(), topics.size());
  CheckTopicResults(queue.get(), false);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args args = ParseArgs(argc, argv);
    if (args.from_topic.empty()) {
      Admin(args);
    } else {
      Replay(args);
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kafka_raw_producer: %s\n", e.what());
    return 1;
  }
}
