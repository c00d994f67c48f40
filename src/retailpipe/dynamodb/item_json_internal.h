// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <simdjson.h>

#include "retailpipe/base/json_writer.h"
#include "retailpipe/base/result.h"
#include "retailpipe/dynamodb/item.h"

namespace retailpipe::dynamodb {

/// Write `item` as a DynamoDB JSON map: {"name": {"S": "text"}, "price": {"N": "1.5"}}.
void WriteItem(JsonWriter& out, const Item& item);

/// Read a DynamoDB JSON map into an Item. Errors: kDataError for a shape or an attribute type
/// retailpipe does not read (L, M, sets, binary), naming the attribute.
Result<Item> ReadItem(simdjson::dom::element element);

}  // namespace retailpipe::dynamodb
