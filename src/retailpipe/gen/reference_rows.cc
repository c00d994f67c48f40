// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/gen/reference_rows.h"

#include <cmath>
#include <set>
#include <string>
#include <utility>

#include <simdjson.h>

namespace retailpipe::gen {
namespace {

using model::RowSet;
using model::Value;

// Column lookup and typed cell access for one table, with errors that name the cell.
class RowReader {
 public:
  RowReader(std::string_view table, const RowSet& rows) : table_(table), rows_(rows) {}

  // Resolve `names` to indexes; error naming the first missing column.
  Status Resolve(std::span<const std::string_view> names) {
    for (std::string_view name : names) {
      int index = rows_.ColumnIndex(name);
      if (index < 0) {
        return Status::DataError(std::string(table_) + " has no column '" + std::string(name) +
                                 "'; expected the columns of `retailpipe generate reference`");
      }
      index_.push_back(index);
    }
    return Status::OK();
  }

  const Value& Cell(size_t row, size_t column) const { return rows_.rows[row][index_[column]]; }

  Status Error(size_t row, std::string_view column, std::string_view what) const {
    return Status::DataError(std::string(table_) + " row " + std::to_string(row) + ", column '" +
                             std::string(column) + "': " + std::string(what));
  }

  // Text of a cell; NULL becomes "" unless `required`.
  Result<std::string> Text(size_t row, size_t column, std::string_view name,
                           bool required = false) const {
    const Value& v = Cell(row, column);
    if (model::IsNull(v)) {
      if (required) return Error(row, name, "is NULL");
      return std::string();
    }
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    return Error(row, name, "is a number, expected text");
  }

  Result<double> Number(size_t row, size_t column, std::string_view name) const {
    const Value& v = Cell(row, column);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
    return Error(row, name, model::IsNull(v) ? "is NULL" : "is text, expected a number");
  }

  Result<int32_t> Int(size_t row, size_t column, std::string_view name) const {
    RP_ASSIGN_OR_RETURN(double d, Number(row, column, name));
    if (d != std::floor(d) || d < -2147483648.0 || d > 2147483647.0) {
      return Error(row, name, "is not a 32-bit integer");
    }
    return static_cast<int32_t>(d);
  }

  size_t num_rows() const { return rows_.num_rows(); }

 private:
  std::string_view table_;
  const RowSet& rows_;
  std::vector<int> index_;
};

Result<std::vector<double>> ParseCoordinates(simdjson::dom::parser& parser, const RowReader& in,
                                             size_t row, const std::string& text) {
  std::vector<double> out;
  if (text.empty()) return out;
  simdjson::dom::array array;
  if (parser.parse(text).get_array().get(array) != simdjson::SUCCESS) {
    return in.Error(row, "coordinates", "is not a JSON array: " + text);
  }
  for (simdjson::dom::element e : array) {
    double d = 0;
    if (e.get_double().get(d) != simdjson::SUCCESS) {
      int64_t i = 0;
      if (e.get_int64().get(i) != simdjson::SUCCESS) {
        return in.Error(row, "coordinates", "holds a non-number: " + text);
      }
      d = static_cast<double>(i);
    }
    out.push_back(d);
  }
  return out;
}

Result<std::vector<PackageComponent>> ParseComponents(simdjson::dom::parser& parser,
                                                      const RowReader& in, size_t row,
                                                      const std::string& text) {
  std::vector<PackageComponent> out;
  if (text.empty()) return out;
  simdjson::dom::array array;
  if (parser.parse(text).get_array().get(array) != simdjson::SUCCESS) {
    return in.Error(row, "product_components", "is not a JSON array: " + text);
  }
  for (simdjson::dom::element e : array) {
    PackageComponent c;
    std::string_view package_id;
    int64_t subpackage_id = 0;
    int64_t quantity = 0;
    if (e["package_id"].get_string().get(package_id) != simdjson::SUCCESS ||
        e["subpackage_id"].get_int64().get(subpackage_id) != simdjson::SUCCESS ||
        e["package_quantity"].get_int64().get(quantity) != simdjson::SUCCESS) {
      return in.Error(row, "product_components",
                      "needs objects with a string package_id and integer subpackage_id and "
                      "package_quantity: " +
                          text);
    }
    c.package_id = std::string(package_id);
    c.subpackage_id = static_cast<int32_t>(subpackage_id);
    c.package_quantity = static_cast<int32_t>(quantity);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

Result<std::vector<ClientAddress>> ClientsAddressFromRows(const RowSet& rows) {
  RowReader in("clients_address", rows);
  RP_RETURN_IF_ERROR(in.Resolve(kClientsAddressColumns));
  simdjson::dom::parser parser;
  std::vector<ClientAddress> out;
  out.reserve(in.num_rows());
  for (size_t r = 0; r < in.num_rows(); ++r) {
    ClientAddress a;
    std::string* text_fields[] = {&a.client_id,    &a.first_name,    &a.last_name, &a.email,
                                  &a.phone_number, &a.date_of_birth, &a.gender,    &a.occupation,
                                  &a.created_at,   &a.updated_at,    &a.status,    &a.address_id,
                                  &a.neighborhood};
    for (size_t c = 0; c < std::size(text_fields); ++c) {
      RP_ASSIGN_OR_RETURN(*text_fields[c], in.Text(r, c, kClientsAddressColumns[c], c == 0));
    }
    RP_ASSIGN_OR_RETURN(std::string coordinates, in.Text(r, 13, "coordinates"));
    RP_ASSIGN_OR_RETURN(a.coordinates, ParseCoordinates(parser, in, r, coordinates));
    std::string* tail_fields[] = {&a.road,  &a.house_number, &a.suburb, &a.city_district,
                                  &a.state, &a.postcode,     &a.country};
    for (size_t c = 0; c < std::size(tail_fields); ++c) {
      RP_ASSIGN_OR_RETURN(*tail_fields[c], in.Text(r, 14 + c, kClientsAddressColumns[14 + c]));
    }
    RP_ASSIGN_OR_RETURN(double lat, in.Number(r, 21, "lat"));
    RP_ASSIGN_OR_RETURN(double lon, in.Number(r, 22, "lon"));
    a.lat = static_cast<float>(lat);
    a.lon = static_cast<float>(lon);
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::vector<Product>> ProductsFromRows(const RowSet& rows) {
  RowReader in("products", rows);
  RP_RETURN_IF_ERROR(in.Resolve(kProductsColumns));
  simdjson::dom::parser parser;
  std::vector<Product> out;
  out.reserve(in.num_rows());
  for (size_t r = 0; r < in.num_rows(); ++r) {
    Product p;
    RP_ASSIGN_OR_RETURN(p.product_id, in.Text(r, 0, "product_id", true));
    RP_ASSIGN_OR_RETURN(p.name, in.Text(r, 1, "name"));
    RP_ASSIGN_OR_RETURN(p.category, in.Text(r, 2, "category"));
    RP_ASSIGN_OR_RETURN(p.url, in.Text(r, 3, "url"));
    RP_ASSIGN_OR_RETURN(double price, in.Number(r, 4, "price"));
    p.price = static_cast<float>(price);
    RP_ASSIGN_OR_RETURN(p.currency, in.Text(r, 5, "currency"));
    RP_ASSIGN_OR_RETURN(std::string components, in.Text(r, 6, "product_components"));
    RP_ASSIGN_OR_RETURN(p.product_components, ParseComponents(parser, in, r, components));
    out.push_back(std::move(p));
  }
  return out;
}

Result<std::vector<Package>> PackagesFromRows(const RowSet& rows) {
  RowReader in("packages", rows);
  RP_RETURN_IF_ERROR(in.Resolve(kPackagesColumns));
  std::vector<Package> out;
  out.reserve(in.num_rows());
  std::set<std::pair<std::string, int32_t>> seen;
  for (size_t r = 0; r < in.num_rows(); ++r) {
    Package p;
    RP_ASSIGN_OR_RETURN(p.package_id, in.Text(r, 0, "package_id", true));
    RP_ASSIGN_OR_RETURN(p.subpackage_id, in.Int(r, 1, "subpackage_id"));
    RP_ASSIGN_OR_RETURN(p.name, in.Text(r, 2, "name"));
    RP_ASSIGN_OR_RETURN(p.width, in.Int(r, 3, "width"));
    RP_ASSIGN_OR_RETURN(p.height, in.Int(r, 4, "height"));
    RP_ASSIGN_OR_RETURN(p.length, in.Int(r, 5, "length"));
    RP_ASSIGN_OR_RETURN(double weight, in.Number(r, 6, "weight"));
    p.weight = static_cast<float>(weight);
    RP_ASSIGN_OR_RETURN(p.volume, in.Int(r, 7, "volume"));
    RP_ASSIGN_OR_RETURN(p.stock_quantity, in.Int(r, 8, "stock_quantity"));
    if (!seen.emplace(p.package_id, p.subpackage_id).second) {
      return in.Error(r, "package_id",
                      "repeats (" + p.package_id + ", " + std::to_string(p.subpackage_id) +
                          "); packages must be unique on "
                          "(package_id, subpackage_id)");
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace retailpipe::gen
