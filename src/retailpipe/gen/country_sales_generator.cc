// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/gen/country_sales_generator.h"

#include <array>
#include <charconv>
#include <cmath>

#include "retailpipe/gen/civil_date.h"
#include "retailpipe/gen/json_text.h"
#include "retailpipe/gen/rng.h"

namespace retailpipe::gen {
namespace {

using std::chrono::microseconds;

// Part of generator spec version kCountrySalesSpecVersion.
constexpr std::array<CountrySalesProduct, 10> kProducts = {{
    {"p1", 0.2, 1000, 1100},
    {"p2", 0.15, 2000, 2200},
    {"p3", 0.1, 3000, 3050},
    {"p4", 0.25, 4000, 4100},
    {"p5", 0.05, 5000, 5010},
    {"p6", 0.1, 6000, 6005},
    {"p7", 0.05, 7000, 7500},
    {"p8", 0.03, 8000, 8200},
    {"p9", 0.02, 9010, 9020},
    {"p10", 0.01, 10000, 10050},
}};
constexpr std::array<std::string_view, 5> kCountries = {"US", "UK", "DE", "FR", "IT"};
constexpr std::array<std::string_view, 5> kCurrencies = {"USD", "GBP", "EUR", "EUR", "EUR"};
constexpr std::array<std::string_view, 6> kColumns = {
    "sale_id", "product_code", "country_of_sale", "datetime", "selling_price", "currency"};

constexpr uint64_t kRowsKind = 1;
constexpr uint64_t kDelayKind = 2;
constexpr uint64_t kRunIdSalt = 0x434f554e54525953ULL;  // "COUNTRYS"
constexpr int64_t kMaxBatch = int64_t{1} << 28;
constexpr int kMaxSaleFrequency = 1000;
constexpr microseconds kRowSpacing{100};

// Append `value` in decimal, zero-padded to at least `width` digits.
void AppendPadded(std::string& out, int64_t value, int width) {
  std::array<char, 24> buf;
  const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  const auto digits = static_cast<int>(res.ptr - buf.data());
  if (digits < width) out.append(static_cast<size_t>(width - digits), '0');
  out.append(buf.data(), res.ptr);
}

// Return "YYYY-MM-DD HH:MM:SS.ffffff" of `t` (UTC).
std::string FormatMicros(std::chrono::sys_time<microseconds> t) {
  const auto days = std::chrono::floor<std::chrono::days>(t);
  const int64_t us = (t - days).count();
  std::array<char, 16> date{};
  char* end = CivilDate::FromDays(days.time_since_epoch().count()).Format(date.data());
  std::string out(date.data(), end);
  out += ' ';
  const int64_t secs = us / 1'000'000;
  AppendPadded(out, secs / 3600, 2);
  out += ':';
  AppendPadded(out, secs / 60 % 60, 2);
  out += ':';
  AppendPadded(out, secs % 60, 2);
  out += '.';
  AppendPadded(out, us % 1'000'000, 6);
  return out;
}

}  // namespace

std::span<const CountrySalesProduct> CountrySalesProducts() { return kProducts; }

std::string_view CountryCurrency(std::string_view country) {
  for (size_t i = 0; i < kCountries.size(); ++i) {
    if (kCountries[i] == country) return kCurrencies[i];
  }
  return {};
}

std::span<const std::string_view> KnownCountries() { return kCountries; }

std::span<const std::string_view> CountrySaleColumns() { return kColumns; }

int64_t CountrySalesRows(int product, int sale_frequency, int k) {
  // Python evaluates freq * 100 * overall * randint(1, 5) left to right in doubles; int()
  // truncates.
  const double n = kProducts[static_cast<size_t>(product)].frequency * 100.0 *
                   static_cast<double>(sale_frequency) * static_cast<double>(k);
  return static_cast<int64_t>(n);
}

Status CountrySalesGenOptions::Validate() const {
  if (sale_frequency < 1 || sale_frequency > kMaxSaleFrequency) {
    return Status::InvalidArgument("sale_frequency " + std::to_string(sale_frequency) +
                                   " is out of range 1..1000");
  }
  if (min_delay.count() < 0 || max_delay < min_delay) {
    return Status::InvalidArgument("the delay between batches must be 0 <= min <= max, got " +
                                   std::to_string(min_delay.count()) + "ms-" +
                                   std::to_string(max_delay.count()) + "ms");
  }
  return Status::OK();
}

Result<std::unique_ptr<CountrySalesGenerator>> CountrySalesGenerator::Make(
    std::string_view country, const CountrySalesGenOptions& options) {
  RP_RETURN_IF_ERROR(options.Validate());
  if (CountryCurrency(country).empty()) {
    std::string known;
    for (std::string_view c : kCountries) known += (known.empty() ? "" : ", ") + std::string(c);
    return Status::InvalidArgument("country '" + std::string(country) +
                                   "' has no currency in the seed's table; use one of " + known);
  }
  return std::make_unique<CountrySalesGenerator>(MakeKey{}, country, options);
}

CountrySalesGenerator::CountrySalesGenerator(MakeKey /*key*/, std::string_view country,
                                             const CountrySalesGenOptions& options)
    : options_(options), country_(country), currency_(CountryCurrency(country)) {
  for (char c : country_) country_bits_ = (country_bits_ << 8) | static_cast<unsigned char>(c);
  constexpr std::string_view kHex = "0123456789abcdef";
  // Mix64 is a bijection, so distinct seeds give distinct run ids.
  const uint64_t id = Rng::Mix64(options_.seed ^ kRunIdSalt);
  for (int shift = 60; shift >= 0; shift -= 4) run_id_ += kHex[(id >> shift) & 0xf];
}

uint64_t CountrySalesGenerator::StreamId(uint64_t kind, int64_t batch) const {
  RP_CHECK(batch >= 0 && batch < kMaxBatch);
  // kind (4 bits) | country (up to 4 bytes, checked by CountryCurrency) | batch (28 bits)
  return (kind << 60) | ((country_bits_ & 0xffffffffULL) << 28) | static_cast<uint64_t>(batch);
}

std::vector<CountrySale> CountrySalesGenerator::Batch(
    int64_t batch, std::chrono::sys_time<microseconds> start) const {
  Rng rng = Rng::ForStream(options_.seed, StreamId(kRowsKind, batch));
  std::string id_prefix = country_ + "-" + run_id_ + "-";
  AppendPadded(id_prefix, batch, 4);
  id_prefix += '-';
  std::vector<CountrySale> sales;
  int64_t row = 0;
  for (size_t p = 0; p < kProducts.size(); ++p) {
    const auto k = static_cast<int>(rng.Between(1, 5));
    const int64_t n = CountrySalesRows(static_cast<int>(p), options_.sale_frequency, k);
    const CountrySalesProduct& product = kProducts[p];
    const double lo = static_cast<double>(product.min_cents) / 100.0;
    const double hi = static_cast<double>(product.max_cents) / 100.0;
    for (int64_t i = 0; i < n; ++i, ++row) {
      CountrySale sale;
      sale.sale_id = id_prefix;
      AppendPadded(sale.sale_id, row, 5);
      sale.product = static_cast<int>(p);
      sale.datetime = FormatMicros(start + kRowSpacing * row);
      // Python's uniform(lo, hi) = lo + (hi - lo) * random(), then round(x, 2).
      sale.price_cents = std::llround((lo + (hi - lo) * rng.Unit()) * 100.0);
      sales.push_back(std::move(sale));
    }
  }
  return sales;
}

std::chrono::milliseconds CountrySalesGenerator::Delay(int64_t batch) const {
  Rng rng = Rng::ForStream(options_.seed, StreamId(kDelayKind, batch));
  return std::chrono::milliseconds(
      rng.Between(options_.min_delay.count(), options_.max_delay.count()));
}

void CountrySalesGenerator::AppendJson(const CountrySale& sale, std::string& out) const {
  out += "{\"sale_id\":";
  AppendJsonString(out, sale.sale_id);
  out += ",\"product_code\":\"";
  out += kProducts[static_cast<size_t>(sale.product)].code;
  out += "\",\"country_of_sale\":";
  AppendJsonString(out, country_);
  out += ",\"datetime\":\"";
  out += sale.datetime;  // digits, '-', ':', '.' and a space: nothing to escape
  out += "\",\"selling_price\":";
  AppendJsonDouble(out, static_cast<double>(sale.price_cents) / 100.0);
  out += ",\"currency\":";
  AppendJsonString(out, currency_);
  out += '}';
}

}  // namespace retailpipe::gen
