// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/delta/json_reader_internal.h"

#include <utility>

namespace retailpipe::delta::internal {
namespace {

Status BadMember(std::string_view key, std::string_view what) {
  return Status::DataError("member \"" + std::string(key) + "\" " + std::string(what));
}

/// Return the member, or nullopt if it is missing or JSON null.
std::optional<JsonElement> Member(const JsonObject& o, std::string_view key) {
  JsonElement e;
  if (o.at_key(key).get(e) != simdjson::SUCCESS || e.is_null()) return std::nullopt;
  return e;
}

}  // namespace

Result<std::string_view> RequiredString(const JsonObject& o, std::string_view key) {
  RP_ASSIGN_OR_RETURN(auto v, OptionalString(o, key));
  if (!v) return BadMember(key, "is missing");
  return *v;
}

Result<std::optional<std::string_view>> OptionalString(const JsonObject& o, std::string_view key) {
  auto e = Member(o, key);
  if (!e) return std::optional<std::string_view>();
  std::string_view s;
  if (e->get_string().get(s) != simdjson::SUCCESS) return BadMember(key, "is not a string");
  return std::optional<std::string_view>(s);
}

Result<int64_t> RequiredInt(const JsonObject& o, std::string_view key) {
  if (!Member(o, key)) return BadMember(key, "is missing");
  return OptionalInt(o, key, 0);
}

Result<int64_t> OptionalInt(const JsonObject& o, std::string_view key, int64_t fallback) {
  auto e = Member(o, key);
  if (!e) return fallback;
  int64_t v = 0;
  if (e->get_int64().get(v) != simdjson::SUCCESS) return BadMember(key, "is not an integer");
  return v;
}

Result<bool> OptionalBool(const JsonObject& o, std::string_view key, bool fallback) {
  auto e = Member(o, key);
  if (!e) return fallback;
  bool v = false;
  if (e->get_bool().get(v) != simdjson::SUCCESS) return BadMember(key, "is not a boolean");
  return v;
}

Result<std::optional<JsonObject>> OptionalObject(const JsonObject& o, std::string_view key) {
  auto e = Member(o, key);
  if (!e) return std::optional<JsonObject>();
  JsonObject v;
  if (e->get_object().get(v) != simdjson::SUCCESS) return BadMember(key, "is not an object");
  return std::optional<JsonObject>(v);
}

Result<std::map<std::string, std::optional<std::string>>> StringMap(const JsonObject& o,
                                                                    std::string_view key) {
  std::map<std::string, std::optional<std::string>> out;
  RP_ASSIGN_OR_RETURN(auto obj, OptionalObject(o, key));
  if (!obj) return out;
  for (auto [k, v] : *obj) {
    std::string_view s;
    if (v.is_null()) {
      out.emplace(std::string(k), std::nullopt);
    } else if (v.get_string().get(s) == simdjson::SUCCESS) {
      out.emplace(std::string(k), std::string(s));
    } else {
      return BadMember(key, "has a value that is neither a string nor null");
    }
  }
  return out;
}

}  // namespace retailpipe::delta::internal
