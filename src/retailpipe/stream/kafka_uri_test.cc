// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/kafka_uri.h"

#include <gtest/gtest.h>

#include "retailpipe/stream/stream.h"

namespace retailpipe::stream {
namespace {

using Option = std::pair<std::string, std::string>;

TEST(KafkaUri, ParsesBrokersAndOptions) {
  auto uri = KafkaUri::Parse(
      "kafka://k1.local:19092,k2.local,[::1]:9093?client.id=orders%20pub&linger.ms=5");
  ASSERT_TRUE(uri.ok()) << uri.status().ToString();
  EXPECT_EQ(uri->brokers,
            (std::vector<std::string>{"k1.local:19092", "k2.local:9092", "[::1]:9093"}));
  EXPECT_EQ(uri->bootstrap_servers(), "k1.local:19092,k2.local:9092,[::1]:9093");
  EXPECT_EQ(uri->options, (std::vector<Option>{{"client.id", "orders pub"}, {"linger.ms", "5"}}));
  EXPECT_EQ(uri->user, "");
  EXPECT_EQ(uri->password, "");
}

TEST(KafkaUri, DefaultsThePortAndAllowsATrailingSlash) {
  auto uri = KafkaUri::Parse("kafka://127.0.0.1/");
  ASSERT_TRUE(uri.ok()) << uri.status().ToString();
  EXPECT_EQ(uri->bootstrap_servers(), "127.0.0.1:9092");
  EXPECT_TRUE(uri->options.empty());
}

TEST(KafkaUri, TakesSaslCredentialsFromUserInfoAndRedactsThem) {
  auto uri = KafkaUri::Parse(
      "kafka://svc%40corp:p%40ss%3Aw@broker:9094?security.protocol=sasl_plaintext&"
      "sasl.mechanism=SCRAM-SHA-512");
  ASSERT_TRUE(uri.ok()) << uri.status().ToString();
  EXPECT_EQ(uri->user, "svc@corp");
  EXPECT_EQ(uri->password, "p@ss:w");
  EXPECT_EQ(uri->bootstrap_servers(), "broker:9094");
  EXPECT_EQ(uri->redacted.find("p%40ss"), std::string::npos) << uri->redacted;
  EXPECT_NE(uri->redacted.find("svc%40corp:***@broker:9094"), std::string::npos) << uri->redacted;
}

TEST(KafkaUri, ScrubHidesThePasswordAndSecretOptions) {
  auto uri = KafkaUri::Parse("kafka://u:hunter22@h?ssl.key.password=k3y&client.id=c");
  ASSERT_TRUE(uri.ok()) << uri.status().ToString();
  EXPECT_EQ(uri->Scrub("hunter22, k3y and c"), "***, *** and c");
  EXPECT_EQ(uri->redacted, "kafka://u:***@h?ssl.key.password=***&client.id=c");
}

TEST(KafkaUri, RejectsMalformedUrisWithoutLeakingThePassword) {
  for (const char* bad :
       {"kafka://u:sekrit@h:notaport", "kafka://u:sekrit@h:70000", "kafka://u:sekrit@h:0",
        "kafka://u:sekrit@", "kafka://u:sekrit@h1,,h2", "kafka://u:sekrit@:9092",
        "kafka://:sekrit@h", "kafka://u:sekrit%zz@h", "kafka://u:sekrit@h/topic",
        "kafka://u:sekrit@h?novalue", "kafka://u:sekrit@h?=v", "kafkas://u:sekrit@h",
        "kafka://u:sekrit@h?enable.idempotence=false", "kafka://u:sekrit@h?acks=1",
        "kafka://u:sekrit@h?enable.auto.commit=true", "kafka://u:sekrit@h?group.id=g",
        "kafka://u:sekrit@h?bootstrap.servers=x:1",
        "kafka://u:sekrit@h?enable.auto.offset.store=true", "no-scheme"}) {
    auto uri = KafkaUri::Parse(bad);
    ASSERT_FALSE(uri.ok()) << bad;
    EXPECT_EQ(uri.error().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(uri.error().message().find("sekrit"), std::string::npos) << uri.error().message();
  }
}

TEST(KafkaUri, NamesTheFixedSettingItRefuses) {
  auto uri = KafkaUri::Parse("kafka://h?acks=1");
  ASSERT_FALSE(uri.ok());
  EXPECT_NE(uri.error().message().find("'acks'"), std::string::npos) << uri.error().message();
}

TEST(OpenStream, OpensKafkaAndRejectsOtherSchemes) {
  auto kafka = OpenStream("kafka://u:pw@127.0.0.1:19092?client.id=t");
  ASSERT_TRUE(kafka.ok()) << kafka.status().ToString();
  EXPECT_EQ((*kafka)->redacted_uri(), "kafka://u:***@127.0.0.1:19092?client.id=t");
  auto other = OpenStream("kinesis://u:pw@stream");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(other.error().message().find(":pw@"), std::string::npos) << other.error().message();
}

TEST(OpenStream, RejectsSettingsTheClientRejectsWhenMakingAClient) {
  auto stream = OpenStream("kafka://127.0.0.1:1?no.such.setting=1");
  ASSERT_TRUE(stream.ok()) << stream.status().ToString();
  auto producer = (*stream)->NewProducer();
  ASSERT_FALSE(producer.ok());
  EXPECT_EQ(producer.error().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(producer.error().message().find("no.such.setting"), std::string::npos)
      << producer.error().message();
  auto consumer = (*stream)->NewConsumer("g");
  ASSERT_FALSE(consumer.ok());
  EXPECT_EQ(consumer.error().code(), StatusCode::kInvalidArgument);
  auto no_group = OpenStream("kafka://127.0.0.1:1").value()->NewConsumer("");
  ASSERT_FALSE(no_group.ok());
  EXPECT_EQ(no_group.error().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace retailpipe::stream
