// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/orders/order_ids.h"

#include <array>

#include <xxhash.h>

namespace retailpipe::orders {
namespace {

void AppendLittleEndian(std::string& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

/// Return the hashed input common to every id: the length-prefixed order_id and the item.
std::string OrderItemKey(std::string_view order_id, uint32_t item_index) {
  std::string key;
  key.reserve(order_id.size() + 32);
  AppendLittleEndian(key, order_id.size(), 8);
  key += order_id;
  AppendLittleEndian(key, item_index, 4);
  return key;
}

std::string PrefixedHash(std::string_view prefix, const std::string& input) {
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, XXH3_128bits(input.data(), input.size()));
  static constexpr std::array<char, 16> kHex = {'0', '1', '2', '3', '4', '5', '6', '7',
                                                '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  std::string out(prefix);
  for (unsigned char byte : canonical.digest) {
    out += kHex[byte >> 4];
    out += kHex[byte & 0xF];
  }
  return out;
}

}  // namespace

std::string InventoryId(std::string_view order_id, uint32_t item_index, uint32_t package_index) {
  std::string key = OrderItemKey(order_id, item_index);
  AppendLittleEndian(key, package_index, 4);
  return PrefixedHash("inv-", key);
}

std::string DerivedEventId(std::string_view order_id, uint32_t item_index,
                           std::string_view event_type) {
  std::string key = OrderItemKey(order_id, item_index);
  key += event_type;
  return PrefixedHash("ev-", key);
}

}  // namespace retailpipe::orders
