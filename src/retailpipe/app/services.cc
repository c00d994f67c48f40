// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/app/services.h"

#include "retailpipe/config/redact.h"

namespace retailpipe::app {

Result<std::unique_ptr<storage::ObjectStore>> OpenStore(const config::Config& config) {
  auto store = storage::OpenObjectStore(config.store.uri);
  if (!store.has_value()) {
    return store.error().WithContext("cannot open the object store " +
                                     config::RedactUri(config.store.uri) + " (setting store.uri)");
  }
  return store;
}

Result<std::unique_ptr<db::Warehouse>> OpenWarehouse(const config::Config& config) {
  auto wh = db::OpenWarehouse(config.warehouse.uri, config.engine);
  if (!wh.has_value()) {
    return wh.error().WithContext("cannot open the warehouse " +
                                  config::RedactUri(config.warehouse.uri) +
                                  " (setting warehouse.uri)");
  }
  return wh;
}

}  // namespace retailpipe::app
