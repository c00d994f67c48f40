// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace retailpipe::orders {

struct PayloadPackage;
struct PayloadItem;
struct OrderPayload;
class OrderPayloadParser;
struct PackageKey;
class StockBook;
enum class ItemOutcome;
struct ItemDecision;
class StockDecider;
struct RecordRef;
struct MovementRow;
struct OrderItemRow;
struct OrderRow;
struct EventRow;
struct RejectedRow;
struct BatchRows;
enum class OrdersTable;
struct TablesLocation;
class OrdersTables;
class BatchStage;
class DecisionLedger;
struct SubscribeSummary;
class BatchProcessor;
struct OrdersSubscriberOptions;
class OrdersSubscriber;

}  // namespace retailpipe::orders
