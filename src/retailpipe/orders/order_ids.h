// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// Deterministic ids of the rows the subscriber derives from an order (fixes seeds.md §1.4
// bug 1, where uuid() ids differed between the query that wrote a row and the one that
// updated it). A replay of the same payload gives the same ids, in any process.
//
// Each id is a prefix and the 32 lower-case hex digits of XXH3-128 (xxHash 0.8, seed 0, the
// canonical big-endian byte order of XXH128_canonicalFromHash) over:
//   order_id's byte length as 8 bytes little-endian, the order_id bytes, then
//   inventory ids: the item index and the package index, each 4 bytes little-endian;
//   event ids:     the item index as 4 bytes little-endian, then the event type bytes.
// The length prefix keeps distinct inputs distinct whatever bytes the order_id holds.

namespace retailpipe::orders {

/// Return "inv-<hash>" of the package line `package_index` of item `item_index` of the order.
std::string InventoryId(std::string_view order_id, uint32_t item_index, uint32_t package_index);

/// Return "ev-<hash>" of the event `event_type` about item `item_index` of the order.
std::string DerivedEventId(std::string_view order_id, uint32_t item_index,
                           std::string_view event_type);

}  // namespace retailpipe::orders
