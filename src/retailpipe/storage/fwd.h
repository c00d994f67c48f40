// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace retailpipe::storage {

struct ObjectInfo;
struct ListPage;
struct ListOptions;
class ObjectStore;
class LocalObjectStore;
class MemoryObjectStore;
class S3ObjectStore;
class S3HttpClient;
class S3MultipartUpload;

}  // namespace retailpipe::storage
