// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>

#include "retailpipe/base/result.h"
#include "retailpipe/config/options.h"
#include "retailpipe/db/warehouse.h"
#include "retailpipe/storage/object_store.h"

namespace retailpipe::app {

/// Open the object store named by store.uri; the error names the URI and the fix.
Result<std::unique_ptr<storage::ObjectStore>> OpenStore(const config::Config& config);

/// Open the warehouse named by warehouse.uri; the error names the URI (password redacted).
Result<std::unique_ptr<db::Warehouse>> OpenWarehouse(const config::Config& config);

}  // namespace retailpipe::app
