// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/load/country_sales_csv.h"

#include <algorithm>
#include <optional>
#include <unordered_map>

#include "retailpipe/etl/sales_file_check.h"

namespace retailpipe::load {
namespace {

constexpr size_t kMaxRawLineBytes = 4096;
constexpr size_t kMaxSaleIdBytes = 128;
constexpr size_t kMaxProductBytes = 32;
constexpr size_t kMaxPriceIntegerDigits = 10;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

// One CSV record as it stands in the file.
struct Record {
  int64_t line = 0;       // physical line where it starts
  std::string_view text;  // without its line end
  bool unterminated = false;
};

// Cut `text` into records at line ends outside quotes. As in Python's csv module, a quote
// opens a quoted field only at the start of a field, so a stray quote inside a bare field
// spoils its own row only.
std::vector<Record> Records(std::string_view text) {
  std::vector<Record> records;
  size_t pos = 0;
  int64_t line = 1;
  while (pos < text.size()) {
    Record record;
    record.line = line;
    const size_t start = pos;
    bool in_quotes = false;
    bool field_start = true;
    for (; pos < text.size(); ++pos) {
      const char c = text[pos];
      if (in_quotes) {
        if (c == '"' && pos + 1 < text.size() && text[pos + 1] == '"') {
          ++pos;
        } else if (c == '"') {
          in_quotes = false;
        }
      } else if (c == '"' && field_start) {
        in_quotes = true;
      }
      field_start = !in_quotes && c == ',';
      if (c != '\n') continue;
      ++line;
      if (!in_quotes) break;
    }
    record.text = text.substr(start, pos - start);
    if (!record.text.empty() && record.text.back() == '\r') record.text.remove_suffix(1);
    record.unterminated = in_quotes;
    ++pos;  // past the '\n'
    if (!record.text.empty()) records.push_back(record);
  }
  return records;
}

// Split a record into fields; nullopt if a quote is out of place.
std::optional<std::vector<std::string>> SplitStrict(std::string_view text) {
  std::vector<std::string> fields;
  size_t i = 0;
  while (true) {
    std::string field;
    if (i < text.size() && text[i] == '"') {
      for (++i;; ++i) {
        if (i >= text.size()) return std::nullopt;
        if (text[i] != '"') {
          field += text[i];
        } else if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          ++i;
          break;
        }
      }
      if (i < text.size() && text[i] != ',') return std::nullopt;
    } else {
      size_t end = std::min(text.find(',', i), text.size());
      field.assign(text.substr(i, end - i));
      if (field.find('"') != std::string::npos) return std::nullopt;
      i = end;
    }
    fields.push_back(std::move(field));
    if (i >= text.size()) return fields;
    ++i;  // past the ','
  }
}

bool Digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int Number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

bool IsDateTime(std::string_view s) {
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':') {
    return false;
  }
  for (size_t at : {0, 5, 8, 11, 14, 17}) {
    if (!Digits(s.substr(at, at == 0 ? 4 : 2))) return false;
  }
  if (s.size() > 19 && (s[19] != '.' || s.size() > 26 || !Digits(s.substr(20)))) return false;
  const int year = Number(s.substr(0, 4)), month = Number(s.substr(5, 2));
  const int day = Number(s.substr(8, 2));
  if (month < 1 || month > 12 || day < 1) return false;
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > kDays[month - 1] + (month == 2 && leap ? 1 : 0)) return false;
  return Number(s.substr(11, 2)) < 24 && Number(s.substr(14, 2)) < 60 &&
         Number(s.substr(17, 2)) < 60;
}

bool IsPrice(std::string_view s) {
  const size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  if (!Digits(whole) || whole.size() > kMaxPriceIntegerDigits) return false;
  if (dot == std::string_view::npos) return true;
  std::string_view cents = s.substr(dot + 1);
  return Digits(cents) && cents.size() <= 2;
}

bool IsCurrency(std::string_view s) {
  return s.size() == 3 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::string RawLine(std::string_view text) {
  std::string raw = etl::SanitizeUtf8(text.substr(0, kMaxRawLineBytes));
  if (text.size() > kMaxRawLineBytes) raw += "...[truncated]";
  return raw;
}

// Return the reason code and text for a bad field, or an empty code if the row is good.
std::pair<std::string, std::string> CheckSale(const CountrySale& sale, std::string_view country) {
  auto quoted = [](std::string_view s) { return "'" + etl::SanitizeUtf8(s) + "'"; };
  if (sale.sale_id.empty() || sale.sale_id.size() > kMaxSaleIdBytes ||
      sale.sale_id.front() == ' ' || sale.sale_id.back() == ' ') {
    return {"BAD_SALE_ID", "sale_id " + quoted(sale.sale_id) +
                               " must be 1 to 128 bytes without leading or trailing spaces"};
  }
  if (sale.product_code.empty() || sale.product_code.size() > kMaxProductBytes) {
    return {"BAD_PRODUCT", "product_code " + quoted(sale.product_code) + " must be 1 to 32 bytes"};
  }
  if (sale.country_of_sale != country) {
    return {"WRONG_COUNTRY", "country_of_sale " + quoted(sale.country_of_sale) +
                                 " in the folder of " + std::string(country)};
  }
  if (!IsDateTime(sale.datetime)) {
    return {"BAD_DATETIME", "datetime " + quoted(sale.datetime) +
                                " is not a real YYYY-MM-DD HH:MM:SS[.ffffff] time"};
  }
  if (!IsPrice(sale.selling_price)) {
    return {"BAD_PRICE", "selling_price " + quoted(sale.selling_price) +
                             " is not a non-negative decimal with at most 2 decimals"};
  }
  if (!IsCurrency(sale.currency)) {
    return {"BAD_CURRENCY", "currency " + quoted(sale.currency) + " is not a code like USD"};
  }
  return {};
}

bool SameValues(const CountrySale& a, const CountrySale& b) {
  return a.product_code == b.product_code && a.country_of_sale == b.country_of_sale &&
         a.datetime == b.datetime && a.selling_price == b.selling_price && a.currency == b.currency;
}

// Return the index of each column of kCountrySaleColumns in `header`, or a reason it is bad.
std::optional<std::vector<size_t>> HeaderLayout(const std::vector<std::string>& header,
                                                std::string& why) {
  std::vector<size_t> layout;
  for (std::string_view column : kCountrySaleColumns) {
    auto first = std::find(header.begin(), header.end(), column);
    if (first == header.end()) {
      why = "the header has no column '" + std::string(column) + "'";
      return std::nullopt;
    }
    if (std::find(first + 1, header.end(), column) != header.end()) {
      why = "the header names '" + std::string(column) + "' twice";
      return std::nullopt;
    }
    layout.push_back(static_cast<size_t>(first - header.begin()));
  }
  if (header.size() != kCountrySaleColumns.size()) {
    why = "the header has " + std::to_string(header.size()) + " columns; expected exactly " +
          "sale_id, product_code, country_of_sale, datetime, selling_price, currency";
    return std::nullopt;
  }
  return layout;
}

bool NamesAColumn(const std::vector<std::string>& fields) {
  return std::any_of(fields.begin(), fields.end(), [](const std::string& field) {
    return std::find(kCountrySaleColumns.begin(), kCountrySaleColumns.end(), field) !=
           kCountrySaleColumns.end();
  });
}

class Parser {
 public:
  explicit Parser(std::string_view country) : country_(country) {}

  ParsedSalesFile Parse(std::string_view text) {
    if (text.starts_with(kBom)) text.remove_prefix(kBom.size());
    std::vector<Record> records = Records(text);
    if (records.empty()) return FileReject("EMPTY_FILE", "the file holds no record");
    size_t first = 0;
    auto header = SplitStrict(records[0].text);
    if (header && NamesAColumn(*header)) {
      std::string why;
      auto layout = HeaderLayout(*header, why);
      if (!layout)
        return FileReject("BAD_HEADER", why + " (header: " + RawLine(records[0].text) + ")");
      layout_ = std::move(*layout);
      out_.has_header = true;
      first = 1;
    }
    for (size_t i = first; i < records.size(); ++i) Row(records[i]);
    return std::move(out_);
  }

 private:
  ParsedSalesFile FileReject(std::string code, std::string reason) {
    out_.file_reason_code = std::move(code);
    out_.file_reason = std::move(reason);
    return std::move(out_);
  }

  void Reject(const Record& record, std::string code, std::string reason) {
    out_.rejects.push_back({record.line, std::move(code), std::move(reason), RawLine(record.text)});
  }

  void Row(const Record& record) {
    if (record.unterminated) return Reject(record, "BAD_QUOTING", "a quoted field never ends");
    if (!etl::IsCleanUtf8(record.text)) {
      return Reject(record, "INVALID_ENCODING",
                    "the row is not UTF-8 text or holds a control character");
    }
    auto fields = SplitStrict(record.text);
    if (!fields) {
      return Reject(record, "BAD_QUOTING", "a quote is out of place (quote whole fields only)");
    }
    if (fields->size() != kCountrySaleColumns.size()) {
      return Reject(record, "FIELD_COUNT", std::to_string(fields->size()) + " fields; expected 6");
    }
    std::vector<std::string>& f = *fields;
    CountrySale sale{std::move(f[layout_[0]]),
                     std::move(f[layout_[1]]),
                     std::move(f[layout_[2]]),
                     std::move(f[layout_[3]]),
                     std::move(f[layout_[4]]),
                     std::move(f[layout_[5]]),
                     record.line};
    auto [code, reason] = CheckSale(sale, country_);
    if (!code.empty()) return Reject(record, std::move(code), std::move(reason));
    auto [it, inserted] = first_row_.emplace(sale.sale_id, out_.rows.size());
    if (!inserted) {
      const CountrySale& earlier = out_.rows[it->second];
      if (SameValues(earlier, sale)) {
        ++out_.duplicate_rows;
        return;
      }
      return Reject(record, "DUPLICATE_SALE_ID",
                    "sale_id '" + sale.sale_id + "' is also on line " +
                        std::to_string(earlier.line_number) + " with other values");
    }
    out_.rows.push_back(std::move(sale));
  }

  std::string_view country_;
  std::vector<size_t> layout_ = {0, 1, 2, 3, 4, 5};
  std::unordered_map<std::string, size_t> first_row_;
  ParsedSalesFile out_;
};

}  // namespace

ParsedSalesFile ParseCountrySalesCsv(std::string_view text, std::string_view country) {
  return Parser(country).Parse(text);
}

}  // namespace retailpipe::load
