// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/aws/aws_client_options.h"

#include "retailpipe/aws/endpoint.h"

namespace retailpipe::aws {

AwsJsonService AwsJsonService::Kinesis() {
  return {"Kinesis", "kinesis", "Kinesis_20131202", "application/x-amz-json-1.1",
          "AWS_ENDPOINT_URL_KINESIS"};
}

AwsJsonService AwsJsonService::DynamoDb() {
  return {"DynamoDB", "dynamodb", "DynamoDB_20120810", "application/x-amz-json-1.0",
          "AWS_ENDPOINT_URL_DYNAMODB"};
}

std::string AwsClientOptions::EndpointFor(const AwsJsonService& service) const {
  if (!endpoint.empty()) return endpoint;
  return "https://" + service.signing_name + "." + region + ".amazonaws.com";
}

Result<AwsClientOptions> ResolveAwsClientOptions(const AwsJsonService& service,
                                                 const EnvLookup& env) {
  AwsClientOptions options;
  RP_ASSIGN_OR_RETURN(
      options.endpoint,
      EndpointFromEnvironment(env, {service.endpoint_variable, "AWS_ENDPOINT_URL"}, service.name));
  RP_ASSIGN_OR_RETURN(options.region, ResolveRegion(env));
  RP_ASSIGN_OR_RETURN(options.credentials, ResolveCredentials(env));
  return options;
}

}  // namespace retailpipe::aws
