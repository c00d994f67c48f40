// SPDX-License-Identifier: Apache-2.0
// Test driver for the orders crash and multi-process tests (orders_crash_test.cc): runs one
// subscriber until the stream is drained, so a parent can kill it at an RP_KILLPOINT.
//   orders_crash_child <store dir> <log uri> <scratch dir> <batch records> <group>
// Exit status 0 when drained, 1 on an error (printed), 2 for bad arguments.
#include <atomic>
#include <cstdio>
#include <string>
#include <vector>

#include "retailpipe/orders/orders_subscriber.h"
#include "retailpipe/storage/local_object_store.h"
#include "retailpipe/stream/stream.h"

namespace retailpipe::orders {
namespace {

Status RunChild(const std::vector<std::string>& args) {
  RP_ASSIGN_OR_RETURN(auto store, storage::LocalObjectStore::Open(args[0]));
  RP_ASSIGN_OR_RETURN(auto stream, stream::OpenStream(args[1]));
  OrdersSubscriberOptions o;
  o.scratch_dir = args[2];
  o.max_batch_records = std::stoul(args[3]);
  o.group_id = args[4];
  o.poll_timeout = std::chrono::milliseconds{200};
  o.once = true;
  o.once_idle_timeout = std::chrono::milliseconds{2000};
  RP_ASSIGN_OR_RETURN(auto subscriber, OrdersSubscriber::Make(*store, *stream, o));
  std::atomic<bool> stop{false};
  RP_ASSIGN_OR_RETURN(SubscribeSummary s, subscriber->Run(stop));
  std::printf("records=%lld orders=%lld replayed=%lld conflicts=%lld\n",
              static_cast<long long>(s.records), static_cast<long long>(s.orders),
              static_cast<long long>(s.replayed), static_cast<long long>(s.conflicts));
  return Status::OK();
}

}  // namespace
}  // namespace retailpipe::orders

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() != 5) {
    std::fprintf(stderr, "usage: orders_crash_child <store> <log uri> <scratch> <batch> <group>\n");
    return 2;
  }
  retailpipe::Status st = retailpipe::orders::RunChild(args);
  if (!st.ok()) {
    std::fprintf(stderr, "orders_crash_child: %s\n", st.ToString().c_str());
    return 1;
  }
  return 0;
}
