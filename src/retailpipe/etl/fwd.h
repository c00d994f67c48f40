// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace retailpipe::etl {

class CsvScanner;
class FileLedger;
class ProgressReporter;
class RunLock;
class SalesBatch;
class SalesEtl;
struct BatchFile;
struct FileOutcome;
struct FileVerdict;
struct LedgerEntry;
struct SalesEtlSummary;
struct SalesFileLayout;
struct SalesSql;

}  // namespace retailpipe::etl
