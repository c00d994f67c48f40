// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/storage/list_page_builder.h"

#include <string>
#include <utility>

namespace retailpipe::storage {

namespace {
constexpr int kMaxKeysLimit = 1000;
}  // namespace

Status ValidateListOptions(const ListOptions& options) {
  if (options.max_keys < 1 || options.max_keys > kMaxKeysLimit) {
    return Status::InvalidArgument("max_keys must be within 1..1000, got " +
                                   std::to_string(options.max_keys));
  }
  return Status::OK();
}

ListPageBuilder::ListPageBuilder(const ListOptions& options) : options_(options) {}

std::optional<std::string> ListPageBuilder::CommonPrefixOf(std::string_view key) const {
  if (options_.delimiter.empty()) return std::nullopt;
  size_t pos = key.find(options_.delimiter, options_.prefix.size());
  if (pos == std::string_view::npos) return std::nullopt;
  return std::string(key.substr(0, pos + options_.delimiter.size()));
}

bool ListPageBuilder::PageFull() const {
  size_t count = page_.objects.size() + page_.common_prefixes.size();
  return count >= static_cast<size_t>(options_.max_keys);
}

ListStep ListPageBuilder::Offer(std::string_view key) {
  if (truncated_) return ListStep::kDone;
  if (!key.starts_with(options_.prefix)) {
    // Keys arrive sorted, so once past the prefix range nothing later can match.
    return key > std::string_view(options_.prefix) ? ListStep::kDone : ListStep::kSkip;
  }
  const std::string& token = options_.continuation_token;
  std::optional<std::string> rolled = CommonPrefixOf(key);
  if (!token.empty() && (key <= std::string_view(token) || rolled == token)) return ListStep::kSkip;
  if (rolled && !page_.common_prefixes.empty() && page_.common_prefixes.back() == *rolled) {
    return ListStep::kSkip;
  }
  if (PageFull()) {
    truncated_ = true;
    return ListStep::kDone;
  }
  if (!rolled) return ListStep::kObject;
  last_returned_ = *rolled;
  page_.common_prefixes.push_back(std::move(*rolled));
  return ListStep::kSkip;
}

void ListPageBuilder::AddObject(ObjectInfo info) {
  last_returned_ = info.key;
  page_.objects.push_back(std::move(info));
}

ListPage ListPageBuilder::Finish() && {
  if (truncated_) page_.next_token = std::move(last_returned_);
  return std::move(page_);
}

}  // namespace retailpipe::storage
