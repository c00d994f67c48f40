// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <string>

namespace retailpipe::dynamodb {

/// The DynamoDB attribute types retailpipe writes and reads.
enum class AttributeType {
  kString,  ///< "S"
  kNumber,  ///< "N": decimal text, exact (DynamoDB keeps 38 digits).
  kBool,    ///< "BOOL": value "true" or "false".
  kNull,    ///< "NULL"
};

/// One attribute value: its type and its text. A plain value.
struct AttributeValue {
  AttributeType type = AttributeType::kString;
  std::string value;

  static AttributeValue S(std::string text) { return {AttributeType::kString, std::move(text)}; }
  static AttributeValue N(std::string number) {
    return {AttributeType::kNumber, std::move(number)};
  }
  bool operator==(const AttributeValue&) const = default;
};

/// An item (or a key): attribute name -> value.
using Item = std::map<std::string, AttributeValue>;

/// Return the type's code in DynamoDB JSON: "S", "N", "BOOL", "NULL".
const char* AttributeTypeCode(AttributeType type);

}  // namespace retailpipe::dynamodb
