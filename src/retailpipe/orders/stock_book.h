// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "retailpipe/orders/fwd.h"

namespace retailpipe::orders {

/// A row of the packages table: (package_id, subpackage_id).
struct PackageKey {
  std::string package_id;
  int32_t subpackage_id = 0;

  bool operator==(const PackageKey&) const = default;
  /// Return "00245842/1", as reasons name packages.
  std::string Text() const;
};

struct PackageKeyHash {
  size_t operator()(const PackageKey& k) const noexcept {
    return std::hash<std::string_view>()(k.package_id) ^
           (std::hash<int32_t>()(k.subpackage_id) * 0x9E3779B97F4A7C15ULL);
  }
};

/// The stock of every package: the packages table's stock_quantity (initial) plus the sum of
/// the quantities of the stock_movements ledger (moved, <= 0). A plain value; not thread-safe.
class StockBook {
 public:
  struct Entry {
    int64_t initial = 0;
    int64_t moved = 0;
  };

  /// Set the initial stock of `key` (a packages row), keeping what moved.
  void SetInitial(const PackageKey& key, int64_t initial);
  /// Add `delta` to the moved total of `key`. Returns false (and records the delta against
  /// an initial 0) if `key` is not a known package, which only a changed packages table
  /// explains.
  bool AddMoved(const PackageKey& key, int64_t delta);
  /// Return the current stock (initial + moved) of `key`, or nullopt if it is unknown.
  std::optional<int64_t> Stock(const PackageKey& key) const;
  /// Return the entry of `key`, or nullptr.
  const Entry* Find(const PackageKey& key) const;
  size_t size() const { return entries_.size(); }

 private:
  std::unordered_map<PackageKey, Entry, PackageKeyHash> entries_;
};

/// Whether an item took its stock.
enum class ItemOutcome { kApplied, kRefused };

/// The decision on one item of an order.
struct ItemDecision {
  ItemOutcome outcome = ItemOutcome::kApplied;
  /// Why it was refused ("insufficient stock for package 00245842/1: need 6, have 2",
  /// "unknown package 00245842/3 (not in the packages table)"); empty when applied.
  std::string reason;
};

/// Decides the items of one batch against a StockBook, keeping the decrements it makes as a
/// tentative overlay until the caller knows the ledger commit stuck (then ApplyTo()) or not
/// (then drops the decider). An item is applied only when every one of its packages has
/// enough stock for items_quantity = item quantity x package quantity (summed when a package
/// repeats within the item): all or nothing per item, so stock never goes below zero.
///
/// Holds a reference to the book, which must outlive it and not change meanwhile. Not
/// thread-safe.
class StockDecider {
 public:
  explicit StockDecider(const StockBook& book) : book_(book) {}

  /// Decide `item` and, if applied, take its stock in the overlay.
  ItemDecision Decide(const PayloadItem& item);

  /// Add the overlay's decrements to `book`.
  void ApplyTo(StockBook& book) const;

 private:
  /// Return the stock of `key` with the overlay, or nullopt if unknown.
  std::optional<int64_t> Stock(const PackageKey& key) const;

  const StockBook& book_;
  std::unordered_map<PackageKey, int64_t, PackageKeyHash> taken_;  // <= 0 each
};

}  // namespace retailpipe::orders
