// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/storage/s3_xml.h"

#include <string>

#include <gtest/gtest.h>

namespace retailpipe::storage {
namespace {

constexpr std::string_view kTruncatedListing = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>bucket</Name><Prefix>root/</Prefix><KeyCount>3</KeyCount><MaxKeys>3</MaxKeys>
  <Delimiter>/</Delimiter><IsTruncated>true</IsTruncated>
  <Contents>
    <Key>root/a&amp;b.csv</Key><LastModified>2009-10-12T17:50:30.000Z</LastModified>
    <ETag>&quot;fba9dede5f27731c9771645a39863328&quot;</ETag><Size>434234</Size>
    <StorageClass>STANDARD</StorageClass>
  </Contents>
  <Contents><Key>root/b</Key><LastModified>2024-01-01T00:00:00Z</LastModified>
    <ETag>"e1"</ETag><Size>0</Size></Contents>
  <CommonPrefixes><Prefix>root/dir/</Prefix></CommonPrefixes>
  <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
</ListBucketResult>)";

TEST(ParseListObjectsV2, ReadsObjectsPrefixesAndToken) {
  auto result = ParseListObjectsV2(kTruncatedListing);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->objects.size(), 2u);
  EXPECT_EQ(result->objects[0].key, "root/a&b.csv");
  EXPECT_EQ(result->objects[0].size, 434234u);
  EXPECT_EQ(result->objects[0].etag, "fba9dede5f27731c9771645a39863328");
  EXPECT_EQ(result->objects[0].mtime_ms, 1255369830000);
  EXPECT_EQ(result->objects[1].key, "root/b");
  EXPECT_EQ(result->objects[1].size, 0u);
  EXPECT_EQ(result->objects[1].mtime_ms, 1704067200000);
  EXPECT_EQ(result->common_prefixes, (std::vector<std::string>{"root/dir/"}));
  EXPECT_TRUE(result->is_truncated);
  EXPECT_EQ(result->next_continuation_token, "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
}

TEST(ParseListObjectsV2, LastPageHasNoToken) {
  auto result = ParseListObjectsV2(
      "<ListBucketResult><IsTruncated>false</IsTruncated><KeyCount>0</KeyCount>"
      "</ListBucketResult>");
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->objects.empty());
  EXPECT_FALSE(result->is_truncated);
  EXPECT_EQ(result->next_continuation_token, "");
}

TEST(ParseListObjectsV2, RejectsBadDocuments) {
  EXPECT_EQ(ParseListObjectsV2("<ListBucketResult><Contents>").status().code(),
            StatusCode::kDataError);
  EXPECT_EQ(ParseListObjectsV2("<Error><Code>x</Code></Error>").status().code(),
            StatusCode::kDataError);
  EXPECT_EQ(ParseListObjectsV2("<ListBucketResult><IsTruncated>true</IsTruncated>"
                               "</ListBucketResult>")
                .status()
                .code(),
            StatusCode::kDataError);
  EXPECT_EQ(ParseListObjectsV2("<ListBucketResult><Contents><Key>k</Key><Size>-1</Size>"
                               "</Contents></ListBucketResult>")
                .status()
                .code(),
            StatusCode::kDataError);
}

TEST(ParseS3Error, ReadsCodeAndMessage) {
  S3Error error = ParseS3Error(
      "<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code><Message>The resource you requested "
      "does not exist</Message><Resource>/b/k</Resource></Error>");
  EXPECT_EQ(error.code, "NoSuchKey");
  EXPECT_EQ(error.message, "The resource you requested does not exist");
  EXPECT_EQ(ParseS3Error("").code, "");
  EXPECT_EQ(ParseS3Error("not xml").code, "");
  EXPECT_EQ(ParseS3Error("<CopyObjectResult><ETag>x</ETag></CopyObjectResult>").code, "");
}

TEST(ParseUploadId, ReadsTheId) {
  auto id = ParseUploadId(
      "<InitiateMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
      "<Bucket>b</Bucket><Key>k</Key><UploadId>VXBsb2FkIElE</UploadId>"
      "</InitiateMultipartUploadResult>");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*id, "VXBsb2FkIElE");
  EXPECT_FALSE(ParseUploadId("<InitiateMultipartUploadResult/>").ok());
}

TEST(XmlEscape, EscapesMarkup) {
  EXPECT_EQ(XmlEscape("\"a\"<&>'"), "&quot;a&quot;&lt;&amp;&gt;&apos;");
}

}  // namespace
}  // namespace retailpipe::storage
