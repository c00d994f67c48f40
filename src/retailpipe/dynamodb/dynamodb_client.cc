// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/dynamodb/dynamodb_client.h"

#include <thread>

#include "retailpipe/aws/aws_client_options.h"
#include "retailpipe/aws/aws_json_client.h"
#include "retailpipe/dynamodb/item_json_internal.h"

namespace retailpipe::dynamodb {
namespace {

constexpr std::chrono::milliseconds kCreatePoll{100};
constexpr int kCountPageSize = 1000;

// Parse an answer; the element lives as long as `parser`.
Result<simdjson::dom::element> Parse(simdjson::dom::parser& parser, const std::string& json,
                                     const char* operation) {
  simdjson::dom::element root;
  if (parser.parse(json).get(root) != simdjson::SUCCESS) {
    return Status::DataError(std::string("DynamoDB ") + operation +
                             " answered with malformed JSON");
  }
  return root;
}

std::string TableRequest(const std::string& table) {
  JsonWriter out;
  out.BeginObject().Key("TableName").String(table).EndObject();
  return out.str();
}

AttributeType TypeOfCode(std::string_view code) {
  return code == "N" ? AttributeType::kNumber : AttributeType::kString;
}

Result<TableDescription> ReadDescription(simdjson::dom::element root) {
  simdjson::dom::element table;
  if (root["Table"].get(table) != simdjson::SUCCESS) {
    return Status::DataError("DescribeTable answered without a Table");
  }
  TableDescription description;
  std::string_view text;
  if (table["TableName"].get_string().get(text) == simdjson::SUCCESS) description.name = text;
  if (table["TableStatus"].get_string().get(text) == simdjson::SUCCESS) description.status = text;
  int64_t count = 0;
  if (table["ItemCount"].get_int64().get(count) == simdjson::SUCCESS)
    description.item_count = count;
  simdjson::dom::array keys;
  if (table["KeySchema"].get_array().get(keys) == simdjson::SUCCESS) {
    for (simdjson::dom::element key : keys) {
      std::string_view name, type;
      if (key["AttributeName"].get_string().get(name) != simdjson::SUCCESS) continue;
      if (key["KeyType"].get_string().get(type) != simdjson::SUCCESS) continue;
      if (type == "HASH") {
        description.hash_key = name;
      } else {
        description.has_range_key = true;
      }
    }
  }
  simdjson::dom::array attributes;
  if (table["AttributeDefinitions"].get_array().get(attributes) == simdjson::SUCCESS) {
    for (simdjson::dom::element attribute : attributes) {
      std::string_view name, type;
      if (attribute["AttributeName"].get_string().get(name) != simdjson::SUCCESS) continue;
      if (attribute["AttributeType"].get_string().get(type) != simdjson::SUCCESS) continue;
      if (name == description.hash_key) description.hash_key_type = TypeOfCode(type);
    }
  }
  return description;
}

}  // namespace

Result<std::unique_ptr<DynamoDbClient>> DynamoDbClient::Make(const aws::AwsClientOptions& options) {
  RP_ASSIGN_OR_RETURN(std::unique_ptr<aws::AwsJsonClient> client,
                      aws::AwsJsonClient::Make(aws::AwsJsonService::DynamoDb(), options));
  return std::make_unique<DynamoDbClient>(std::move(client));
}

DynamoDbClient::DynamoDbClient(std::unique_ptr<aws::AwsJsonClient> client)
    : client_(std::move(client)) {}

DynamoDbClient::~DynamoDbClient() = default;

const std::string& DynamoDbClient::endpoint() const { return client_->endpoint(); }

Result<std::string> DynamoDbClient::Call(const char* operation, const std::string& body) {
  ++calls_;
  return client_->Call(operation, body);
}

Status DynamoDbClient::CreateTable(const std::string& table, const std::string& hash_key,
                                   AttributeType key_type, std::chrono::milliseconds wait) {
  JsonWriter out;
  out.BeginObject().Key("TableName").String(table).Key("BillingMode").String("PAY_PER_REQUEST");
  out.Key("AttributeDefinitions").BeginArray().BeginObject();
  out.Key("AttributeName")
      .String(hash_key)
      .Key("AttributeType")
      .String(AttributeTypeCode(key_type));
  out.EndObject().EndArray();
  out.Key("KeySchema").BeginArray().BeginObject();
  out.Key("AttributeName").String(hash_key).Key("KeyType").String("HASH");
  out.EndObject().EndArray().EndObject();
  RP_RETURN_IF_ERROR(Call("CreateTable", out.str()).status());
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (true) {
    RP_ASSIGN_OR_RETURN(std::optional<TableDescription> description, DescribeTable(table));
    if (description && description->status == "ACTIVE") return Status::OK();
    if (std::chrono::steady_clock::now() >= deadline) {
      return Status::Unavailable("DynamoDB table " + table + " at " + endpoint() +
                                 " is not ACTIVE yet after it was created");
    }
    std::this_thread::sleep_for(kCreatePoll);
  }
}

Status DynamoDbClient::DeleteTable(const std::string& table) {
  return Call("DeleteTable", TableRequest(table)).status();
}

Result<std::optional<TableDescription>> DynamoDbClient::DescribeTable(const std::string& table) {
  Result<std::string> answer = Call("DescribeTable", TableRequest(table));
  if (!answer.ok() && answer.error().IsNotFound()) return std::optional<TableDescription>();
  RP_RETURN_IF_ERROR(answer.status());
  simdjson::dom::parser parser;
  RP_ASSIGN_OR_RETURN(simdjson::dom::element root, Parse(parser, *answer, "DescribeTable"));
  RP_ASSIGN_OR_RETURN(TableDescription description, ReadDescription(root));
  return std::optional<TableDescription>(std::move(description));
}

Result<std::vector<Item>> DynamoDbClient::BatchWriteItem(const std::string& table,
                                                         std::span<const Item> puts) {
  if (puts.size() > kMaxBatchWriteItems) {
    return Status::InvalidArgument("BatchWriteItem takes at most 25 items, got " +
                                   std::to_string(puts.size()));
  }
  std::vector<Item> unprocessed;
  if (puts.empty()) return unprocessed;
  JsonWriter out;
  out.BeginObject().Key("RequestItems").BeginObject().Key(table).BeginArray();
  for (const Item& item : puts) {
    out.BeginObject().Key("PutRequest").BeginObject().Key("Item");
    WriteItem(out, item);
    out.EndObject().EndObject();
  }
  out.EndArray().EndObject().EndObject();
  RP_ASSIGN_OR_RETURN(std::string answer, Call("BatchWriteItem", out.str()));
  simdjson::dom::parser parser;
  RP_ASSIGN_OR_RETURN(simdjson::dom::element root, Parse(parser, answer, "BatchWriteItem"));
  simdjson::dom::array left;
  if (root["UnprocessedItems"][table].get_array().get(left) != simdjson::SUCCESS) {
    return unprocessed;  // no UnprocessedItems, or none for this table
  }
  for (simdjson::dom::element request : left) {
    simdjson::dom::element item;
    if (request["PutRequest"]["Item"].get(item) != simdjson::SUCCESS) {
      return Status::DataError("BatchWriteItem returned an unprocessed request that is not a put");
    }
    RP_ASSIGN_OR_RETURN(Item parsed, ReadItem(item));
    unprocessed.push_back(std::move(parsed));
  }
  return unprocessed;
}

Status DynamoDbClient::PutItem(const std::string& table, const Item& item) {
  JsonWriter out;
  out.BeginObject().Key("TableName").String(table).Key("Item");
  WriteItem(out, item);
  out.EndObject();
  return Call("PutItem", out.str()).status();
}

Result<std::optional<Item>> DynamoDbClient::GetItem(const std::string& table, const Item& key) {
  JsonWriter out;
  out.BeginObject().Key("TableName").String(table).Key("ConsistentRead").Bool(true).Key("Key");
  WriteItem(out, key);
  out.EndObject();
  RP_ASSIGN_OR_RETURN(std::string answer, Call("GetItem", out.str()));
  simdjson::dom::parser parser;
  RP_ASSIGN_OR_RETURN(simdjson::dom::element root, Parse(parser, answer, "GetItem"));
  simdjson::dom::element item;
  if (root["Item"].get(item) != simdjson::SUCCESS) return std::optional<Item>();
  RP_ASSIGN_OR_RETURN(Item parsed, ReadItem(item));
  return std::optional<Item>(std::move(parsed));
}

Result<ScanPage> DynamoDbClient::Scan(const std::string& table, const Item& exclusive_start_key,
                                      int limit) {
  JsonWriter out;
  out.BeginObject().Key("TableName").String(table).Key("ConsistentRead").Bool(true);
  out.Key("Limit").Int(limit);
  if (!exclusive_start_key.empty()) {
    out.Key("ExclusiveStartKey");
    WriteItem(out, exclusive_start_key);
  }
  out.EndObject();
  RP_ASSIGN_OR_RETURN(std::string answer, Call("Scan", out.str()));
  simdjson::dom::parser parser;
  RP_ASSIGN_OR_RETURN(simdjson::dom::element root, Parse(parser, answer, "Scan"));
  ScanPage page;
  simdjson::dom::array items;
  if (root["Items"].get_array().get(items) == simdjson::SUCCESS) {
    for (simdjson::dom::element item : items) {
      RP_ASSIGN_OR_RETURN(Item parsed, ReadItem(item));
      page.items.push_back(std::move(parsed));
    }
  }
  simdjson::dom::element last;
  if (root["LastEvaluatedKey"].get(last) == simdjson::SUCCESS) {
    RP_ASSIGN_OR_RETURN(page.last_evaluated_key, ReadItem(last));
  }
  return page;
}

Result<int64_t> DynamoDbClient::CountItems(const std::string& table) {
  int64_t total = 0;
  Item start;
  do {
    JsonWriter out;
    out.BeginObject().Key("TableName").String(table).Key("Select").String("COUNT");
    out.Key("ConsistentRead").Bool(true).Key("Limit").Int(kCountPageSize);
    if (!start.empty()) {
      out.Key("ExclusiveStartKey");
      WriteItem(out, start);
    }
    out.EndObject();
    RP_ASSIGN_OR_RETURN(std::string answer, Call("Scan", out.str()));
    simdjson::dom::parser parser;
    RP_ASSIGN_OR_RETURN(simdjson::dom::element root, Parse(parser, answer, "Scan"));
    int64_t count = 0;
    if (root["Count"].get_int64().get(count) != simdjson::SUCCESS) {
      return Status::DataError("Scan (Select COUNT) answered without a Count");
    }
    total += count;
    start.clear();
    simdjson::dom::element last;
    if (root["LastEvaluatedKey"].get(last) == simdjson::SUCCESS) {
      RP_ASSIGN_OR_RETURN(start, ReadItem(last));
    }
  } while (!start.empty());
  return total;
}

}  // namespace retailpipe::dynamodb
