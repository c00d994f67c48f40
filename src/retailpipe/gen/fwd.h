// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace retailpipe::gen {

class Rng;
struct CivilDate;
enum class Catalogue;
struct ProductInfo;
struct SalesDimensionOptions;
enum class BadRowClass;
struct SalesGenOptions;
struct SalesGenSummary;
class SalesFileWriter;
class TempFileWriter;
struct ClientAddress;
struct PackageComponent;
struct Product;
struct Package;
struct ReferenceTables;
struct ReferenceOptions;
struct OrderGenOptions;
struct ReferenceIssues;
struct ResolvedProduct;
struct OrderItem;
struct Order;
struct OrderGenStats;
class OrderGenerator;

}  // namespace retailpipe::gen
