// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/storage/s3_multipart_upload.h"

#include <string>
#include <utility>

#include "retailpipe/base/log.h"
#include "retailpipe/storage/s3_object_store.h"
#include "retailpipe/storage/s3_xml.h"

namespace retailpipe::storage {

namespace {

S3Request UploadRequest(const S3ObjectStore& store, std::string method, std::string full_key) {
  S3Request request;
  request.method = std::move(method);
  request.bucket = store.bucket();
  request.key = std::move(full_key);
  return request;
}

}  // namespace

Result<std::unique_ptr<S3MultipartUpload>> S3MultipartUpload::Begin(const S3ObjectStore& store,
                                                                    std::string full_key) {
  S3Request request = UploadRequest(store, "POST", full_key);
  request.query = {{"uploads", ""}};
  RP_ASSIGN_OR_RETURN(S3Response response, store.Call(request));
  RP_ASSIGN_OR_RETURN(std::string upload_id, ParseUploadId(response.body));
  return std::make_unique<S3MultipartUpload>(store, std::move(full_key), std::move(upload_id));
}

S3MultipartUpload::S3MultipartUpload(const S3ObjectStore& store, std::string full_key,
                                     std::string upload_id)
    : store_(store), full_key_(std::move(full_key)), upload_id_(std::move(upload_id)) {}

S3MultipartUpload::~S3MultipartUpload() {
  if (completed_) return;
  S3Request request = UploadRequest(store_, "DELETE", full_key_);
  request.query = {{"uploadId", upload_id_}};
  auto aborted = store_.Call(request);
  if (!aborted.ok() && !aborted.status().IsNotFound()) {
    // Nothing more can be done here; S3 lifecycle rules reap what is left.
    log::Get("storage").warn("could not abort multipart upload of s3://{}/{}: {}", store_.bucket(),
                             full_key_, aborted.status().ToString());
  }
}

Status S3MultipartUpload::UploadPart(std::string_view data) {
  S3Request request = UploadRequest(store_, "PUT", full_key_);
  request.query = {{"partNumber", std::to_string(etags_.size() + 1)}, {"uploadId", upload_id_}};
  request.body = data;
  RP_ASSIGN_OR_RETURN(S3Response response, store_.Call(request));
  auto etag = response.headers.find("etag");
  if (etag == response.headers.end()) {
    return Status::IoError("S3 returned no ETag for part " + std::to_string(etags_.size() + 1));
  }
  etags_.push_back(etag->second);
  return Status::OK();
}

std::string S3MultipartUpload::CompleteXml() const {
  std::string xml = "<CompleteMultipartUpload>";
  for (size_t i = 0; i < etags_.size(); ++i) {
    xml += "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>" +
           XmlEscape(etags_[i]) + "</ETag></Part>";
  }
  return xml + "</CompleteMultipartUpload>";
}

Status S3MultipartUpload::Complete() {
  std::string xml = CompleteXml();
  S3Request request = UploadRequest(store_, "POST", full_key_);
  request.query = {{"uploadId", upload_id_}};
  request.body = xml;
  RP_ASSIGN_OR_RETURN(S3Response response, store_.Call(request));
  // CompleteMultipartUpload can fail after answering 200: the error is in the body.
  S3Error error = ParseS3Error(response.body);
  if (!error.code.empty()) {
    return Status::IoError("completing the multipart upload failed: " + error.code + ": " +
                           error.message);
  }
  completed_ = true;
  return Status::OK();
}

}  // namespace retailpipe::storage
