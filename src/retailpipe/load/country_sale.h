// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace retailpipe::load {

/// The columns of a country sales CSV file, in the seed's order (seeds.md §3.1); the
/// attribute names in DynamoDB and the column names in the warehouse table stage_sales.
inline constexpr std::array<std::string_view, 6> kCountrySaleColumns = {
    "sale_id", "product_code", "country_of_sale", "datetime", "selling_price", "currency"};

/// One checked sale row. Text fields hold the file's text, already checked: the price is a
/// non-negative decimal with at most 2 decimals, the datetime "YYYY-MM-DD HH:MM:SS[.ffffff]".
struct CountrySale {
  std::string sale_id;  ///< The key: a text identifier, unique per sale.
  std::string product_code;
  std::string country_of_sale;
  std::string datetime;
  std::string selling_price;  ///< Decimal text, e.g. "10.57"; a number in every target.
  std::string currency;       ///< ISO 4217 code, e.g. "USD".
  int64_t line_number = 0;    ///< Physical line of the file where the row starts (1-based).
};

}  // namespace retailpipe::load
