// SPDX-License-Identifier: Apache-2.0
// Test driver for the delta-rs check of the orders subscriber's tables (test_orders_tables.py):
//   orders_interop write <dir>
// writes a packages table with little stock under <dir>/tables, publishes generated orders plus
// bad records and a republished order to a one-partition local log, records every published
// value in <dir>/published.jsonl ({"offset", "value"} per line, value as a JSON string when it
// is text, else null), and runs the subscriber until the stream is drained. The Python side
// reads the tables with delta-rs and checks them against its own model of the published values.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "retailpipe/base/json_writer.h"
#include "retailpipe/delta/delta_table.h"
#include "retailpipe/engine/connection.h"
#include "retailpipe/engine/database.h"
#include "retailpipe/gen/order_generator.h"
#include "retailpipe/orders/orders_subscriber.h"
#include "retailpipe/storage/local_object_store.h"
#include "retailpipe/stream/stream.h"
#include "retailpipe/stream/stream_producer.h"

namespace retailpipe {
namespace {

constexpr const char* kTopic = "orders";

Status WritePackages(storage::ObjectStore& store, const std::vector<gen::Package>& packages) {
  config::EngineOptions options;
  options.threads = 2;
  RP_ASSIGN_OR_RETURN(auto db, engine::Database::Open(":memory:", options));
  RP_ASSIGN_OR_RETURN(auto conn, engine::Connection::Open(*db));
  RP_ASSIGN_OR_RETURN(auto schema, delta::SchemaFromDuckDb({{"package_id", "VARCHAR"},
                                                            {"subpackage_id", "INTEGER"},
                                                            {"stock_quantity", "INTEGER"}}));
  RP_ASSIGN_OR_RETURN(auto table,
                      delta::DeltaTable::Create(store, "orders/gold/packages", schema, {}));
  std::string values;
  for (const gen::Package& p : packages) {
    values += (values.empty() ? "" : ", ") + std::string("('") + p.package_id + "', " +
              std::to_string(p.subpackage_id) + ", " + std::to_string(p.stock_quantity) + ")";
  }
  return table
      ->Append(*conn,
               "SELECT * FROM (VALUES " + values +
                   ") AS t(package_id, subpackage_id, "
                   "stock_quantity)",
               {})
      .status();
}

Status WriteAll(const std::string& dir) {
  RP_ASSIGN_OR_RETURN(auto store, storage::LocalObjectStore::Open(dir + "/tables"));
  gen::ReferenceOptions ref_options;
  ref_options.seed = 3;
  ref_options.clients = 50;
  ref_options.package_ids = 6;
  ref_options.products = 40;
  ref_options.initial_stock = 50;  // runs out: refusals
  auto tables =
      std::make_shared<const gen::ReferenceTables>(gen::GenerateReferenceTables(ref_options));
  RP_RETURN_IF_ERROR(WritePackages(*store, tables->packages));
  RP_ASSIGN_OR_RETURN(auto generator, gen::OrderGenerator::Make(tables, {}));
  std::vector<std::string> values;
  for (int i = 0; i < 120; ++i) {
    if (i == 17) values.push_back("{\"not\": \"an order\"}");
    if (i == 40) values.push_back(std::string("\xff\x00 binary", 9));
    if (i == 60) values.push_back(values[3]);  // an order published twice
    values.push_back(gen::OrderJson(
        generator->Next(std::chrono::sys_seconds{std::chrono::seconds{1'714'557'600 + i}})));
  }
  RP_ASSIGN_OR_RETURN(auto stream,
                      stream::OpenStream("log://" + dir + "/log?partitions=1&fsync=never"));
  RP_ASSIGN_OR_RETURN(auto producer, stream->NewProducer());
  std::ofstream published(dir + "/published.jsonl");
  for (size_t offset = 0; offset < values.size(); ++offset) {
    RP_RETURN_IF_ERROR(producer->Produce(kTopic, "k" + std::to_string(offset), values[offset]));
    JsonWriter line;
    line.BeginObject().Key("offset").Int(static_cast<int64_t>(offset)).Key("value");
    if (IsValidUtf8(values[offset]) && values[offset].find('\0') == std::string::npos) {
      line.String(values[offset]);
    } else {
      line.Null();
    }
    line.EndObject();
    published << line.str() << "\n";
  }
  RP_RETURN_IF_ERROR(producer->Flush(std::chrono::seconds{30}));
  orders::OrdersSubscriberOptions o;
  o.group_id = "g";
  o.max_batch_records = 25;
  o.once = true;
  o.poll_timeout = std::chrono::milliseconds{200};
  o.scratch_dir = dir;
  o.checkpoint_interval = 3;  // delta-rs then starts from one of our checkpoints
  RP_ASSIGN_OR_RETURN(auto subscriber, orders::OrdersSubscriber::Make(*store, *stream, o));
  std::atomic<bool> stop{false};
  return subscriber->Run(stop).status();
}

}  // namespace
}  // namespace retailpipe

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() != 2 || args[0] != "write") {
    std::fprintf(stderr, "usage: orders_interop write <dir>\n");
    return 2;
  }
  retailpipe::Status st = retailpipe::WriteAll(args[1]);
  if (!st.ok()) {
    std::fprintf(stderr, "orders_interop: %s\n", st.ToString().c_str());
    return 1;
  }
  return 0;
}
