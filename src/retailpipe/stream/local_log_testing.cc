// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/local_log_testing.h"

#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>

namespace retailpipe::stream::testing {

using namespace std::chrono_literals;

std::string TempLog::uri(std::string_view query) const {
  return "log://" + dir_.path() + std::string(query);
}

std::unique_ptr<LocalLogStream> TempLog::Open(std::string_view query) const {
  auto stream = LocalLogStream::Open(uri(query));
  EXPECT_TRUE(stream.ok()) << stream.status().ToString();
  return std::move(stream).value();
}

std::unique_ptr<StreamProducer> TempLog::Producer(std::string_view query) const {
  auto producer = Open(query)->NewProducer();
  EXPECT_TRUE(producer.ok()) << producer.status().ToString();
  return std::move(producer).value();
}

std::unique_ptr<StreamConsumer> TempLog::Consumer(const std::string& group,
                                                  const std::string& topic,
                                                  std::string_view query) const {
  auto consumer = Open(query)->NewConsumer(group);
  EXPECT_TRUE(consumer.ok()) << consumer.status().ToString();
  const Status subscribed = (*consumer)->Subscribe(std::vector<std::string>{topic});
  EXPECT_TRUE(subscribed.ok()) << subscribed.ToString();
  return std::move(consumer).value();
}

std::vector<std::string> TempLog::Segments(std::string_view topic, int32_t partition) const {
  std::vector<std::string> paths;
  const std::filesystem::path folder =
      dir_.path() + "/topics/" + std::string(topic) + "/" + std::to_string(partition);
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() == ".log") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::vector<StreamRecord> ReadUntil(StreamConsumer& consumer, size_t want,
                                    std::chrono::milliseconds limit) {
  std::vector<StreamRecord> records;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (records.size() < want && std::chrono::steady_clock::now() < deadline) {
    auto polled = consumer.Poll(100ms, want - records.size());
    EXPECT_TRUE(polled.ok()) << polled.status().ToString();
    if (!polled.ok()) break;
    records.insert(records.end(), polled->begin(), polled->end());
  }
  return records;
}

void ProduceValues(StreamProducer& producer, const std::string& topic, const std::string& prefix,
                   int count, int keys) {
  for (int i = 0; i < count; ++i) {
    const Status produced =
        producer.Produce(topic, "k" + std::to_string(i % keys), prefix + std::to_string(i));
    ASSERT_TRUE(produced.ok()) << produced.ToString();
  }
  const Status flushed = producer.Flush(10s);
  ASSERT_TRUE(flushed.ok()) << flushed.ToString();
}

}  // namespace retailpipe::stream::testing
