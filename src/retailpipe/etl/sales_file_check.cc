// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/etl/sales_file_check.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "retailpipe/etl/csv_scanner.h"

namespace retailpipe::etl {
namespace {

bool EndsWithCsv(std::string_view name) {
  if (name.size() < 4) return false;
  std::string tail(name.substr(name.size() - 4));
  std::transform(tail.begin(), tail.end(), tail.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return tail == ".csv";
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

FileVerdict Reject(std::string code, std::string reason) {
  FileVerdict v;
  v.reason_code = std::move(code);
  v.reason = std::move(reason);
  return v;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

}  // namespace

std::string SalesFileLayout::signature() const {
  std::string sig;
  for (const auto& h : header) {
    sig += h;
    sig.push_back('\x1f');
  }
  return sig;
}

namespace {

// Return the length of the well-formed UTF-8 sequence at s[i] (Unicode table 3-7: no
// overlong forms, no surrogates, nothing above U+10FFFF), or 0 if there is none.
size_t Utf8SequenceAt(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = byte(0);
  if (c < 0x80) return 1;
  size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size() || byte(1) < lo || byte(1) > hi) return 0;
  for (size_t k = 2; k < len; ++k) {
    if ((byte(k) & 0xC0) != 0x80) return 0;
  }
  return len;
}

}  // namespace

bool IsCleanUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
    size_t len = Utf8SequenceAt(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string SanitizeUtf8(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len = s[i] == '\0' ? 0 : Utf8SequenceAt(s, i);
    if (len > 0) {
      out.append(s.substr(i, len));
      i += len;
      continue;
    }
    auto c = static_cast<unsigned char>(s[i]);
    out += "\\x";
    out += kHex[c >> 4];
    out += kHex[c & 0xf];
    ++i;
  }
  return out;
}

Result<FileVerdict> CheckSalesFile(std::string_view file_name, const std::string& local_path,
                                   const std::vector<std::string>& mandatory_columns) {
  if (!EndsWithCsv(file_name)) {
    return Reject("NOT_CSV", "only .csv files are processed; rename the file if it is CSV");
  }
  std::error_code ec;
  auto size = std::filesystem::file_size(local_path, ec);
  if (ec) return Status::IoError("cannot stat " + local_path + ": " + ec.message());
  if (size == 0) return Reject("EMPTY_FILE", "the file is empty (0 bytes)");

  auto header = CsvScanner::ReadHeader(local_path);
  if (!header.has_value()) {
    if (header.error().code() != StatusCode::kDataError) return header.error();
    return Reject("BAD_HEADER", header.error().message());
  }
  FileVerdict verdict;
  std::set<std::string> seen;
  for (const auto& raw : *header) {
    std::string name = Trim(raw);
    if (!IsCleanUtf8(name)) {
      return Reject("BAD_HEADER",
                    "the header is not clean UTF-8 text (binary data or a control character)");
    }
    if (name.empty()) return Reject("BAD_HEADER", "the header has an empty column name");
    if (!seen.insert(name).second) {
      return Reject("DUPLICATE_COLUMN", "column '" + name + "' appears twice in the header");
    }
    verdict.layout.header.push_back(std::move(name));
  }
  const auto& cols = verdict.layout.header;
  std::vector<std::string> missing;
  for (const auto& m : mandatory_columns) {
    auto it = std::find(cols.begin(), cols.end(), m);
    if (it == cols.end()) {
      missing.push_back(m);
    } else {
      verdict.layout.mandatory.push_back(static_cast<int>(it - cols.begin()));
    }
  }
  if (!missing.empty()) {
    return Reject("MISSING_COLUMNS", "mandatory column(s) missing: " + JoinNames(missing) +
                                         " (the header has: " + JoinNames(cols) + ")");
  }
  for (size_t i = 0; i < cols.size(); ++i) {
    if (std::find(mandatory_columns.begin(), mandatory_columns.end(), cols[i]) ==
        mandatory_columns.end()) {
      verdict.layout.extra.push_back(static_cast<int>(i));
    }
  }
  return verdict;
}

}  // namespace retailpipe::etl
