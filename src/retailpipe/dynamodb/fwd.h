// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace retailpipe::dynamodb {

struct AttributeValue;
class DynamoDbClient;
struct ScanPage;
struct TableDescription;

}  // namespace retailpipe::dynamodb
