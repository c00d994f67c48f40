// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace retailpipe::db {

class DuckDbWarehouse;
class Transaction;
class Warehouse;

}  // namespace retailpipe::db
