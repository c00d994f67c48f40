// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/stream/kinesis_stream.h"

#include <utility>

#include "retailpipe/stream/kinesis_consumer.h"
#include "retailpipe/stream/kinesis_dir_checkpoints.h"
#include "retailpipe/stream/kinesis_producer.h"

namespace retailpipe::stream {

Result<std::unique_ptr<KinesisStream>> KinesisStream::Open(std::string_view uri) {
  RP_ASSIGN_OR_RETURN(KinesisOptions options,
                      KinesisOptions::FromUri(uri, aws::ProcessEnvironment()));
  return std::make_unique<KinesisStream>(std::move(options));
}

KinesisStream::KinesisStream(KinesisOptions options)
    : KinesisStream(std::move(options), [](const aws::AwsClientOptions& client) {
        return aws::AwsJsonClient::Make(aws::AwsJsonService::Kinesis(), client);
      }) {}

KinesisStream::KinesisStream(KinesisOptions options, ClientFactory factory)
    : options_(std::move(options)), factory_(std::move(factory)) {}

Result<std::unique_ptr<StreamProducer>> KinesisStream::NewProducer() const {
  RP_ASSIGN_OR_RETURN(std::unique_ptr<aws::AwsJsonClient> client, factory_(options_.client));
  return std::unique_ptr<StreamProducer>(
      std::make_unique<KinesisProducer>(options_, std::move(client)));
}

Result<std::unique_ptr<StreamConsumer>> KinesisStream::NewConsumer(
    std::string_view group_id) const {
  RP_ASSIGN_OR_RETURN(
      std::unique_ptr<kinesis::DirCheckpoints> checkpoints,
      kinesis::DirCheckpoints::Open(options_.checkpoint_dir, std::string(group_id)));
  RP_ASSIGN_OR_RETURN(std::unique_ptr<aws::AwsJsonClient> client, factory_(options_.client));
  return std::unique_ptr<StreamConsumer>(std::make_unique<KinesisConsumer>(
      options_, std::string(group_id), std::move(client), std::move(checkpoints)));
}

}  // namespace retailpipe::stream
