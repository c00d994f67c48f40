// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/gen/sales_file_writer.h"

#include <charconv>
#include <cstring>
#include <optional>
#include <string_view>

#include "retailpipe/gen/civil_date.h"
#include "retailpipe/gen/rng.h"
#include "retailpipe/gen/temp_file_writer.h"

namespace retailpipe::gen {
namespace {

constexpr int64_t kUnknownCustomerId = 999999;
constexpr int64_t kUnknownSalesPersonId = 999;
constexpr int64_t kMismatchCents = 500;
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
  void Date(int64_t day) {
    end_ = CivilDate::FromDays(day).Format(end_);
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

void WriteLine(const Sale& sale, const ProductInfo& product, SalesFileLayout layout,
               std::optional<BadRowClass> bad, TempFileWriter& out) {
  auto is = [&](BadRowClass c) { return bad == c; };
  const int64_t total = product.price_cents * sale.quantity;
  LineBuilder line;
  line.Int(is(BadRowClass::kUnknownCustomer) ? kUnknownCustomerId : sale.customer_id);
  if (layout != SalesFileLayout::kMissingStoreId) line.Int(kSalesStoreIds[sale.store_index]);
  if (!is(BadRowClass::kFieldCount)) line.Text(product.name);
  is(BadRowClass::kBadDate) ? line.Text(kBadDate) : line.Date(sale.day);
  if (is(BadRowClass::kUnknownSalesPerson)) {
    line.Int(kUnknownSalesPersonId);
  } else if (layout == SalesFileLayout::kMissingStoreId) {
    line.Text(kSalesPersonLists[sale.store_index]);
  } else {
    line.Int(sale.sales_person_id);
  }
  is(BadRowClass::kBadNumber) ? line.Text(kBadNumber) : line.Cents(product.price_cents);
  line.Int(sale.quantity);
  line.Cents(is(BadRowClass::kTotalMismatch) ? total + kMismatchCents : total);
  if (layout != SalesFileLayout::kPlain) line.Text(kPaymentModes[sale.payment_index]);
  out.Append(line.Finish());
}

}  // namespace

SalesFileWriter::SalesFileWriter(const SalesGenOptions& options)
    : seed_(options.seed),
      customers_(options.customers),
      products_(CatalogueProducts(options.catalogue)) {}

std::array<int64_t, kBadRowClassCount> SalesFileWriter::Write(const SalesFileSpec& spec,
                                                              TempFileWriter& out) const {
  std::array<int64_t, kBadRowClassCount> bad_per_class{};
  Rng rng = Rng::ForStream(seed_, spec.stream);
  const bool with_payment = spec.layout != SalesFileLayout::kPlain;
  // Spread the bad rows evenly: a row is bad when the accumulator wraps (Bresenham), which
  // happens exactly spec.bad_rows times in spec.rows rows and cannot overflow.
  int64_t accumulator = spec.rows / 2;
  int64_t bad_index = spec.first_bad_index;
  out.Append(Header(spec.layout));
  for (int64_t row = 0; row < spec.rows; ++row) {
    Sale sale{};
    sale.customer_id = rng.Between(1, customers_);
    sale.store_index = static_cast<size_t>(rng.Below(kSalesStoreIds.size()));
    sale.product_index = static_cast<size_t>(rng.Below(products_.size()));
    sale.day = rng.Between(spec.first_day, spec.last_day);
    const auto persons = SalesPersonsOfStore(kSalesStoreIds[sale.store_index]);
    sale.sales_person_id = persons[rng.Below(persons.size())];
    sale.quantity = rng.Between(1, 10);
    if (with_payment) sale.payment_index = static_cast<size_t>(rng.Below(kPaymentModes.size()));
    std::optional<BadRowClass> bad;
    accumulator += spec.bad_rows;
    if (accumulator >= spec.rows) {
      accumulator -= spec.rows;
      const auto bad_class = static_cast<size_t>(bad_index++ % kBadRowClassCount);
      ++bad_per_class[bad_class];
      bad = static_cast<BadRowClass>(bad_class);
    }
    WriteLine(sale, products_[sale.product_index], spec.layout, bad, out);
  }
  return bad_per_class;
}

}  // namespace retailpipe::gen
