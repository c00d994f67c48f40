// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/orders/stock_book.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "retailpipe/orders/order_ids.h"
#include "retailpipe/orders/order_payload.h"

namespace retailpipe::orders {
namespace {

PayloadItem Item(int32_t quantity, std::vector<PayloadPackage> packages) {
  PayloadItem item;
  item.product_id = "prod-1";
  item.quantity = quantity;
  item.packages = std::move(packages);
  return item;
}

PayloadPackage Pkg(std::string id, int32_t sub, int32_t quantity) {
  return PayloadPackage{std::move(id), sub, quantity, 1.0, 1.0};
}

TEST(StockBook, KeepsInitialAndMovedApart) {
  StockBook book;
  book.SetInitial({"a", 1}, 10);
  EXPECT_TRUE(book.AddMoved({"a", 1}, -4));
  book.SetInitial({"a", 1}, 12);  // a reload of the packages table keeps what moved
  EXPECT_EQ(book.Stock({"a", 1}), 8);
  EXPECT_EQ(book.Stock({"a", 2}), std::nullopt);
  EXPECT_FALSE(book.AddMoved({"b", 1}, -1)) << "unknown package";
  EXPECT_EQ(book.Stock({"b", 1}), -1);
  EXPECT_EQ(PackageKey({"00245842", 1}).Text(), "00245842/1");
}

TEST(StockDecider, AppliesAnItemOnlyWhenEveryPackageHasTheStock) {
  StockBook book;
  book.SetInitial({"a", 1}, 10);
  book.SetInitial({"b", 1}, 3);
  StockDecider decider(book);
  // 2 units x 2 a + 2 units x 1 b = 4 a, 2 b.
  ItemDecision first = decider.Decide(Item(2, {Pkg("a", 1, 2), Pkg("b", 1, 1)}));
  EXPECT_EQ(first.outcome, ItemOutcome::kApplied);
  EXPECT_EQ(first.reason, "");
  // b has 1 left: refused as a whole, a untouched.
  ItemDecision second = decider.Decide(Item(2, {Pkg("a", 1, 1), Pkg("b", 1, 1)}));
  EXPECT_EQ(second.outcome, ItemOutcome::kRefused);
  EXPECT_EQ(second.reason, "insufficient stock for package b/1: need 2, have 1");
  ItemDecision third = decider.Decide(Item(6, {Pkg("a", 1, 1)}));
  EXPECT_EQ(third.outcome, ItemOutcome::kApplied);
  ItemDecision fourth = decider.Decide(Item(1, {Pkg("a", 1, 1)}));
  EXPECT_EQ(fourth.reason, "insufficient stock for package a/1: need 1, have 0");
  ItemDecision unknown = decider.Decide(Item(1, {Pkg("b", 1, 1), Pkg("z", 2, 1)}));
  EXPECT_EQ(unknown.outcome, ItemOutcome::kRefused);
  EXPECT_EQ(unknown.reason, "unknown package z/2 (not in the packages table)");

  // Nothing reaches the book until ApplyTo().
  EXPECT_EQ(book.Stock({"a", 1}), 10);
  decider.ApplyTo(book);
  EXPECT_EQ(book.Stock({"a", 1}), 0);
  EXPECT_EQ(book.Stock({"b", 1}), 1);
}

TEST(StockDecider, SumsAPackageListedTwiceInOneItem) {
  StockBook book;
  book.SetInitial({"a", 1}, 5);
  StockDecider decider(book);
  ItemDecision d = decider.Decide(Item(1, {Pkg("a", 1, 3), Pkg("a", 1, 3)}));
  EXPECT_EQ(d.outcome, ItemOutcome::kRefused);
  EXPECT_EQ(d.reason, "insufficient stock for package a/1: need 6, have 5");
  EXPECT_EQ(decider.Decide(Item(1, {Pkg("a", 1, 2), Pkg("a", 1, 3)})).outcome,
            ItemOutcome::kApplied);
  decider.ApplyTo(book);
  EXPECT_EQ(book.Stock({"a", 1}), 0);
}

TEST(OrderIds, AreDeterministicDistinctAndShapedAsDocumented) {
  const std::string inv = InventoryId("ord-1", 0, 0);
  EXPECT_EQ(inv.size(), 4u + 32u);
  EXPECT_EQ(inv.substr(0, 4), "inv-");
  EXPECT_EQ(InventoryId("ord-1", 0, 0), inv);
  EXPECT_EQ(DerivedEventId("ord-1", 0, "INVENTORY_UPDATED").substr(0, 3), "ev-");
  EXPECT_EQ(DerivedEventId("ord-1", 0, "INVENTORY_UPDATED").size(), 3u + 32u);
  std::set<std::string> ids;
  for (uint32_t item = 0; item < 20; ++item) {
    for (uint32_t package = 0; package < 20; ++package) {
      ids.insert(InventoryId("ord-1", item, package));
      ids.insert(InventoryId("ord-2", item, package));
    }
    ids.insert(DerivedEventId("ord-1", item, "INVENTORY_UPDATED"));
    ids.insert(DerivedEventId("ord-1", item, "INVENTORY_REFUSED"));
  }
  EXPECT_EQ(ids.size(), 20u * 20u * 2u + 40u);
  // The length prefix keeps ("ab", item 1) apart from an order_id that ends in those bytes.
  EXPECT_NE(InventoryId(std::string("ab"), 1, 0),
            InventoryId(std::string("ab\x01\0\0\0", 6), 0, 0));
}

}  // namespace
}  // namespace retailpipe::orders
