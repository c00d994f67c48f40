// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "retailpipe/base/status.h"
#include "retailpipe/storage/object_store.h"

namespace retailpipe::storage {

/// What a store should do with a key it offered to a ListPageBuilder.
enum class ListStep {
  kSkip,    ///< Not on this page (filtered, before the token, or rolled up): offer the next key.
  kObject,  ///< Look the object up and pass it to AddObject().
  kDone,    ///< The page is complete: stop offering keys.
};

/// Return kInvalidArgument unless max_keys is within 1..1000.
Status ValidateListOptions(const ListOptions& options);

/// Build one S3-style listing page from keys offered in ascending byte order.
///
/// Shared by every ObjectStore so they agree on prefix filtering, delimiter roll-up into
/// common prefixes, max_keys and continuation. The token is the last key or common prefix the
/// page returned. A plain single-use value: not thread-safe.
class ListPageBuilder {
 public:
  /// REQUIRES: ValidateListOptions(options).ok(); `options` outlives the builder.
  explicit ListPageBuilder(const ListOptions& options);

  /// Decide what to do with `key`. REQUIRES: keys are offered in strictly ascending order.
  ListStep Offer(std::string_view key);

  /// Add the object whose key Offer() just answered kObject for.
  void AddObject(ObjectInfo info);

  /// Return the page; next_token is set only if more entries follow.
  ListPage Finish() &&;

 private:
  /// Return the common prefix `key` rolls up into, or nullopt if it is listed itself.
  std::optional<std::string> CommonPrefixOf(std::string_view key) const;
  bool PageFull() const;

  const ListOptions& options_;
  ListPage page_;
  std::string last_returned_;
  bool truncated_ = false;
};

}  // namespace retailpipe::storage
