// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace retailpipe::load {

class CountrySalesLoader;
struct CountryLoadSummary;
struct CountrySale;
class DynamoDbSalesTarget;
struct ParsedSalesFile;
class QuarantineLog;
struct QuarantinedRow;
class SalesTarget;
class WarehouseSalesTarget;
struct WriteStats;

}  // namespace retailpipe::load
