// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/storage/s3_object_store.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <utility>

#include <curl/curl.h>

#include "retailpipe/storage/byte_range.h"
#include "retailpipe/storage/list_page_builder.h"
#include "retailpipe/storage/local_file.h"
#include "retailpipe/storage/s3_error_status.h"
#include "retailpipe/storage/s3_multipart_upload.h"
#include "retailpipe/storage/s3_xml.h"
#include "retailpipe/storage/temp_file.h"

namespace retailpipe::storage {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kScheme = "s3://";
constexpr long kFirstErrorStatus = 300;
constexpr long kNotFoundStatus = 404;
constexpr long kPartialContent = 206;
constexpr long kRangeNotSatisfiable = 416;
constexpr int64_t kMsPerSecond = 1000;

template <typename T>
Result<T> WithContext(Result<T> result, std::string_view context) {
  if (result.ok()) return result;
  return std::move(result).error().WithContext(context);
}

bool IsSuccess(const S3Response& response) { return response.status < kFirstErrorStatus; }

/// Return the parsed header `name` as an unsigned number, 0 if absent or malformed.
uint64_t HeaderNumber(const S3Response& response, const std::string& name) {
  auto it = response.headers.find(name);
  if (it == response.headers.end()) return 0;
  uint64_t value = 0;
  for (char c : it->second) {
    if (c < '0' || c > '9') return 0;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value;
}

std::string Unquote(std::string text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    return text.substr(1, text.size() - 2);
  }
  return text;
}

/// Read `size` bytes of `in` into a string. Errors: kIoError.
Result<std::string> ReadChunk(std::ifstream& in, uint64_t size, const std::string& path) {
  std::string data(size, '\0');
  in.read(data.data(), static_cast<std::streamsize>(size));
  if (static_cast<uint64_t>(in.gcount()) != size) {
    return Status::IoError("short read from " + path + " (did it change during the upload?)");
  }
  return data;
}

}  // namespace

Result<std::unique_ptr<S3ObjectStore>> S3ObjectStore::Open(std::string_view uri) {
  RP_ASSIGN_OR_RETURN(S3Options options, ResolveS3Options(aws::ProcessEnvironment()));
  return Open(uri, std::move(options));
}

Result<std::unique_ptr<S3ObjectStore>> S3ObjectStore::Open(std::string_view uri,
                                                           S3Options options) {
  if (!uri.starts_with(kScheme)) {
    return Status::InvalidArgument("not an s3:// URI: \"" + std::string(uri) + "\"");
  }
  std::string_view rest = uri.substr(kScheme.size());
  size_t slash = rest.find('/');
  std::string bucket(rest.substr(0, slash));
  std::string prefix(slash == std::string_view::npos ? "" : rest.substr(slash + 1));
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  if (bucket.empty())
    return Status::InvalidArgument("\"" + std::string(uri) + "\" names no bucket");
  if (!prefix.empty()) {
    RP_RETURN_IF_ERROR(ValidateKey(prefix).WithContext("in the prefix of " + std::string(uri)));
    prefix += '/';
  }
  RP_ASSIGN_OR_RETURN(std::unique_ptr<S3HttpClient> client, S3HttpClient::Make(std::move(options)));
  return std::make_unique<S3ObjectStore>(std::move(client), std::move(bucket), std::move(prefix));
}

S3ObjectStore::S3ObjectStore(std::unique_ptr<S3HttpClient> client, std::string bucket,
                             std::string prefix)
    : client_(std::move(client)),
      bucket_(std::move(bucket)),
      prefix_(std::move(prefix)),
      uri_(std::string(kScheme) + bucket_ +
           (prefix_.empty() ? "" : "/" + prefix_.substr(0, prefix_.size() - 1))) {}

std::string S3ObjectStore::KeyUri(std::string_view key) const {
  return std::string(kScheme) + bucket_ + "/" + prefix_ + std::string(key);
}

S3Request S3ObjectStore::ObjectRequest(std::string method, std::string_view key) const {
  S3Request request;
  request.method = std::move(method);
  request.bucket = bucket_;
  request.key = prefix_ + std::string(key);
  return request;
}

Status S3ObjectStore::ErrorFor(const S3Response& response, const S3Request& request) const {
  S3Target target{std::string(kScheme) + bucket_ + "/" + request.key, bucket_,
                  client_->EndpointFor(bucket_)};
  return S3ErrorStatus(response, target);
}

Result<S3Response> S3ObjectStore::Call(const S3Request& request) const {
  RP_ASSIGN_OR_RETURN(S3Response response, client_->Send(request));
  if (IsSuccess(response)) return response;
  return ErrorFor(response, request);
}

ListPage S3ObjectStore::ToPage(S3ListResult result) const {
  ListPage page;
  for (ObjectInfo& info : result.objects) {
    info.key = info.key.substr(std::min(prefix_.size(), info.key.size()));
    page.objects.push_back(std::move(info));
  }
  for (const std::string& prefix : result.common_prefixes) {
    page.common_prefixes.push_back(prefix.substr(std::min(prefix_.size(), prefix.size())));
  }
  if (result.is_truncated) page.next_token = std::move(result.next_continuation_token);
  return page;
}

Result<ListPage> S3ObjectStore::List(const ListOptions& options) {
  auto list = [&]() -> Result<ListPage> {
    RP_RETURN_IF_ERROR(ValidateListOptions(options));
    S3Request request;
    request.bucket = bucket_;
    request.query = {{"list-type", "2"},
                     {"prefix", prefix_ + options.prefix},
                     {"max-keys", std::to_string(options.max_keys)}};
    if (!options.delimiter.empty()) request.query.emplace_back("delimiter", options.delimiter);
    if (!options.continuation_token.empty()) {
      request.query.emplace_back("continuation-token", options.continuation_token);
    }
    RP_ASSIGN_OR_RETURN(S3Response response, Call(request));
    RP_ASSIGN_OR_RETURN(S3ListResult result, ParseListObjectsV2(response.body));
    return ToPage(std::move(result));
  };
  return WithContext(list(), "while listing " + KeyUri(options.prefix));
}

Result<std::optional<ObjectInfo>> S3ObjectStore::Head(std::string_view key) {
  auto head = [&]() -> Result<std::optional<ObjectInfo>> {
    RP_RETURN_IF_ERROR(ValidateKey(key));
    S3Request request = ObjectRequest("HEAD", key);
    RP_ASSIGN_OR_RETURN(S3Response response, client_->Send(request));
    if (response.status == kNotFoundStatus) return std::optional<ObjectInfo>();
    if (!IsSuccess(response)) return ErrorFor(response, request);
    ObjectInfo info;
    info.key = std::string(key);
    info.size = HeaderNumber(response, "content-length");
    info.etag = Unquote(response.headers["etag"]);
    info.mtime_ms =
        static_cast<int64_t>(curl_getdate(response.headers["last-modified"].c_str(), nullptr)) *
        kMsPerSecond;
    return std::optional<ObjectInfo>(std::move(info));
  };
  return WithContext(head(), "while reading " + KeyUri(key));
}

Result<std::string> S3ObjectStore::Get(std::string_view key, uint64_t offset, int64_t length) {
  auto get = [&]() -> Result<std::string> {
    RP_RETURN_IF_ERROR(ValidateKey(key));
    if (offset != 0 || length >= 0) return GetRange(key, offset, length);
    RP_ASSIGN_OR_RETURN(S3Response response, Call(ObjectRequest("GET", key)));
    return std::move(response.body);
  };
  return WithContext(get(), "while reading " + KeyUri(key));
}

Result<std::string> S3ObjectStore::GetRange(std::string_view key, uint64_t offset, int64_t length) {
  S3Request request = ObjectRequest("GET", key);
  std::string last = length > 0 ? std::to_string(offset + static_cast<uint64_t>(length) - 1) : "";
  request.headers = {{"range", "bytes=" + std::to_string(offset) + "-" + last}};
  S3Response response;
  if (length != 0) {
    RP_ASSIGN_OR_RETURN(response, client_->Send(request));
  }
  if (length == 0 || response.status == kRangeNotSatisfiable) {
    // S3 cannot express an empty range: learn the size and answer as RangeLength() says.
    RP_ASSIGN_OR_RETURN(std::optional<ObjectInfo> info, Head(key));
    if (!info) return Status::NotFound("no such object " + KeyUri(key));
    RP_RETURN_IF_ERROR(RangeLength(info->size, offset, length).status());
    return std::string();
  }
  if (!IsSuccess(response)) return ErrorFor(response, request);
  if (response.status == kPartialContent) return std::move(response.body);
  // A server that ignores Range sends the whole object.
  RP_ASSIGN_OR_RETURN(uint64_t count, RangeLength(response.body.size(), offset, length));
  return response.body.substr(offset, count);
}

Status S3ObjectStore::Download(std::string_view key, const std::string& path) {
  auto download = [&]() -> Status {
    RP_RETURN_IF_ERROR(ValidateKey(key));
    std::error_code ec;
    fs::path to = fs::absolute(path, ec);
    if (ec) return ErrnoStatus("resolving " + path, ec.value());
    std::unique_ptr<TempFile> temp;
    S3Request request = ObjectRequest("GET", key);
    request.sink = [&](std::string_view chunk) { return temp->Write(chunk); };
    request.reset_sink = [&]() -> Status {
      temp.reset();  // a failed attempt's partial file goes
      RP_ASSIGN_OR_RETURN(temp, MakeTempBeside(to));
      return Status::OK();
    };
    RP_RETURN_IF_ERROR(Call(request).status());
    return temp->RenameTo(to, Durability::kScratch);
  };
  return download().WithContext("while downloading " + KeyUri(key) + " to " + path);
}

Status S3ObjectStore::PutObject(std::string_view key, std::string_view data, IfAbsent if_absent) {
  RP_RETURN_IF_ERROR(ValidateKey(key));
  S3Request request = ObjectRequest("PUT", key);
  request.body = data;
  if (if_absent == IfAbsent::kYes) request.headers = {{"if-none-match", "*"}};
  return Call(request).status();
}

Status S3ObjectStore::Put(std::string_view key, std::string_view data) {
  return PutObject(key, data, IfAbsent::kNo).WithContext("while writing " + KeyUri(key));
}

Status S3ObjectStore::PutIfAbsent(std::string_view key, std::string_view data) {
  return PutObject(key, data, IfAbsent::kYes).WithContext("while creating " + KeyUri(key));
}

Status S3ObjectStore::Upload(const std::string& path, std::string_view key) {
  auto upload = [&]() -> Status {
    RP_RETURN_IF_ERROR(ValidateKey(key));
    std::error_code ec;
    uint64_t size = fs::file_size(path, ec);
    if (ec == std::errc::no_such_file_or_directory) return Status::NotFound("no such file");
    if (ec) return ErrnoStatus("reading " + path, ec.value());
    if (size > kMultipartThreshold) return UploadMultipart(path, size, key);
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::IoError("cannot open " + path);
    RP_ASSIGN_OR_RETURN(std::string data, ReadChunk(in, size, path));
    return PutObject(key, data, IfAbsent::kNo);
  };
  return upload().WithContext("while uploading " + path + " to " + KeyUri(key));
}

Status S3ObjectStore::UploadMultipart(const std::string& path, uint64_t size,
                                      std::string_view key) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot open " + path);
  RP_ASSIGN_OR_RETURN(std::unique_ptr<S3MultipartUpload> upload,
                      S3MultipartUpload::Begin(*this, prefix_ + std::string(key)));
  for (uint64_t done = 0; done < size;) {
    uint64_t part = std::min(kPartSize, size - done);
    RP_ASSIGN_OR_RETURN(std::string data, ReadChunk(in, part, path));
    RP_RETURN_IF_ERROR(upload->UploadPart(data));
    done += part;
  }
  return upload->Complete();
}

Status S3ObjectStore::Copy(std::string_view src, std::string_view dst) {
  auto copy = [&]() -> Status {
    RP_RETURN_IF_ERROR(ValidateKey(src));
    RP_RETURN_IF_ERROR(ValidateKey(dst));
    S3Request request = ObjectRequest("PUT", dst);
    request.headers = {
        {"x-amz-copy-source",
         "/" + bucket_ + "/" + aws::UriEncode(prefix_ + std::string(src), aws::Slash::kKeep)}};
    auto response = Call(request);
    if (!response.ok() && response.status().IsNotFound()) {
      return Status::NotFound("no such object " + KeyUri(src));
    }
    RP_RETURN_IF_ERROR(response.status());
    // CopyObject can fail after answering 200: the error is in the body.
    S3Error error = ParseS3Error(response->body);
    if (!error.code.empty()) return Status::IoError(error.code + ": " + error.message);
    return Status::OK();
  };
  return copy().WithContext("while copying " + KeyUri(src) + " to " + KeyUri(dst));
}

Status S3ObjectStore::Move(std::string_view src, std::string_view dst) {
  RP_RETURN_IF_ERROR(Copy(src, dst));
  return Delete(src).WithContext("while moving " + KeyUri(src) + " to " + KeyUri(dst));
}

Status S3ObjectStore::Delete(std::string_view key) {
  auto remove = [&]() -> Status {
    RP_RETURN_IF_ERROR(ValidateKey(key));
    Status status = Call(ObjectRequest("DELETE", key)).status();
    // Deleting a missing key is fine; a missing bucket is not (kInvalidArgument).
    return status.IsNotFound() ? Status::OK() : status;
  };
  return remove().WithContext("while deleting " + KeyUri(key));
}

}  // namespace retailpipe::storage
