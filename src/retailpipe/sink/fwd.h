// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace retailpipe::sink {

class JsonCsvRow;
struct BatchManifest;
struct BatchKeys;
class CsvBatch;
struct CsvBatchSinkOptions;
struct CsvBatchSinkStats;
class CsvBatchSink;

}  // namespace retailpipe::sink
