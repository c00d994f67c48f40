// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace retailpipe::config {

struct Config;
struct EngineOptions;
struct KeySpec;
struct LoadRequest;
struct LoadedConfig;
struct SalesOptions;
struct StoreOptions;
class ValueDecryptor;
struct WarehouseOptions;

}  // namespace retailpipe::config
