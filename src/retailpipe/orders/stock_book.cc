// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/orders/stock_book.h"

#include <utility>
#include <vector>

#include "retailpipe/orders/order_payload.h"

namespace retailpipe::orders {

std::string PackageKey::Text() const { return package_id + "/" + std::to_string(subpackage_id); }

void StockBook::SetInitial(const PackageKey& key, int64_t initial) {
  entries_[key].initial = initial;
}

bool StockBook::AddMoved(const PackageKey& key, int64_t delta) {
  auto [it, added] = entries_.try_emplace(key);
  it->second.moved += delta;
  return !added;
}

std::optional<int64_t> StockBook::Stock(const PackageKey& key) const {
  const Entry* e = Find(key);
  if (e == nullptr) return std::nullopt;
  return e->initial + e->moved;
}

const StockBook::Entry* StockBook::Find(const PackageKey& key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second;
}

std::optional<int64_t> StockDecider::Stock(const PackageKey& key) const {
  std::optional<int64_t> stock = book_.Stock(key);
  if (!stock) return stock;
  auto it = taken_.find(key);
  return it == taken_.end() ? *stock : *stock + it->second;
}

ItemDecision StockDecider::Decide(const PayloadItem& item) {
  // Sum the need per package first: a package listed twice in one item needs both lines.
  std::vector<std::pair<PackageKey, int64_t>> needs;
  for (const PayloadPackage& p : item.packages) {
    PackageKey key{p.package_id, p.subpackage_id};
    const int64_t need = int64_t{item.quantity} * p.quantity;
    bool merged = false;
    for (auto& [k, n] : needs) {
      if (k == key) {
        n += need;
        merged = true;
      }
    }
    if (!merged) needs.emplace_back(std::move(key), need);
  }
  for (const auto& [key, need] : needs) {
    const std::optional<int64_t> have = Stock(key);
    if (!have) {
      return {ItemOutcome::kRefused,
              "unknown package " + key.Text() + " (not in the packages table)"};
    }
    if (*have < need) {
      return {ItemOutcome::kRefused, "insufficient stock for package " + key.Text() + ": need " +
                                         std::to_string(need) + ", have " + std::to_string(*have)};
    }
  }
  for (const auto& [key, need] : needs) taken_[key] -= need;
  return {ItemOutcome::kApplied, ""};
}

void StockDecider::ApplyTo(StockBook& book) const {
  for (const auto& [key, delta] : taken_) book.AddMoved(key, delta);
}

}  // namespace retailpipe::orders
