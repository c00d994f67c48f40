// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/gen/sales_file_writer.h"

#include <charconv>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "retailpipe/gen/civil_date.h"
#include "retailpipe/gen/rng.h"
#include "retailpipe/gen/temp_file_writer.h"

namespace retailpipe::gen {
namespace {

constexpr int64_t kUnknownCustomerId = 999999;
constexpr int64_t kUnknownSalesPersonId = 999;
constexpr int64_t kMismatchCents = 500;
constexpr int64_t kMaxQuantity = 10;
// Date ranges up to this many days are formatted once per file instead of once per row.
constexpr int64_t kMaxDateTableDays = int64_t{1} << 16;
constexpr std::string_view kBadDate = "2023-13-45";
constexpr std::string_view kBadNumber = "abc";
constexpr std::array<std::string_view, 2> kPaymentModes = {"cash", "UPI"};
constexpr std::array<std::string_view, 3> kSalesPersonLists = {"\"[1, 2, 3]\"", "\"[4, 5, 6]\"",
                                                               "\"[7, 8, 9]\""};

// One row's random draws. Their kinds and order are part of the generator spec.
struct Sale {
  int64_t customer_id;
  size_t store_index;
  size_t product_index;
  int64_t day;
  int64_t sales_person_id;
  int64_t quantity;
  size_t payment_index;
};

// Builds one CSV line in a fixed buffer; every field is far shorter than the buffer.
class LineBuilder {
 public:
  void Text(std::string_view s) {
    std::memcpy(end_, s.data(), s.size());
    end_ += s.size();
    *end_++ = ',';
  }
  void Int(int64_t v) {
    end_ = std::to_chars(end_, end_ + 20, v).ptr;
    *end_++ = ',';
  }
  void Cents(int64_t cents) {
    end_ = FormatCents(cents, end_);
    *end_++ = ',';
  }
  // Replace the last ',' by the line end and return the line.
  std::string_view Finish() {
    end_[-1] = '\n';
    return {buf_, static_cast<size_t>(end_ - buf_)};
  }

 private:
  char buf_[512];
  char* end_ = buf_;
};

std::string_view Header(SalesFileLayout layout) {
  switch (layout) {
    case SalesFileLayout::kPlain:
      return "customer_id,store_id,product_name,sales_date,sales_person_id,price,quantity,"
             "total_cost\n";
    case SalesFileLayout::kExtraColumns:
      return "customer_id,store_id,product_name,sales_date,sales_person_id,price,quantity,"
             "total_cost,payment_mode\n";
    case SalesFileLayout::kMissingStoreId:
      break;
  }
  return "customer_id,product_name,sales_date,sales_person_id,price,quantity,total_cost,"
         "payment_mode\n";
}

std::string CentsText(int64_t cents) {
  char buf[24];
  return std::string(buf, FormatCents(cents, buf));
}

// The dates of [first_day, last_day] as "YYYY-MM-DD" text, 10 characters each.
class DateTexts {
 public:
  DateTexts(int64_t first_day, int64_t last_day) : first_day_(first_day) {
    if (last_day - first_day >= kMaxDateTableDays) return;  // format per row instead
    table_.resize(static_cast<size_t>(last_day - first_day + 1) * 10);
    for (int64_t day = first_day; day <= last_day; ++day) {
      CivilDate::FromDays(day).Format(&table_[static_cast<size_t>(day - first_day) * 10]);
    }
  }
  // Return the text of `day`; it may live in `scratch` (10 characters).
  std::string_view Get(int64_t day, char* scratch) const {
    if (table_.empty()) {
      CivilDate::FromDays(day).Format(scratch);
      return {scratch, 10};
    }
    return {&table_[static_cast<size_t>(day - first_day_) * 10], 10};
  }

 private:
  int64_t first_day_;
  std::string table_;
};

// The text of one row's fields, before any bad-row change.
struct RowText {
  std::string_view product;
  std::string_view date;
  std::string_view price;
  std::string_view total;
};

void WriteLine(const Sale& sale, const RowText& text, int64_t total_cents, SalesFileLayout layout,
               std::optional<BadRowClass> bad, TempFileWriter& out) {
  auto is = [&](BadRowClass c) { return bad == c; };
  LineBuilder line;
  line.Int(is(BadRowClass::kUnknownCustomer) ? kUnknownCustomerId : sale.customer_id);
  if (layout != SalesFileLayout::kMissingStoreId) line.Int(kSalesStoreIds[sale.store_index]);
  if (!is(BadRowClass::kFieldCount)) line.Text(text.product);
  line.Text(is(BadRowClass::kBadDate) ? kBadDate : text.date);
  if (is(BadRowClass::kUnknownSalesPerson)) {
    line.Int(kUnknownSalesPersonId);
  } else if (layout == SalesFileLayout::kMissingStoreId) {
    line.Text(kSalesPersonLists[sale.store_index]);
  } else {
    line.Int(sale.sales_person_id);
  }
  line.Text(is(BadRowClass::kBadNumber) ? kBadNumber : text.price);
  line.Int(sale.quantity);
  if (is(BadRowClass::kTotalMismatch)) {
    line.Cents(total_cents + kMismatchCents);
  } else {
    line.Text(text.total);
  }
  if (layout != SalesFileLayout::kPlain) line.Text(kPaymentModes[sale.payment_index]);
  out.Append(line.Finish());
}

// Draw one row; the kinds and order of the draws are part of the generator spec.
Sale DrawSale(Rng& rng, int64_t customers, size_t product_count, const SalesFileSpec& spec) {
  Sale sale{};
  sale.customer_id = rng.Between(1, customers);
  sale.store_index = static_cast<size_t>(rng.Below(kSalesStoreIds.size()));
  sale.product_index = static_cast<size_t>(rng.Below(product_count));
  sale.day = rng.Between(spec.first_day, spec.last_day);
  const auto persons = SalesPersonsOfStore(kSalesStoreIds[sale.store_index]);
  sale.sales_person_id = persons[rng.Below(persons.size())];
  sale.quantity = rng.Between(1, kMaxQuantity);
  if (spec.layout != SalesFileLayout::kPlain) {
    sale.payment_index = static_cast<size_t>(rng.Below(kPaymentModes.size()));
  }
  return sale;
}

}  // namespace

SalesFileWriter::SalesFileWriter(const SalesGenOptions& options)
    : seed_(options.seed),
      customers_(options.customers),
      products_(CatalogueProducts(options.catalogue)) {
  for (const ProductInfo& product : products_) {
    price_text_.push_back(CentsText(product.price_cents));
    for (int64_t quantity = 1; quantity <= kMaxQuantity; ++quantity) {
      total_text_.push_back(CentsText(product.price_cents * quantity));
    }
  }
}

std::array<int64_t, kBadRowClassCount> SalesFileWriter::Write(const SalesFileSpec& spec,
                                                              TempFileWriter& out) const {
  std::array<int64_t, kBadRowClassCount> bad_per_class{};
  Rng rng = Rng::ForStream(seed_, spec.stream);
  const DateTexts dates(spec.first_day, spec.last_day);
  // Spread the bad rows evenly: a row is bad when the accumulator wraps (Bresenham), which
  // happens exactly spec.bad_rows times in spec.rows rows and cannot overflow.
  int64_t accumulator = spec.rows / 2;
  int64_t bad_index = spec.first_bad_index;
  char date_scratch[10];
  out.Append(Header(spec.layout));
  for (int64_t row = 0; row < spec.rows; ++row) {
    const Sale sale = DrawSale(rng, customers_, products_.size(), spec);
    std::optional<BadRowClass> bad;
    accumulator += spec.bad_rows;
    if (accumulator >= spec.rows) {
      accumulator -= spec.rows;
      const auto bad_class = static_cast<size_t>(bad_index++ % kBadRowClassCount);
      ++bad_per_class[bad_class];
      bad = static_cast<BadRowClass>(bad_class);
    }
    const size_t total_index =
        sale.product_index * kMaxQuantity + static_cast<size_t>(sale.quantity - 1);
    const RowText text{products_[sale.product_index].name, dates.Get(sale.day, date_scratch),
                       price_text_[sale.product_index], total_text_[total_index]};
    WriteLine(sale, text, products_[sale.product_index].price_cents * sale.quantity, spec.layout,
              bad, out);
  }
  return bad_per_class;
}

}  // namespace retailpipe::gen
