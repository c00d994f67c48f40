// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/etl/sales_sql.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace retailpipe::etl {
namespace {

Result<std::string> LoadOne(const std::string& dir, std::string_view name) {
  if (!dir.empty()) {
    std::filesystem::path path = std::filesystem::path(dir) / std::string(name);
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
      std::ifstream in(path, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      if (!in.good() && !in.eof()) return Status::IoError("cannot read " + path.string());
      return text.str();
    }
  }
  return std::string(BuiltinSalesSql(name));
}

}  // namespace

Result<SalesSql> SalesSql::Load(const std::string& dir) {
  if (!dir.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
      return Status::NotFound("sales.sql_dir '" + dir +
                              "' is not a folder; unset it to use the built-in SQL");
    }
  }
  SalesSql sql;
  RP_ASSIGN_OR_RETURN(sql.schema, LoadOne(dir, "schema.sql"));
  RP_ASSIGN_OR_RETURN(sql.macros, LoadOne(dir, "macros.sql"));
  RP_ASSIGN_OR_RETURN(sql.stage, LoadOne(dir, "stage.sql"));
  RP_ASSIGN_OR_RETURN(sql.checked, LoadOne(dir, "checked.sql"));
  RP_ASSIGN_OR_RETURN(sql.customer_mart, LoadOne(dir, "customer_mart.sql"));
  RP_ASSIGN_OR_RETURN(sql.sales_team_mart, LoadOne(dir, "sales_team_mart.sql"));
  sql.origin = dir.empty() ? "built-in" : dir;
  return sql;
}

std::string ReplacePlaceholder(std::string text, std::string_view name, std::string_view value) {
  std::string token = "{" + std::string(name) + "}";
  size_t pos = 0;
  while ((pos = text.find(token, pos)) != std::string::npos) {
    text.replace(pos, token.size(), value);
    pos += value.size();
  }
  return text;
}

}  // namespace retailpipe::etl
