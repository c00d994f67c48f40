// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/gen/country_sales_generator.h"

#include <cmath>
#include <map>
#include <numeric>
#include <regex>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <simdjson.h>

namespace retailpipe::gen {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

// 2025-07-10 02:57:08.123456 UTC, the time in the seed's example file name.
const std::chrono::sys_time<microseconds> kStart =
    std::chrono::sys_days{std::chrono::year{2025} / 7 / 10} + std::chrono::hours{2} +
    std::chrono::minutes{57} + std::chrono::seconds{8} + microseconds{123456};

std::unique_ptr<CountrySalesGenerator> Make(std::string_view country, uint64_t seed = 7,
                                            int sale_frequency = 20) {
  CountrySalesGenOptions options;
  options.seed = seed;
  options.sale_frequency = sale_frequency;
  auto made = CountrySalesGenerator::Make(country, options);
  EXPECT_TRUE(made.ok()) << made.status().ToString();
  return std::move(*made);
}

TEST(CountrySalesGenerator, ProductTableIsTheSeeds) {
  auto products = CountrySalesProducts();
  ASSERT_EQ(products.size(), 10u);
  double sum = 0;
  for (size_t i = 0; i < products.size(); ++i) {
    EXPECT_EQ(products[i].code, "p" + std::to_string(i + 1));
    EXPECT_LE(products[i].min_cents, products[i].max_cents);
    sum += products[i].frequency;
  }
  EXPECT_NEAR(sum, 0.96, 1e-12);  // seeds.md §3.6 bug 9: not 1
  EXPECT_EQ(products[8].min_cents, 9010);
  EXPECT_EQ(products[8].max_cents, 9020);
}

TEST(CountrySalesGenerator, RowCountsMatchPythonsArithmetic) {
  // int(freq * 100 * 20 * k) as Python 3 computes it, for k = 1 and k = 5.
  const std::array<int64_t, 10> k1 = {400, 300, 200, 500, 100, 200, 100, 60, 40, 20};
  const std::array<int64_t, 10> k5 = {2000, 1500, 1000, 2500, 500, 1000, 500, 300, 200, 100};
  for (int p = 0; p < 10; ++p) {
    EXPECT_EQ(CountrySalesRows(p, 20, 1), k1[static_cast<size_t>(p)]) << p;
    EXPECT_EQ(CountrySalesRows(p, 20, 5), k5[static_cast<size_t>(p)]) << p;
  }
  EXPECT_EQ(CountrySalesRows(0, 2, 3), 120);  // the seed's setting before commit 6e3bd99
}

TEST(CountrySalesGenerator, CurrenciesAndCountries) {
  EXPECT_EQ(CountryCurrency("US"), "USD");
  EXPECT_EQ(CountryCurrency("UK"), "GBP");
  EXPECT_EQ(CountryCurrency("DE"), "EUR");
  EXPECT_EQ(CountryCurrency("FR"), "EUR");
  EXPECT_EQ(CountryCurrency("IT"), "EUR");
  EXPECT_EQ(CountryCurrency("ES"), "");
  EXPECT_EQ(KnownCountries().size(), 5u);
  auto bad = CountrySalesGenerator::Make("ES", {});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("US, UK, DE, FR, IT"), std::string::npos);
}

TEST(CountrySalesGenerator, RejectsBadOptions) {
  CountrySalesGenOptions options;
  options.sale_frequency = 0;
  EXPECT_FALSE(CountrySalesGenerator::Make("US", options).ok());
  options = {};
  options.min_delay = milliseconds(5);
  options.max_delay = milliseconds(4);
  EXPECT_FALSE(CountrySalesGenerator::Make("US", options).ok());
}

TEST(CountrySalesGenerator, BatchIsGroupedByProductWithSeedCounts) {
  auto gen = Make("UK");
  auto sales = gen->Batch(0, kStart);
  EXPECT_GE(sales.size(), 1920u);
  EXPECT_LE(sales.size(), 9600u);
  std::map<int, int64_t> per_product;
  int last = -1;
  for (const CountrySale& sale : sales) {
    EXPECT_GE(sale.product, last) << "rows are grouped by product, in order";
    last = sale.product;
    ++per_product[sale.product];
  }
  ASSERT_EQ(per_product.size(), 10u);
  for (const auto& [p, n] : per_product) {
    bool allowed = false;
    for (int k = 1; k <= 5; ++k) allowed |= n == CountrySalesRows(p, 20, k);
    EXPECT_TRUE(allowed) << "product " << p << " has " << n << " rows";
  }
}

TEST(CountrySalesGenerator, SaleFieldsHaveTheSeedsShapes) {
  auto gen = Make("US", 7, 1);
  auto sales = gen->Batch(3, kStart);
  const std::regex id("US-[0-9a-f]{16}-0003-[0-9]{5}");
  std::set<std::string> ids;
  for (size_t i = 0; i < sales.size(); ++i) {
    const CountrySale& sale = sales[i];
    EXPECT_TRUE(std::regex_match(sale.sale_id, id)) << sale.sale_id;
    EXPECT_EQ(sale.sale_id.substr(3, 16), gen->run_id());
    EXPECT_TRUE(ids.insert(sale.sale_id).second) << "duplicate " << sale.sale_id;
    const CountrySalesProduct& product = CountrySalesProducts()[static_cast<size_t>(sale.product)];
    EXPECT_GE(sale.price_cents, product.min_cents);
    EXPECT_LE(sale.price_cents, product.max_cents);
  }
  EXPECT_EQ(sales[0].datetime, "2025-07-10 02:57:08.123456");
  EXPECT_EQ(sales[1].datetime, "2025-07-10 02:57:08.123556");
  EXPECT_EQ(sales[10].datetime, "2025-07-10 02:57:08.124456");
}

TEST(CountrySalesGenerator, SameInputsGiveTheSameRecords) {
  auto a = Make("DE", 42)->Batch(5, kStart);
  auto b = Make("DE", 42)->Batch(5, kStart);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].sale_id, b[i].sale_id);
    EXPECT_EQ(a[i].price_cents, b[i].price_cents);
    EXPECT_EQ(a[i].datetime, b[i].datetime);
  }
  // Another seed gives another run id, another batch other draws.
  auto other_seed = Make("DE", 43);
  EXPECT_NE(other_seed->run_id(), Make("DE", 42)->run_id());
  auto c = Make("DE", 42)->Batch(6, kStart);
  bool differs = c.size() != a.size();
  for (size_t i = 0; !differs && i < a.size(); ++i) differs = a[i].price_cents != c[i].price_cents;
  EXPECT_TRUE(differs);
  // Countries draw independently: the same seed and batch give FR other prices than DE.
  auto fr = Make("FR", 42)->Batch(5, kStart);
  differs = fr.size() != a.size();
  for (size_t i = 0; !differs && i < a.size(); ++i) differs = a[i].price_cents != fr[i].price_cents;
  EXPECT_TRUE(differs);
}

TEST(CountrySalesGenerator, AverageBatchIsAboutTheSeeds) {
  auto gen = Make("IT", 3);
  int64_t total = 0;
  constexpr int kBatches = 200;
  for (int b = 0; b < kBatches; ++b) total += static_cast<int64_t>(gen->Batch(b, kStart).size());
  // k is uniform over 1..5, so the mean is 96 × 20 × 3 = 5,760 (seeds.md §3.1).
  EXPECT_NEAR(static_cast<double>(total) / kBatches, 5760.0, 5760.0 * 0.06);
}

TEST(CountrySalesGenerator, DelayIsDrawnInTheRange) {
  CountrySalesGenOptions options;
  auto gen = *CountrySalesGenerator::Make("US", options);
  std::set<int64_t> seen;
  for (int b = 0; b < 100; ++b) {
    const milliseconds d = gen->Delay(b);
    EXPECT_GE(d, milliseconds(10'000));
    EXPECT_LE(d, milliseconds(15'000));
    EXPECT_EQ(d, gen->Delay(b));
    seen.insert(d.count());
  }
  EXPECT_GT(seen.size(), 50u);
  options.min_delay = options.max_delay = milliseconds(0);
  EXPECT_EQ((*CountrySalesGenerator::Make("US", options))->Delay(4), milliseconds(0));
}

TEST(CountrySalesGenerator, JsonHasTheSeedsKeysAndPythonFloats) {
  auto gen = Make("UK");
  CountrySale sale{"UK-0123456789abcdef-0000-00001", 2, "2025-07-10 02:57:08.123456", 3000};
  std::string json;
  gen->AppendJson(sale, json);
  EXPECT_EQ(json,
            "{\"sale_id\":\"UK-0123456789abcdef-0000-00001\",\"product_code\":\"p3\","
            "\"country_of_sale\":\"UK\",\"datetime\":\"2025-07-10 02:57:08.123456\","
            "\"selling_price\":30.0,\"currency\":\"GBP\"}");
  const std::map<int64_t, std::string> prices = {
      {1050, "10.5"}, {9015, "90.15"}, {1001, "10.01"}, {10050, "100.5"}, {6005, "60.05"}};
  for (const auto& [cents, text] : prices) {
    sale.price_cents = cents;
    json.clear();
    gen->AppendJson(sale, json);
    EXPECT_NE(json.find("\"selling_price\":" + text + ","), std::string::npos) << json;
  }
  // Every record of a batch is valid JSON with the six keys in order.
  simdjson::dom::parser parser;
  for (const CountrySale& s : gen->Batch(1, kStart)) {
    json.clear();
    gen->AppendJson(s, json);
    simdjson::dom::object object;
    ASSERT_EQ(parser.parse(json).get(object), simdjson::SUCCESS) << json;
    size_t i = 0;
    for (auto field : object) EXPECT_EQ(field.key, CountrySaleColumns()[i++]);
    EXPECT_EQ(i, 6u);
    EXPECT_EQ(std::string_view(object["sale_id"]), s.sale_id);
    EXPECT_EQ(std::llround(double(object["selling_price"]) * 100), s.price_cents);
  }
}

}  // namespace
}  // namespace retailpipe::gen
