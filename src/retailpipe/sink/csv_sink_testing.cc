// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/sink/csv_sink_testing.h"

#include <gtest/gtest.h>

namespace retailpipe::sink::testing {

std::vector<std::string> Columns() {
  return {"sale_id", "product_code", "country_of_sale", "datetime", "selling_price", "currency"};
}

std::string RecordJson(int64_t i) {
  const std::string product = i % 7 == 0 ? "p, \\\"quoted\\\"" : "p" + std::to_string(i % 10 + 1);
  return "{\"sale_id\":\"S" + std::to_string(i) + "\",\"product_code\":\"" + product +
         "\",\"country_of_sale\":\"US\",\"datetime\":\"2025-07-10 02:57:08." +
         std::to_string(100000 + i % 900000) +
         "\",\"selling_price\":" + std::to_string(10 + i % 90) + ".5,\"currency\":\"USD\"}";
}

void ProduceRecords(stream::StreamProducer& producer, const std::string& topic, int64_t first,
                    int64_t count) {
  for (int64_t i = first; i < first + count; ++i) {
    Status st = producer.Produce(topic, "S" + std::to_string(i), RecordJson(i));
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  Status st = producer.Flush(std::chrono::seconds(30));
  ASSERT_TRUE(st.ok()) << st.ToString();
}

std::vector<std::string> SaleIds(std::string_view text) {
  std::vector<std::string> ids;
  const size_t header_end = text.find('\n');
  EXPECT_EQ(text.substr(0, header_end),
            "sale_id,product_code,country_of_sale,datetime,selling_price,currency");
  if (header_end == std::string_view::npos) return ids;
  text.remove_prefix(header_end + 1);
  // Test sale_ids are never quoted; a quoted product may hold commas but no newline.
  while (!text.empty()) {
    const size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    ids.emplace_back(line.substr(0, line.find(',')));
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
  }
  return ids;
}

std::map<std::string, std::string> ReadAll(storage::ObjectStore& store, std::string_view prefix) {
  std::map<std::string, std::string> out;
  auto listed = store.ListAll(prefix);
  EXPECT_TRUE(listed.ok()) << listed.status().ToString();
  if (!listed.ok()) return out;
  for (const storage::ObjectInfo& info : *listed) {
    auto data = store.Get(info.key);
    EXPECT_TRUE(data.ok()) << data.status().ToString();
    if (data.ok()) out[info.key] = std::move(*data);
  }
  return out;
}

Status FaultyStore::PutIfAbsent(std::string_view key, std::string_view data) {
  Status st = inner_.PutIfAbsent(key, data);
  const int every = every_.load();
  if (st.ok() && every > 0 && ++puts_ % every == 0) {
    ++lost_;
    return Status::Unavailable("injected: the answer to creating " + std::string(key) +
                               " was lost");
  }
  return st;
}

std::vector<stream::StreamRecord> ScriptedConsumer::Records(const std::string& topic, int64_t first,
                                                            int64_t last) {
  std::vector<stream::StreamRecord> records;
  for (int64_t i = first; i <= last; ++i) {
    stream::StreamRecord record;
    record.topic = topic;
    record.partition = 0;
    record.offset = i;
    record.key = "S" + std::to_string(i);
    record.value = RecordJson(i);
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace retailpipe::sink::testing
