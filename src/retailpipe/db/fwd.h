// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace retailpipe::db {

class DuckDbWarehouse;
class MySqlStatement;
class MySqlWarehouse;
class PostgresWarehouse;
class Transaction;
class Warehouse;
struct WarehouseUri;

}  // namespace retailpipe::db
