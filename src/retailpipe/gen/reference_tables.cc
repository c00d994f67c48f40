// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/gen/reference_tables.h"

#include <algorithm>
#include <set>
#include <string>

#include "retailpipe/gen/civil_date.h"
#include "retailpipe/gen/json_text.h"
#include "retailpipe/gen/rng.h"

namespace retailpipe::gen {
namespace {

using model::RowSet;
using model::Value;

// Everything below is part of generator spec version kOrdersSpecVersion.
constexpr uint64_t kClientsStream = (uint64_t{2} << 32) | 1;
constexpr uint64_t kPackagesStream = (uint64_t{2} << 32) | 2;
constexpr uint64_t kProductsStream = (uint64_t{2} << 32) | 3;

constexpr std::array<std::string_view, 16> kFirstNames = {
    "Lucía", "Hugo",  "Martina", "Mateo",  "Sofía", "Leo",    "María", "Daniel",
    "Julia", "Pablo", "Paula",   "Álvaro", "Carla", "Adrián", "Noa",   "Manuel"};
constexpr std::array<std::string_view, 16> kLastNames = {
    "García", "Rodríguez", "González", "Fernández", "López",     "Martínez", "Sánchez", "Pérez",
    "Gómez",  "Martín",    "Jiménez",  "Ruiz",      "Hernández", "Díaz",     "Moreno",  "Muñoz"};
constexpr std::array<std::string_view, 8> kOccupations = {
    "engineer", "teacher", "nurse", "designer", "accountant", "chef", "lawyer", "student"};
constexpr std::array<std::string_view, 3> kGenders = {"female", "male", "other"};
constexpr std::array<std::string_view, 12> kRoads = {
    "Calle de Alcalá",  "Gran Vía",          "Calle Mayor",     "Paseo de la Castellana",
    "Calle de Serrano", "Calle de Atocha",   "Calle de Toledo", "Calle de Bravo Murillo",
    "Calle de Goya",    "Calle de Princesa", "Paseo del Prado", "Calle de Embajadores"};
struct District {
  std::string_view city_district, suburb, neighborhood;
};
constexpr std::array<District, 8> kDistricts = {{
    {"Centro", "Sol", "Barrio de las Letras"},
    {"Salamanca", "Recoletos", "Goya"},
    {"Chamberí", "Trafalgar", "Almagro"},
    {"Retiro", "Ibiza", "Niño Jesús"},
    {"Arganzuela", "Delicias", "Legazpi"},
    {"Tetuán", "Cuatro Caminos", "Bellas Vistas"},
    {"Moncloa-Aravaca", "Argüelles", "Ciudad Universitaria"},
    {"Latina", "Lucero", "Aluche"},
}};
constexpr std::array<std::string_view, 12> kProductNames = {
    "BESTÅ", "BILLY", "KALLAX", "MALM",  "HEMNES",  "PAX",
    "LACK",  "POÄNG", "EKTORP", "KIVIK", "BRIMNES", "SÖDERHAMN"};
constexpr std::array<std::string_view, 6> kCategories = {"bookcases", "storage", "sofas",
                                                         "beds",      "tables",  "chairs"};

// Days since 1970-01-01 of the date ranges drawn below.
constexpr int64_t kBirthFirstDay = -7305;    // 1950-01-01
constexpr int64_t kBirthLastDay = 12418;     // 2003-12-31
constexpr int64_t kCreatedFirstDay = 17532;  // 2018-01-01
constexpr int64_t kCreatedLastDay = 19722;   // 2023-12-31

template <typename List>
std::string_view Pick(Rng& rng, const List& list) {
  return list[rng.Below(list.size())];
}

std::string Date(int64_t days) { return CivilDate::FromDays(days).ToString(); }

std::string AsciiLower(std::string_view s) {
  std::string out;
  for (char c : s) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return out;
}

std::string Digits(Rng& rng, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += static_cast<char>('0' + rng.Below(10));
  return out;
}

ClientAddress MakeAddress(Rng& rng, const ClientAddress& client) {
  ClientAddress row = client;
  row.address_id = "cus-";
  AppendUuid(rng, row.address_id);
  const District& d = kDistricts[rng.Below(kDistricts.size())];
  row.neighborhood = d.neighborhood;
  row.suburb = d.suburb;
  row.city_district = d.city_district;
  row.road = Pick(rng, kRoads);
  row.house_number = std::to_string(rng.Between(1, 150));
  row.state = "Comunidad de Madrid";
  row.postcode = "280" + Digits(rng, 2);
  row.country = "España";
  // coordinates hold the drawn doubles; lat/lon are the same values as FLOAT columns, as in
  // the gold table. (Deriving coordinates from the floats instead let GCC -O2 keep the
  // unrounded double, so the output depended on the optimisation level.)
  const double lat = 40.35 + 0.15 * rng.Unit();
  const double lon = -3.80 + 0.20 * rng.Unit();
  row.coordinates = {lat, lon};
  row.lat = static_cast<float>(lat);
  row.lon = static_cast<float>(lon);
  return row;
}

void AppendClient(Rng& rng, int max_addresses, std::vector<ClientAddress>& out) {
  ClientAddress c;
  c.client_id = "cus-";
  AppendUuid(rng, c.client_id);
  c.first_name = Pick(rng, kFirstNames);
  c.last_name = Pick(rng, kLastNames);
  c.email = AsciiLower(c.first_name) + "." + AsciiLower(c.last_name) + "." +
            c.client_id.substr(4, 8) + "@example.com";
  c.phone_number = "+34 6" + Digits(rng, 8);
  c.date_of_birth = Date(rng.Between(kBirthFirstDay, kBirthLastDay));
  c.gender = Pick(rng, kGenders);
  c.occupation = Pick(rng, kOccupations);
  const int64_t created = rng.Between(kCreatedFirstDay, kCreatedLastDay);
  c.created_at = Date(created);
  c.updated_at = Date(rng.Between(created, kCreatedLastDay));
  c.status = "active";
  const int64_t addresses = rng.Between(1, max_addresses);
  for (int64_t i = 0; i < addresses; ++i) out.push_back(MakeAddress(rng, c));
}

std::vector<Package> MakePackages(const ReferenceOptions& options) {
  Rng rng = Rng::ForStream(options.seed, kPackagesStream);
  std::set<uint64_t> ids;
  while (static_cast<int64_t>(ids.size()) < options.package_ids) ids.insert(rng.Below(100'000'000));
  std::vector<Package> out;
  for (uint64_t id : ids) {  // ascending: the gold table is ordered by package_id
    std::string package_id = std::to_string(id);
    package_id.insert(0, 8 - package_id.size(), '0');
    const std::string_view name = Pick(rng, kProductNames);
    const int32_t subpackages = static_cast<int32_t>(rng.Between(1, 2));
    for (int32_t sub = 1; sub <= subpackages; ++sub) {
      Package p{.package_id = package_id, .subpackage_id = sub, .name = std::string(name)};
      p.width = static_cast<int32_t>(rng.Between(5, 120));
      p.height = static_cast<int32_t>(rng.Between(2, 60));
      p.length = static_cast<int32_t>(rng.Between(10, 250));
      p.volume = p.width * p.height * p.length;
      p.weight = static_cast<float>(rng.Between(50, 6000)) / 100.0F;
      p.stock_quantity = options.initial_stock;
      out.push_back(std::move(p));
    }
  }
  return out;
}

std::vector<Product> MakeProducts(const ReferenceOptions& options,
                                  const std::vector<Package>& packages) {
  Rng rng = Rng::ForStream(options.seed, kProductsStream);
  std::vector<Product> out;
  out.reserve(static_cast<size_t>(options.products));
  for (int64_t i = 0; i < options.products; ++i) {
    Product p;
    p.product_id = "prod-";
    AppendUuid(rng, p.product_id);
    p.name = Pick(rng, kProductNames);
    p.category = Pick(rng, kCategories);
    p.url = "https://www.example.com/es/p/" + p.product_id;
    p.price = static_cast<float>(rng.Between(499, 99999)) / 100.0F;
    p.currency = "EUR";
    const int64_t components = rng.Between(1, options.max_components);
    for (int64_t c = 0; c < components; ++c) {
      const Package& pkg = packages[rng.Below(packages.size())];
      p.product_components.push_back({.package_id = pkg.package_id,
                                      .subpackage_id = pkg.subpackage_id,
                                      .package_quantity = static_cast<int32_t>(rng.Between(1, 4))});
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

void AppendUuid(Rng& rng, std::string& out) {
  constexpr std::string_view kHex = "0123456789abcdef";
  uint64_t hi = rng.Next();
  uint64_t lo = rng.Next();
  hi = (hi & ~uint64_t{0xF000}) | 0x4000;                      // version 4
  lo = (lo & ~(uint64_t{0xC} << 60)) | (uint64_t{0x8} << 60);  // variant 10xx
  const auto emit = [&](uint64_t v, int nibbles, int from) {
    for (int i = from; i > from - nibbles; --i) out += kHex[(v >> (4 * (i - 1))) & 0xF];
  };
  emit(hi, 8, 16);
  out += '-';
  emit(hi, 4, 8);
  out += '-';
  emit(hi, 4, 4);
  out += '-';
  emit(lo, 4, 16);
  out += '-';
  emit(lo, 12, 12);
}

Status ReferenceOptions::Validate() const {
  if (clients < 1 || clients > 10'000'000) return Status::InvalidArgument("clients out of range");
  if (max_addresses_per_client < 1 || max_addresses_per_client > 16) {
    return Status::InvalidArgument("max_addresses_per_client out of range 1..16");
  }
  if (package_ids < 1 || package_ids > 1'000'000) {
    return Status::InvalidArgument("package_ids out of range 1..1000000");
  }
  if (products < 1 || products > 10'000'000)
    return Status::InvalidArgument("products out of range");
  if (max_components < 1 || max_components > 8) {
    return Status::InvalidArgument("max_components out of range 1..8");
  }
  if (initial_stock < 0) return Status::InvalidArgument("initial_stock must be >= 0");
  return Status::OK();
}

ReferenceTables GenerateReferenceTables(const ReferenceOptions& options) {
  RP_CHECK(options.Validate().ok());
  ReferenceTables tables;
  Rng clients = Rng::ForStream(options.seed, kClientsStream);
  for (int64_t i = 0; i < options.clients; ++i) {
    AppendClient(clients, options.max_addresses_per_client, tables.clients_address);
  }
  tables.packages = MakePackages(options);
  tables.products = MakeProducts(options, tables.packages);
  return tables;
}

namespace {

RowSet EmptyRowSet(std::span<const std::string_view> columns) {
  RowSet rs;
  for (std::string_view c : columns) rs.columns.emplace_back(c);
  return rs;
}

std::string CoordinatesJson(const std::vector<double>& coordinates) {
  std::string out = "[";
  for (size_t i = 0; i < coordinates.size(); ++i) {
    if (i > 0) out += ',';
    AppendJsonDouble(out, coordinates[i]);
  }
  return out + "]";
}

std::string ComponentsJson(const std::vector<PackageComponent>& components) {
  std::string out = "[";
  for (size_t i = 0; i < components.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"package_id\":";
    AppendJsonString(out, components[i].package_id);
    out += ",\"subpackage_id\":";
    AppendJsonInt(out, components[i].subpackage_id);
    out += ",\"package_quantity\":";
    AppendJsonInt(out, components[i].package_quantity);
    out += '}';
  }
  return out + "]";
}

}  // namespace

RowSet ToRowSet(std::span<const ClientAddress> rows) {
  RowSet rs = EmptyRowSet(kClientsAddressColumns);
  for (const ClientAddress& r : rows) {
    rs.rows.push_back({r.client_id,    r.first_name,
                       r.last_name,    r.email,
                       r.phone_number, r.date_of_birth,
                       r.gender,       r.occupation,
                       r.created_at,   r.updated_at,
                       r.status,       r.address_id,
                       r.neighborhood, CoordinatesJson(r.coordinates),
                       r.road,         r.house_number,
                       r.suburb,       r.city_district,
                       r.state,        r.postcode,
                       r.country,      double{r.lat},
                       double{r.lon}});
  }
  return rs;
}

RowSet ToRowSet(std::span<const Product> rows) {
  RowSet rs = EmptyRowSet(kProductsColumns);
  for (const Product& r : rows) {
    rs.rows.push_back({r.product_id, r.name, r.category, r.url, double{r.price}, r.currency,
                       ComponentsJson(r.product_components)});
  }
  return rs;
}

RowSet ToRowSet(std::span<const Package> rows) {
  RowSet rs = EmptyRowSet(kPackagesColumns);
  for (const Package& r : rows) {
    rs.rows.push_back({r.package_id, int64_t{r.subpackage_id}, r.name, int64_t{r.width},
                       int64_t{r.height}, int64_t{r.length}, double{r.weight}, int64_t{r.volume},
                       int64_t{r.stock_quantity}});
  }
  return rs;
}

}  // namespace retailpipe::gen
