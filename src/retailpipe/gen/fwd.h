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

}  // namespace retailpipe::gen
