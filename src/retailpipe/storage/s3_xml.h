// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "retailpipe/base/result.h"
#include "retailpipe/storage/object_store.h"

// Parsers for the XML documents the S3 REST API answers with. Pure functions over text, so
// they are unit-tested without a server. Keys are returned exactly as S3 sends them (with the
// store's root prefix); the caller strips it.
namespace retailpipe::storage {

/// One ListObjectsV2 response page.
struct S3ListResult {
  std::vector<ObjectInfo> objects;           ///< Full keys, as listed.
  std::vector<std::string> common_prefixes;  ///< Full prefixes, as listed.
  bool is_truncated = false;
  std::string next_continuation_token;
};

/// The <Error> document of a failed request; fields are empty when absent.
struct S3Error {
  std::string code;     ///< "NoSuchKey", "NoSuchBucket", "SlowDown", ...
  std::string message;  ///< The server's human-readable text.
};

/// Parse a ListBucketResult. Errors: kDataError if `xml` is not well-formed or not a listing.
Result<S3ListResult> ParseListObjectsV2(std::string_view xml);

/// Parse an <Error> document; an empty or malformed body gives an empty S3Error.
S3Error ParseS3Error(std::string_view xml);

/// Return the UploadId of an InitiateMultipartUploadResult. Errors: kDataError.
Result<std::string> ParseUploadId(std::string_view xml);

/// Return "<ISO 8601>" (e.g. "2009-10-12T17:50:30.000Z") as Unix epoch milliseconds, 0 if
/// it cannot be parsed.
int64_t ParseIsoTimeMs(std::string_view text);

/// Return `text` with &, <, >, " and ' escaped for XML character data.
std::string XmlEscape(std::string_view text);

}  // namespace retailpipe::storage
