// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"

namespace retailpipe::etl {

/// How a sales file's columns map onto the ETL's: built from its header.
struct SalesFileLayout {
  std::vector<std::string> header;  ///< Column names as in the file, in order.
  std::vector<int> mandatory;       ///< For each mandatory column, its index in `header`.
  std::vector<int> extra;           ///< Indexes of the other columns, in header order.
  /// Equal for files whose headers are equal; files with one layout are read together.
  std::string signature() const;
};

/// The verdict on one file before any row is read.
struct FileVerdict {
  std::string reason_code;  ///< Empty when the file may be processed.
  std::string reason;       ///< For people: what is wrong and how to fix it.
  SalesFileLayout layout;   ///< Valid when reason_code is empty.
  bool ok() const { return reason_code.empty(); }
};

/// Check a downloaded sales file: a .csv name (the seeds' rule), not empty, a readable UTF-8
/// header with unique, non-empty names, and every mandatory column present (any order; extra
/// columns are allowed and later concatenated into additional_column).
/// `file_name` is the object key relative to the inbox; `local_path` the downloaded copy.
/// Errors: kIoError only when the local file cannot be read; a bad file is a verdict, not an
/// error.
Result<FileVerdict> CheckSalesFile(std::string_view file_name, const std::string& local_path,
                                   const std::vector<std::string>& mandatory_columns);

/// Return true if `s` is valid UTF-8 without NUL or other C0 control characters except TAB.
bool IsCleanUtf8(std::string_view s);

/// Return `s` with every byte that is not valid UTF-8, and every NUL, written as \xNN, so any
/// input line can be stored in a text column.
std::string SanitizeUtf8(std::string_view s);

}  // namespace retailpipe::etl
