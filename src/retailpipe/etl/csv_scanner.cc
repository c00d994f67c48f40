// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/etl/csv_scanner.h"

#include <cerrno>
#include <cstdio>
#include <memory>

namespace retailpipe::etl {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kTruncated = "...[truncated]";

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

Result<File> OpenForRead(const std::string& path) {
  File f(std::fopen(path.c_str(), "rb"));
  if (!f) {
    int err = errno;
    if (err == ENOENT) return Status::NotFound("no such file: " + path);
    return ErrnoStatus("cannot open " + path, err);
  }
  return f;
}

// Walks a file byte by byte and calls `on_record(reader_line, physical_line, text)` for each
// record, blank ones included (text empty). Stops early when on_record returns false.
template <typename OnRecord>
Status ForEachRecord(std::FILE* f, size_t max_text, OnRecord&& on_record) {
  std::vector<char> buf(1 << 20);
  std::string text;
  bool in_quotes = false, truncated = false, first_bytes = true;
  int64_t line = 1, record_start_line = 1, reader_line = 0;
  auto finish = [&]() -> bool {
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (truncated) text += kTruncated;
    bool go_on = on_record(++reader_line, record_start_line, text);
    text.clear();
    truncated = false;
    return go_on;
  };
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) {
    std::string_view chunk(buf.data(), n);
    if (first_bytes) {
      if (chunk.substr(0, kBom.size()) == kBom) chunk.remove_prefix(kBom.size());
      first_bytes = false;
    }
    for (char c : chunk) {
      if (c == '"') in_quotes = !in_quotes;  // "" inside quotes toggles twice: still inside
      if (c == '\n') {
        ++line;
        if (!in_quotes) {
          if (!finish()) return Status::OK();
          record_start_line = line;
          continue;
        }
      }
      if (text.size() < max_text) {
        text.push_back(c);
      } else {
        truncated = true;
      }
    }
  }
  if (std::ferror(f)) return Status::IoError("read error");
  if (!text.empty() || truncated) finish();
  return Status::OK();
}

}  // namespace

std::vector<std::string> CsvScanner::SplitFields(std::string_view record) {
  std::vector<std::string> fields(1);
  bool in_quotes = false;
  for (size_t i = 0; i < record.size(); ++i) {
    char c = record[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < record.size() && record[i + 1] == '"') {
        fields.back().push_back('"');
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        fields.back().push_back(c);
      }
    } else if (c == '"') {
      in_quotes = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back().push_back(c);
    }
  }
  return fields;
}

Result<std::vector<std::string>> CsvScanner::ReadHeader(const std::string& path) {
  RP_ASSIGN_OR_RETURN(File f, OpenForRead(path));
  std::string header;
  bool found = false;
  RP_RETURN_IF_ERROR(
      ForEachRecord(f.get(), kMaxHeaderBytes, [&](int64_t, int64_t, const std::string& text) {
        if (text.empty()) return true;
        header = text;
        found = true;
        return false;
      }).WithContext("while reading " + path));
  if (!found) return Status::DataError("the file has no header row");
  if (header.size() >= kMaxHeaderBytes) {
    return Status::DataError("the header is longer than 1 MiB (no line break found)");
  }
  size_t quotes = 0;
  for (char c : header) quotes += (c == '"');
  if (quotes % 2 != 0) return Status::DataError("the header has an unterminated quote");
  return SplitFields(header);
}

Result<LocatedRecords> CsvScanner::Locate(const std::string& path, const RecordLookup& lookup,
                                          size_t max_text) {
  RP_ASSIGN_OR_RETURN(File f, OpenForRead(path));
  LocatedRecords out;
  const auto& rejected = lookup.reader_lines;
  size_t next_rejected = 0, next_ordinal = 0;
  int64_t ordinal = 0;
  bool header_seen = false;
  auto done = [&] {
    return next_rejected >= rejected.size() && next_ordinal >= lookup.ordinals.size();
  };
  if (done()) return out;
  RP_RETURN_IF_ERROR(
      ForEachRecord(
          f.get(), max_text,
          [&](int64_t reader_line, int64_t line, const std::string& text) {
            if (text.empty()) return true;  // blank: no row, no reject
            if (!header_seen) {
              header_seen = true;
              return true;
            }
            while (next_rejected < rejected.size() && rejected[next_rejected] < reader_line) {
              ++next_rejected;
            }
            if (next_rejected < rejected.size() && rejected[next_rejected] == reader_line) {
              out.by_reader_line[reader_line] = RawRecord{reader_line, line, text};
              ++next_rejected;
              return !done();
            }
            ++ordinal;
            if (next_ordinal < lookup.ordinals.size() && lookup.ordinals[next_ordinal] == ordinal) {
              out.by_ordinal[ordinal] = RawRecord{reader_line, line, text};
              ++next_ordinal;
            }
            return !done();
          })
          .WithContext("while reading " + path));
  return out;
}

}  // namespace retailpipe::etl
