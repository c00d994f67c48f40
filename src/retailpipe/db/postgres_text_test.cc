// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/db/postgres_text.h"

#include <gtest/gtest.h>

namespace retailpipe::db {
namespace {

using model::Value;

TEST(NumberPlaceholders, NumbersBarePlaceholdersInOrder) {
  const NumberedSql out = NumberPlaceholders("INSERT INTO t VALUES (?, ?,?)");
  EXPECT_EQ(out.sql, "INSERT INTO t VALUES ($1, $2,$3)");
  EXPECT_EQ(out.placeholders, 3u);
  EXPECT_EQ(NumberPlaceholders("SELECT 1").placeholders, 0u);
}

TEST(NumberPlaceholders, SkipsLiteralsIdentifiersAndComments) {
  const char* sql =
      "SELECT '?', 'it''s ?', \"col?\", E'a\\'?', x -- what?\n"
      "/* outer /* inner ? */ still ? */ FROM t WHERE a = ? AND b = $$ ? $$ AND c = $q$?$q$ "
      "AND d = ?";
  const NumberedSql out = NumberPlaceholders(sql);
  EXPECT_EQ(out.placeholders, 2u);
  EXPECT_EQ(out.sql,
            "SELECT '?', 'it''s ?', \"col?\", E'a\\'?', x -- what?\n"
            "/* outer /* inner ? */ still ? */ FROM t WHERE a = $1 AND b = $$ ? $$ AND c = "
            "$q$?$q$ AND d = $2");
}

TEST(NumberPlaceholders, BackslashIsPlainInStandardStrings) {
  // In a standard string a backslash is an ordinary character, so the string ends at '.
  const NumberedSql out = NumberPlaceholders("SELECT 'a\\', ?");
  EXPECT_EQ(out.sql, "SELECT 'a\\', $1");
  EXPECT_EQ(out.placeholders, 1u);
}

TEST(NumberPlaceholders, UnterminatedConstructsSwallowTheRest) {
  EXPECT_EQ(NumberPlaceholders("SELECT 'open ?").placeholders, 0u);
  EXPECT_EQ(NumberPlaceholders("SELECT /* open ?").placeholders, 0u);
  EXPECT_EQ(NumberPlaceholders("SELECT $tag$ open ?").placeholders, 0u);
  // A positional parameter or an identifier with $ is not a dollar quote.
  EXPECT_EQ(NumberPlaceholders("SELECT $1, a$b, ?").sql, "SELECT $1, a$b, $1");
}

std::string Field(const Value& v) {
  std::string out;
  AppendCopyField(v, out);
  return out;
}

TEST(AppendCopyField, EscapesTextAndWritesNullAndNumbers) {
  EXPECT_EQ(Field(Value{}), "\\N");
  EXPECT_EQ(Field(int64_t{-42}), "-42");
  EXPECT_EQ(Field(0.1), "0.1");
  EXPECT_EQ(Field(std::string("a\tb\nc\rd\\e")), "a\\tb\\nc\\rd\\\\e");
  EXPECT_EQ(Field(std::string("\\N")), "\\\\N");  // the text \N, not NULL
  EXPECT_EQ(Field(std::string("")), "");
  EXPECT_EQ(Field(std::string("x'); DROP TABLE customer; -- \"é\"")),
            "x'); DROP TABLE customer; -- \"é\"");
}

}  // namespace
}  // namespace retailpipe::db
