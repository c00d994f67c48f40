// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/kafka_internal.h"

#include <gtest/gtest.h>

namespace retailpipe::stream::kafka {
namespace {

KafkaUri Uri(std::string_view text) { return KafkaUri::Parse(text).value(); }

TEST(KafkaErrorStatus, UnreachableBrokerNamesItAndTheFix) {
  const Status status =
      ErrorStatus(Uri("kafka://127.0.0.1:19092"), RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, "polling");
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_NE(status.message().find("polling at kafka 127.0.0.1:19092"), std::string::npos)
      << status.message();
  EXPECT_NE(status.message().find("scripts/kafka_server.sh start"), std::string::npos);
  EXPECT_NE(status.message().find("[_ALL_BROKERS_DOWN]"), std::string::npos) << status.message();
}

TEST(KafkaErrorStatus, MapsCodesToStatusCodes) {
  const KafkaUri uri = Uri("kafka://h");
  const std::pair<rd_kafka_resp_err_t, StatusCode> cases[] = {
      {RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, StatusCode::kUnavailable},
      {RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, StatusCode::kUnavailable},
      {RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS, StatusCode::kUnavailable},
      {RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, StatusCode::kNotFound},
      {RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED, StatusCode::kInvalidArgument},
      {RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, StatusCode::kInvalidArgument},
      {RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, StatusCode::kInvalidArgument},
      {RD_KAFKA_RESP_ERR__PURGE_QUEUE, StatusCode::kCancelled},
      {RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER, StatusCode::kFailedPrecondition},
      {RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION, StatusCode::kIoError},
  };
  for (const auto& [err, code] : cases) {
    EXPECT_EQ(ErrorStatus(uri, err, "x").code(), code) << rd_kafka_err2name(err);
  }
}

TEST(KafkaErrorStatus, ScrubsSecretsFromLibraryText) {
  const Status status = ErrorStatus(Uri("kafka://u:hunter22@h"), RD_KAFKA_RESP_ERR__AUTHENTICATION,
                                    "connecting", "SASL PLAIN for u/hunter22 failed");
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message().find("hunter22"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("check the user, password"), std::string::npos);
}

TEST(KafkaConf, AppliesFixedSettingsLastAndSaslDefaults) {
  const KafkaUri uri = Uri("kafka://u:pw@h:1?client.id=mine&linger.ms=7");
  const Setting defaults[] = {{"client.id", "retailpipe"}};
  const Setting fixed[] = {{"enable.idempotence", "true"}};
  auto conf = NewConf(uri, defaults, fixed);
  ASSERT_TRUE(conf.ok()) << conf.status().ToString();
  auto get = [&](const char* key) {
    char value[256];
    size_t size = sizeof(value);
    EXPECT_EQ(rd_kafka_conf_get(conf->get(), key, value, &size), RD_KAFKA_CONF_OK) << key;
    return std::string(value);
  };
  EXPECT_EQ(get("bootstrap.servers"), "h:1");
  EXPECT_EQ(get("client.id"), "mine");
  EXPECT_EQ(get("linger.ms"), "7");
  EXPECT_EQ(get("enable.idempotence"), "true");
  EXPECT_EQ(get("sasl.username"), "u");
  EXPECT_EQ(get("security.protocol"), "sasl_ssl");
  EXPECT_EQ(get("sasl.mechanisms"), "PLAIN");
}

TEST(KafkaConf, RejectsAnUnknownSettingByName) {
  auto conf = NewConf(Uri("kafka://h?linger.ms=soon"), {}, {});
  ASSERT_FALSE(conf.ok());
  EXPECT_EQ(conf.error().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(conf.error().message().find("'linger.ms'"), std::string::npos)
      << conf.error().message();
}

}  // namespace
}  // namespace retailpipe::stream::kafka
