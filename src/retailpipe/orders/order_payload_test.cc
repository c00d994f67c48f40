// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/orders/order_payload.h"

#include <string>

#include <gtest/gtest.h>

#include "retailpipe/gen/order_generator.h"
#include "retailpipe/orders/orders_testing.h"

namespace retailpipe::orders {
namespace {

/// A valid payload in the seed's layout, with `{{X}}` placeholders patched by tests.
constexpr const char* kValid =
    R"({"event_id":"ev-1","event_type":"ORDER_CREATED","event_timestamp":"2024-05-01 10:00:00",)"
    R"("order_id":"ord-1","order_details":{"customer_id":"cus-1",)"
    R"("order_timestamp":"2024-05-01 10:00:00","order_date":"2024-05-01","items":[)"
    R"({"product_id":"prod-1","product_name":"BILLY","price":34.9900016784668,"quantity":2,)"
    R"("packages":[{"package_id":"00245842","subpackage_id":1,"quantity":3,"weight":1.5,)"
    R"("volume":200.0}]}],"total_amount":69.9800033569336,"total_volume":1200.0,)"
    R"("total_weight":9.0,"status":"RECEIVED","destination_address":{"address_id":"cus-9",)"
    R"("coordinates":[40.4,-3.7],"lat":40.4,"lon":-3.7},"payment_details":{"payment_method":"",)"
    R"("payment_status":"","transaction_id":""}}})";

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  const size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

std::string ReasonOf(const std::string& json) {
  OrderPayloadParser parser;
  auto parsed = parser.Parse(json);
  if (parsed.ok()) return "<accepted>";
  EXPECT_EQ(parsed.error().code(), StatusCode::kDataError);
  return parsed.error().message();
}

TEST(OrderPayloadParser, ReadsEveryFieldTheSubscriberUses) {
  OrderPayloadParser parser;
  auto p = parser.Parse(kValid);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->event_id, "ev-1");
  EXPECT_EQ(p->event_type, "ORDER_CREATED");
  EXPECT_EQ(p->event_timestamp, "2024-05-01 10:00:00");
  EXPECT_EQ(p->order_id, "ord-1");
  EXPECT_EQ(p->customer_id, "cus-1");
  EXPECT_EQ(p->order_timestamp, "2024-05-01 10:00:00");
  EXPECT_EQ(p->total_amount, 69.9800033569336);
  EXPECT_EQ(p->total_volume, 1200.0);
  EXPECT_EQ(p->total_weight, 9.0);
  EXPECT_EQ(p->lat, 40.4);
  EXPECT_EQ(p->lon, -3.7);
  ASSERT_EQ(p->items.size(), 1u);
  EXPECT_EQ(p->items[0].product_id, "prod-1");
  EXPECT_EQ(p->items[0].product_name, "BILLY");
  EXPECT_EQ(p->items[0].price, 34.9900016784668);
  EXPECT_EQ(p->items[0].quantity, 2);
  ASSERT_EQ(p->items[0].packages.size(), 1u);
  EXPECT_EQ(p->items[0].packages[0].package_id, "00245842");
  EXPECT_EQ(p->items[0].packages[0].subpackage_id, 1);
  EXPECT_EQ(p->items[0].packages[0].quantity, 3);
  EXPECT_EQ(p->items[0].packages[0].weight, 1.5);
  EXPECT_EQ(p->items[0].packages[0].volume, 200.0);
  // Integers where doubles are expected are fine; the parser is reusable.
  EXPECT_EQ(ReasonOf(Replace(kValid, R"("weight":1.5)", R"("weight":2)")), "<accepted>");
  EXPECT_TRUE(parser.Parse(kValid).ok());
}

TEST(OrderPayloadParser, ReadsWhatTheGeneratorPublishes) {
  auto ref = testing::SmallReference(20, 1000);
  testing::GeneratedOrders gen = testing::Generate(ref, 200);
  OrderPayloadParser parser;
  for (const gen::Order& order : gen.orders) {
    auto p = parser.Parse(gen::OrderJson(order));
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    EXPECT_EQ(p->order_id, order.order_id);
    EXPECT_EQ(p->event_id, order.event_id);
    EXPECT_EQ(p->customer_id, order.address->client_id);
    EXPECT_EQ(p->order_timestamp, order.timestamp);
    EXPECT_EQ(p->total_amount, order.total_amount);
    EXPECT_EQ(p->total_weight, order.total_weight);
    EXPECT_EQ(p->total_volume, order.total_volume);
    EXPECT_EQ(p->lat, double{order.address->lat});
    ASSERT_EQ(p->items.size(), order.items.size());
    for (size_t i = 0; i < order.items.size(); ++i) {
      const gen::Product& product = *order.items[i].product->product;
      EXPECT_EQ(p->items[i].product_id, product.product_id);
      EXPECT_EQ(p->items[i].price, double{product.price});
      EXPECT_EQ(p->items[i].quantity, order.items[i].quantity);
      ASSERT_EQ(p->items[i].packages.size(), product.product_components.size());
      for (size_t j = 0; j < product.product_components.size(); ++j) {
        EXPECT_EQ(p->items[i].packages[j].package_id, product.product_components[j].package_id);
        EXPECT_EQ(p->items[i].packages[j].quantity, product.product_components[j].package_quantity);
        EXPECT_EQ(p->items[i].packages[j].weight,
                  double{order.items[i].product->packages[j]->weight});
      }
    }
  }
}

TEST(OrderPayloadParser, NamesTheReasonOfEveryBadPayload) {
  EXPECT_EQ(ReasonOf("{\"event_id\":").substr(0, 16), "not valid JSON (");
  EXPECT_EQ(ReasonOf("").substr(0, 16), "not valid JSON (");
  EXPECT_EQ(ReasonOf(std::string("{\"a\":\"\xff\"}")).substr(0, 16), "not valid JSON (");
  EXPECT_EQ(ReasonOf("[1,2]"), "the payload is not a JSON object");
  EXPECT_EQ(ReasonOf("42"), "the payload is not a JSON object");
  EXPECT_EQ(ReasonOf(Replace(kValid, R"("event_id":"ev-1",)", "")), "missing field event_id");
  EXPECT_EQ(ReasonOf(Replace(kValid, R"("event_id":"ev-1")", R"("event_id":null)")),
            "field event_id is null");
  EXPECT_EQ(ReasonOf(Replace(kValid, R"("event_id":"ev-1")", R"("event_id":7)")),
            "field event_id is not a string");
  EXPECT_EQ(ReasonOf(Replace(kValid, R"("order_id":"ord-1")", R"("order_id":"")")),
            "field order_id is empty");
  EXPECT_EQ(ReasonOf(Replace(kValid, R"("event_type":"ORDER_CREATED")",
                             R"("event_type":"ORDER_SHIPPED")")),
            "field event_type is \"ORDER_SHIPPED\", not ORDER_CREATED");
  EXPECT_EQ(ReasonOf(Replace(kValid, R"("event_timestamp":"2024-05-01 10:00:00")",
                             R"("event_timestamp":"2024-05-01T10:00:00")")),
            "field event_timestamp is not a timestamp YYYY-MM-DD HH:MM:SS");
  EXPECT_EQ(ReasonOf(Replace(kValid, R"("order_timestamp":"2024-05-01 10:00:00")",
                             R"("order_timestamp":"2024-13-01 10:00:00")")),
            "field order_details.order_timestamp is not a timestamp YYYY-MM-DD HH:MM:SS");
  EXPECT_EQ(ReasonOf(Replace(kValid, R"("order_details":{)", R"("order_details":[],"x":{)")),
            "field order_details is not an object");
  EXPECT_EQ(ReasonOf(Replace(kValid, R"("customer_id":"cus-1",)", "")),
            "missing field order_details.customer_id");
  EXPECT_EQ(ReasonOf(Replace(kValid, R"("total_weight":9.0)", R"("total_weight":"9")")),
            "field order_details.total_weight is not a number");
  EXPECT_EQ(ReasonOf(Replace(kValid, R"("lat":40.4,)", "")),
            "missing field order_details.destination_address.lat");
  EXPECT_EQ(ReasonOf(Replace(kValid, R"("items":[{)", R"("items":[],"x":[{)")),
            "field order_details.items is empty");
  EXPECT_EQ(ReasonOf(Replace(kValid, R"("items":[{)", R"("items":"none","x":[{)")),
            "field order_details.items is not an array");
  EXPECT_EQ(ReasonOf(Replace(kValid, R"("items":[{)", R"("items":[7,{)")),
            "field order_details.items[0] is not an object");
  EXPECT_EQ(ReasonOf(Replace(kValid, R"("quantity":2,)", R"("quantity":2.5,)")),
            "field order_details.items[0].quantity is not an integer");
  EXPECT_EQ(ReasonOf(Replace(kValid, R"("quantity":2,)", R"("quantity":0,)")),
            "field order_details.items[0].quantity is out of range (1..1000000)");
  EXPECT_EQ(ReasonOf(Replace(kValid, R"("price":34.9900016784668)", R"("price":-1)")),
            "field order_details.items[0].price is out of range (>= 0)");
  EXPECT_EQ(ReasonOf(Replace(kValid, R"("packages":[{)", R"("packages":[],"x":[{)")),
            "field order_details.items[0].packages is empty");
  EXPECT_EQ(ReasonOf(Replace(kValid, R"("package_id":"00245842")", R"("package_id":"")")),
            "field order_details.items[0].packages[0].package_id is empty");
  EXPECT_EQ(ReasonOf(Replace(kValid, R"("subpackage_id":1)", R"("subpackage_id":-1)")),
            "field order_details.items[0].packages[0].subpackage_id is out of range "
            "(0..2147483647)");
  EXPECT_EQ(ReasonOf(Replace(kValid, R"("quantity":3,)", R"("quantity":3000000,)")),
            "field order_details.items[0].packages[0].quantity is out of range (1..1000000)");
  EXPECT_EQ(ReasonOf(Replace(Replace(kValid, R"("quantity":3,)", R"("quantity":1000000,)"),
                             R"("quantity":2,)", R"("quantity":5000,)")),
            "items_quantity of order_details.items[0].packages[0] is out of range "
            "(1..2147483647)");
  EXPECT_EQ(ReasonOf(Replace(kValid, R"("volume":200.0)", R"("volume":null)")),
            "field order_details.items[0].packages[0].volume is null");
}

TEST(OrderPayloadParser, ChecksTimestampsStrictly) {
  EXPECT_TRUE(IsPayloadTimestamp("2024-05-01 10:00:00"));
  EXPECT_TRUE(IsPayloadTimestamp("1999-12-31 23:59:59"));
  EXPECT_FALSE(IsPayloadTimestamp("2024-05-01 24:00:00"));
  EXPECT_FALSE(IsPayloadTimestamp("2024-00-01 10:00:00"));
  EXPECT_FALSE(IsPayloadTimestamp("2024-05-32 10:00:00"));
  EXPECT_FALSE(IsPayloadTimestamp("2024-05-01 10:00"));
  EXPECT_FALSE(IsPayloadTimestamp("2024-05-01 10:00:00.5"));
  EXPECT_FALSE(IsPayloadTimestamp("2024/05/01 10:00:00"));
  EXPECT_FALSE(IsPayloadTimestamp("2024-05-01 1a:00:00"));
}

}  // namespace
}  // namespace retailpipe::orders
