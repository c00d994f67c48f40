// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "retailpipe/base/result.h"

/// Small typed accessors over simdjson's DOM for reading Delta log JSON. Only for this folder.
/// Every error is kDataError naming the member, since a malformed log is bad input data.
namespace retailpipe::delta::internal {

using JsonObject = simdjson::dom::object;
using JsonElement = simdjson::dom::element;

/// Return the object member `key` as text. Errors: missing or not a string.
Result<std::string_view> RequiredString(const JsonObject& o, std::string_view key);
/// Return the member as text, nullopt if missing or null. Errors: another type.
Result<std::optional<std::string_view>> OptionalString(const JsonObject& o, std::string_view key);
/// Return the member as an integer. Errors: missing or not an integer.
Result<int64_t> RequiredInt(const JsonObject& o, std::string_view key);
/// Return the member as an integer, `fallback` if missing or null. Errors: another type.
Result<int64_t> OptionalInt(const JsonObject& o, std::string_view key, int64_t fallback);
/// Return the member as a bool, `fallback` if missing or null. Errors: another type.
Result<bool> OptionalBool(const JsonObject& o, std::string_view key, bool fallback);
/// Return the member as an object, nullopt if missing or null. Errors: another type.
Result<std::optional<JsonObject>> OptionalObject(const JsonObject& o, std::string_view key);
/// Return a string map member ({"k":"v"|null}); empty if missing or null. Errors: a value
/// that is neither a string nor null.
Result<std::map<std::string, std::optional<std::string>>> StringMap(const JsonObject& o,
                                                                    std::string_view key);

}  // namespace retailpipe::delta::internal
