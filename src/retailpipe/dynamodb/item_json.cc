// SPDX-License-Identifier: Apache-2.0
#include <string>

#include "retailpipe/dynamodb/item_json_internal.h"

namespace retailpipe::dynamodb {

const char* AttributeTypeCode(AttributeType type) {
  switch (type) {
    case AttributeType::kString:
      return "S";
    case AttributeType::kNumber:
      return "N";
    case AttributeType::kBool:
      return "BOOL";
    case AttributeType::kNull:
      return "NULL";
  }
  return "S";
}

void WriteItem(JsonWriter& out, const Item& item) {
  out.BeginObject();
  for (const auto& [name, value] : item) {
    out.Key(name).BeginObject().Key(AttributeTypeCode(value.type));
    switch (value.type) {
      case AttributeType::kBool:
        out.Bool(value.value == "true");
        break;
      case AttributeType::kNull:
        out.Bool(true);
        break;
      default:
        out.String(value.value);
    }
    out.EndObject();
  }
  out.EndObject();
}

Result<Item> ReadItem(simdjson::dom::element element) {
  simdjson::dom::object object;
  if (element.get_object().get(object) != simdjson::SUCCESS) {
    return Status::DataError("a DynamoDB item is not a JSON object");
  }
  Item item;
  for (auto [name, typed] : object) {
    simdjson::dom::object value;
    if (typed.get_object().get(value) != simdjson::SUCCESS || value.size() != 1) {
      return Status::DataError("attribute '" + std::string(name) + "' is not {\"TYPE\": value}");
    }
    auto [code, inner] = *value.begin();
    std::string_view text;
    bool flag = false;
    AttributeValue attribute;
    if ((code == "S" || code == "N") && inner.get_string().get(text) == simdjson::SUCCESS) {
      attribute = {code == "S" ? AttributeType::kString : AttributeType::kNumber,
                   std::string(text)};
    } else if (code == "BOOL" && inner.get_bool().get(flag) == simdjson::SUCCESS) {
      attribute = {AttributeType::kBool, flag ? "true" : "false"};
    } else if (code == "NULL") {
      attribute = {AttributeType::kNull, ""};
    } else {
      return Status::DataError("attribute '" + std::string(name) + "' has type " +
                               std::string(code) + ", which retailpipe does not read");
    }
    item.emplace(std::string(name), std::move(attribute));
  }
  return item;
}

}  // namespace retailpipe::dynamodb
