// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/storage/s3_xml.h"

#include <cstdio>
#include <ctime>
#include <limits>
#include <memory>
#include <string>
#include <utility>

#include <expat.h>

namespace retailpipe::storage {

namespace {

/// A parsed XML element: name without namespace, text content and children.
struct XmlNode {
  std::string name;
  std::string text;
  std::vector<std::unique_ptr<XmlNode>> children;

  /// Return the text of the first child named `child`, or "".
  std::string ChildText(std::string_view child) const {
    for (const auto& node : children) {
      if (node->name == child) return node->text;
    }
    return "";
  }
};

/// Builds an XmlNode tree from expat callbacks.
class TreeBuilder {
 public:
  static void OnStart(void* self, const XML_Char* name, const XML_Char** /*attributes*/) {
    auto* builder = static_cast<TreeBuilder*>(self);
    auto node = std::make_unique<XmlNode>();
    std::string_view full(name);
    size_t colon = full.rfind(' ');  // namespace separator set in the parser
    node->name = std::string(colon == std::string_view::npos ? full : full.substr(colon + 1));
    XmlNode* raw = node.get();
    if (builder->stack_.empty()) {
      builder->root_ = std::move(node);
    } else {
      builder->stack_.back()->children.push_back(std::move(node));
    }
    builder->stack_.push_back(raw);
  }
  static void OnEnd(void* self, const XML_Char* /*name*/) {
    static_cast<TreeBuilder*>(self)->stack_.pop_back();
  }
  static void OnText(void* self, const XML_Char* text, int length) {
    auto* builder = static_cast<TreeBuilder*>(self);
    if (!builder->stack_.empty()) {
      builder->stack_.back()->text.append(text, static_cast<size_t>(length));
    }
  }

  std::unique_ptr<XmlNode> root_;
  std::vector<XmlNode*> stack_;
};

/// Own an expat parser.
struct ParserDeleter {
  void operator()(XML_ParserStruct* parser) const { XML_ParserFree(parser); }
};

Result<std::unique_ptr<XmlNode>> ParseXml(std::string_view xml) {
  if (xml.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return Status::DataError("S3 response too large to parse");
  }
  std::unique_ptr<XML_ParserStruct, ParserDeleter> parser(XML_ParserCreateNS(nullptr, ' '));
  if (!parser) return Status::Internal("cannot create an XML parser");
  TreeBuilder builder;
  XML_SetUserData(parser.get(), &builder);
  XML_SetElementHandler(parser.get(), &TreeBuilder::OnStart, &TreeBuilder::OnEnd);
  XML_SetCharacterDataHandler(parser.get(), &TreeBuilder::OnText);
  if (XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_ERROR ||
      !builder.root_) {
    return Status::DataError(std::string("malformed XML from S3: ") +
                             XML_ErrorString(XML_GetErrorCode(parser.get())));
  }
  return std::move(builder.root_);
}

Result<uint64_t> ParseSize(const std::string& text) {
  uint64_t value = 0;
  if (text.empty()) return Status::DataError("listing entry without a Size");
  for (char c : text) {
    if (c < '0' || c > '9') return Status::DataError("bad Size \"" + text + "\" in a listing");
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

Result<ObjectInfo> ParseContents(const XmlNode& node) {
  ObjectInfo info;
  info.key = node.ChildText("Key");
  if (info.key.empty()) return Status::DataError("listing entry without a Key");
  RP_ASSIGN_OR_RETURN(info.size, ParseSize(node.ChildText("Size")));
  info.etag = Unquote(node.ChildText("ETag"));
  info.mtime_ms = ParseIsoTimeMs(node.ChildText("LastModified"));
  return info;
}

}  // namespace

Result<S3ListResult> ParseListObjectsV2(std::string_view xml) {
  RP_ASSIGN_OR_RETURN(std::unique_ptr<XmlNode> root, ParseXml(xml));
  if (root->name != "ListBucketResult") {
    return Status::DataError("expected a ListBucketResult from S3, got <" + root->name + ">");
  }
  S3ListResult result;
  for (const auto& child : root->children) {
    if (child->name == "Contents") {
      RP_ASSIGN_OR_RETURN(ObjectInfo info, ParseContents(*child));
      result.objects.push_back(std::move(info));
    } else if (child->name == "CommonPrefixes") {
      result.common_prefixes.push_back(child->ChildText("Prefix"));
    } else if (child->name == "IsTruncated") {
      result.is_truncated = child->text == "true";
    } else if (child->name == "NextContinuationToken") {
      result.next_continuation_token = child->text;
    }
  }
  if (result.is_truncated && result.next_continuation_token.empty()) {
    return Status::DataError("truncated S3 listing without a NextContinuationToken");
  }
  return result;
}

S3Error ParseS3Error(std::string_view xml) {
  auto root = ParseXml(xml);
  if (!root.ok() || (*root)->name != "Error") return {};
  return {(*root)->ChildText("Code"), (*root)->ChildText("Message")};
}

Result<std::string> ParseUploadId(std::string_view xml) {
  RP_ASSIGN_OR_RETURN(std::unique_ptr<XmlNode> root, ParseXml(xml));
  std::string id = root->ChildText("UploadId");
  if (root->name != "InitiateMultipartUploadResult" || id.empty()) {
    return Status::DataError("S3 did not return an UploadId for a multipart upload");
  }
  return id;
}

int64_t ParseIsoTimeMs(std::string_view text) {
  std::tm utc{};
  int millis = 0;
  std::string copy(text);
  int fields = std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d", &utc.tm_year, &utc.tm_mon,
                           &utc.tm_mday, &utc.tm_hour, &utc.tm_min, &utc.tm_sec, &millis);
  constexpr int kDateTimeFields = 6;
  constexpr int kTmBaseYear = 1900;
  constexpr int64_t kMsPerSecond = 1000;
  if (fields < kDateTimeFields) return 0;
  utc.tm_year -= kTmBaseYear;
  utc.tm_mon -= 1;
  return static_cast<int64_t>(::timegm(&utc)) * kMsPerSecond + millis;
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace retailpipe::storage
