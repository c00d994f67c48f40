// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/gen/sales_dimensions.h"

#include <charconv>
#include <string>
#include <utility>

#include "retailpipe/gen/civil_date.h"
#include "retailpipe/gen/rng.h"

namespace retailpipe::gen {
namespace {

using model::RowSet;
using model::Value;

// Everything below is part of generator spec version kSalesSpecVersion: never edit a list
// or a value without bumping the version.
constexpr uint64_t kCustomerStream = (uint64_t{1} << 32) | 4;

constexpr std::array<std::string_view, 32> kFirstNames = {
    "Aarav",  "Vivaan", "Aditya",  "Arjun",  "Sai",    "Reyansh", "Krishna", "Ishaan",
    "Rohan",  "Kabir",  "Ananya",  "Diya",   "Saanvi", "Aadhya",  "Pari",    "Anika",
    "Kavya",  "Priya",  "Neha",    "Pooja",  "Rahul",  "Amit",    "Sunita",  "Meera",
    "Vikram", "Deepak", "Lakshmi", "Gaurav", "Shreya", "Nisha",   "Harsh",   "Tanvi"};

constexpr std::array<std::string_view, 24> kLastNames = {
    "Sharma", "Verma", "Gupta",  "Singh",  "Kumar",   "Patel",  "Reddy",  "Iyer",
    "Nair",   "Joshi", "Mehta",  "Shah",   "Agarwal", "Bansal", "Chopra", "Malhotra",
    "Kapoor", "Yadav", "Mishra", "Pandey", "Rao",     "Das",    "Bose",   "Saxena"};

constexpr std::array<ProductInfo, 15> kExtendedProducts = {{
    {"quaker oats", 21200},
    {"sugar", 5000},
    {"maida", 2000},
    {"besan", 5200},
    {"refined oil", 11000},
    {"clinic plus", 150},
    {"dantkanti", 10000},
    {"nutrella", 4000},
    {"tata salt", 2000},
    {"red label tea", 20000},
    {"surf excel", 8000},
    {"dove soap", 5000},
    {"dove shampoo", 20000},
    {"amul butter", 4800},
    {"amul cheese", 10000},
}};
constexpr size_t kUpstreamProductCount = 8;

constexpr std::array<std::array<int64_t, 3>, 3> kSalesPersons = {{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}};

struct StoreSnapshot {
  int64_t id;
  std::string_view address, pincode, manager, opening_date, reviews;
};
constexpr std::array<StoreSnapshot, 4> kStores = {{
    {121, "Delhi", "122009", "Manish", "2022-01-15", "Great store, friendly staff"},
    {122, "Delhi", "110011", "Nikita", "2021-06-01", "Good prices, long queues"},
    {123, "Delhi", "201301", "vikash", "2021-09-20", "Clean and well stocked"},
    {124, "Delhi", "400001", "Rakesh", "2023-02-10", "New store, small range"},
}};

struct SalesPersonSnapshot {
  std::string_view first_name, last_name, address, pincode, joining_date;
};
constexpr std::array<SalesPersonSnapshot, 10> kSalesTeam = {{
    {"Rahul", "Verma", "Delhi", "122007", "2020-05-01"},
    {"Priya", "Singh", "Delhi", "122007", "2020-05-01"},
    {"Amit", "Sharma", "Delhi", "122007", "2020-05-01"},
    {"Sneha", "Gupta", "Delhi", "122005", "2020-05-01"},
    {"Neha", "Kumar", "Delhi", "122005", "2020-05-01"},
    {"Vijay", "Yadav", "Delhi", "122005", "2020-05-01"},
    {"Ravi", "Rai", "Delhi", "122004", "2020-05-01"},
    {"Kavita", "Mishra", "Delhi", "122004", "2020-05-01"},
    {"Manoj", "Pandey", "Delhi", "122004", "2020-05-01"},
    {"Rajesh", "Gupta", "Delhi", "122007", "2020-05-01"},
}};
constexpr int64_t kManagerId = 10;

Value Text(std::string_view s) { return std::string(s); }

Value Cents(int64_t cents) {
  char buf[24];
  return std::string(buf, FormatCents(cents, buf));
}

// Return "91" followed by 8 uniform digits.
Value Phone(Rng& rng) {
  // 1xxxxxxxx always has 9 digits; dropping the leading 1 keeps the zero padding.
  const uint64_t digits = 100'000'000 + rng.Below(100'000'000);
  return "91" + std::to_string(digits).substr(1);
}

}  // namespace

std::string_view CatalogueName(Catalogue catalogue) {
  return catalogue == Catalogue::kUpstream ? "upstream" : "extended";
}

Result<Catalogue> ParseCatalogue(std::string_view name) {
  if (name == "upstream") return Catalogue::kUpstream;
  if (name == "extended") return Catalogue::kExtended;
  return Status::InvalidArgument("unknown catalogue '" + std::string(name) +
                                 "' (expected upstream or extended)");
}

std::span<const ProductInfo> CatalogueProducts(Catalogue catalogue) {
  const std::span<const ProductInfo> all(kExtendedProducts);
  return catalogue == Catalogue::kUpstream ? all.first(kUpstreamProductCount) : all;
}

std::span<const int64_t> SalesPersonsOfStore(int64_t store_id) {
  for (size_t i = 0; i < kSalesStoreIds.size(); ++i) {
    if (kSalesStoreIds[i] == store_id) return kSalesPersons[i];
  }
  return {};
}

char* FormatCents(int64_t cents, char* out) {
  // Work on the magnitude as unsigned so INT64_MIN cannot overflow.
  uint64_t magnitude = static_cast<uint64_t>(cents);
  if (cents < 0) {
    *out++ = '-';
    magnitude = 0 - magnitude;
  }
  out = std::to_chars(out, out + 20, magnitude / 100).ptr;
  *out++ = '.';
  *out++ = static_cast<char>('0' + magnitude % 100 / 10);
  *out++ = static_cast<char>('0' + magnitude % 10);
  return out;
}

RowSet CustomerRows(const SalesDimensionOptions& options) {
  RowSet rows;
  rows.columns = {"customer_id",  "first_name",           "last_name", "address", "pincode",
                  "phone_number", "customer_joining_date"};
  Rng rng = Rng::ForStream(options.seed, kCustomerStream);
  const int64_t first_day = CivilDate{2020, 1, 1}.ToDays();
  const int64_t last_day = CivilDate{2023, 8, 20}.ToDays();
  for (int id = 1; id <= options.customers; ++id) {
    // The draw order (first, last, phone, date) is part of the spec.
    Value first = Text(kFirstNames[rng.Below(kFirstNames.size())]);
    Value last = Text(kLastNames[rng.Below(kLastNames.size())]);
    Value phone = Phone(rng);
    Value joined = CivilDate::FromDays(rng.Between(first_day, last_day)).ToString();
    rows.rows.push_back({int64_t{id}, std::move(first), std::move(last), Text("Delhi"),
                         Text("122009"), std::move(phone), std::move(joined)});
  }
  return rows;
}

RowSet StoreRows() {
  RowSet rows;
  rows.columns = {"id",     "address", "store_pincode", "store_manager_name", "store_opening_date",
                  "reviews"};
  for (const StoreSnapshot& s : kStores) {
    rows.rows.push_back({s.id, Text(s.address), Text(s.pincode), Text(s.manager),
                         Text(s.opening_date), Text(s.reviews)});
  }
  return rows;
}

RowSet ProductRows(Catalogue catalogue) {
  RowSet rows;
  rows.columns = {"id",           "name",         "current_price", "old_price",
                  "created_date", "updated_date", "expiry_date"};
  int64_t id = 0;
  for (const ProductInfo& p : CatalogueProducts(catalogue)) {
    rows.rows.push_back({++id, Text(p.name), Cents(p.price_cents), Cents(p.price_cents),
                         Text("2023-01-01 00:00:00"), Text("2023-01-01 00:00:00"),
                         Text("2026-12-31")});
  }
  return rows;
}

RowSet SalesTeamRows() {
  RowSet rows;
  rows.columns = {"id",         "first_name", "last_name", "manager_id",
                  "is_manager", "address",    "pincode",   "joining_date"};
  int64_t id = 0;
  for (const SalesPersonSnapshot& p : kSalesTeam) {
    ++id;
    const bool manager = id == kManagerId;
    rows.rows.push_back({id, Text(p.first_name), Text(p.last_name),
                         manager ? Value{} : Value{kManagerId}, Text(manager ? "Y" : "N"),
                         Text(p.address), Text(p.pincode), Text(p.joining_date)});
  }
  return rows;
}

}  // namespace retailpipe::gen
