// SPDX-License-Identifier: Apache-2.0
#include "retailpipe/sink/json_csv_row.h"

#include <gtest/gtest.h>

namespace retailpipe::sink {
namespace {

std::unique_ptr<JsonCsvRow> Make() {
  auto row = JsonCsvRow::Make({"id", "name", "price", "ok", "note"});
  EXPECT_TRUE(row.ok()) << row.status().ToString();
  return std::move(*row);
}

std::string Row(JsonCsvRow& row, std::string_view json) {
  std::string out;
  Status st = row.Append(json, out);
  EXPECT_TRUE(st.ok()) << json << ": " << st.ToString();
  return out;
}

Status Error(JsonCsvRow& row, std::string_view json) {
  std::string out = "kept";
  Status st = row.Append(json, out);
  EXPECT_EQ(out, "kept") << "output changed on error for " << json;
  return st;
}

TEST(AppendCsvField, QuotesOnlyWhenNeeded) {
  std::string out;
  AppendCsvField("plain text", out);
  EXPECT_EQ(out, "plain text");
  for (const auto& [in, want] :
       std::vector<std::pair<std::string, std::string>>{{"a,b", "\"a,b\""},
                                                        {"say \"hi\"", "\"say \"\"hi\"\"\""},
                                                        {"two\nlines", "\"two\nlines\""},
                                                        {"cr\r", "\"cr\r\""},
                                                        {"", ""}}) {
    out.clear();
    AppendCsvField(in, out);
    EXPECT_EQ(out, want) << in;
  }
}

TEST(JsonCsvRow, WritesHeaderAndRowsInColumnOrder) {
  auto row = Make();
  EXPECT_EQ(row->Header(), "id,name,price,ok,note\n");
  EXPECT_EQ(Row(*row, R"({"id":"US-1","name":"p1","price":10.5,"ok":true,"note":null})"),
            "US-1,p1,10.5,true,\n");
  // Key order in the record does not matter; numbers keep their text.
  EXPECT_EQ(
      Row(*row,
          R"({ "note":"x", "ok":false, "price":30.0 , "name":"n", "id":1234567890123456789 })"),
      "1234567890123456789,n,30.0,false,x\n");
}

TEST(JsonCsvRow, UnescapesJsonAndQuotesCsv) {
  auto row = Make();
  EXPECT_EQ(
      Row(*row,
          R"({"id":"a,b","name":"say \"hi\"","price":-1e3,"ok":true,"note":"l1\nl2 \u00e9"})"),
      "\"a,b\",\"say \"\"hi\"\"\",-1e3,true,\"l1\nl2 \xc3\xa9\"\n");
}

TEST(JsonCsvRow, RejectsWhatIsNotAFlatObjectWithTheColumns) {
  auto row = Make();
  const std::string good_tail = R"("price":1,"ok":true,"note":null})";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"not json", "not a JSON object"},
      {"[1,2]", "not a JSON object"},
      {R"({"id":"1","name":"n",)" + good_tail + " extra", ""},
      {R"({"id":"1","name":"n",)" + good_tail + " {}", ""},
      {R"({"id":"1",)" + good_tail, "\"name\" is missing"},
      {R"({"id":"1","name":"n","x":2,)" + good_tail, "unexpected key \"x\""},
      {R"({"id":"1","id":"2","name":"n",)" + good_tail, "appears twice"},
      {R"({"id":{"a":1},"name":"n",)" + good_tail, "object or array"},
      {R"({"id":"1","name":"n","price":1.2.3,"ok":true,"note":null})", "bad number"},
      {R"({"id":"1","name":"n","price":1,"ok":tru,"note":null})", ""},
      {R"({"id":"1","name":"\x","price":1,"ok":true,"note":null})", "bad string"},
      {R"({"id":"1","name":"n","price":1,"ok":true,"note":null)", ""},
      {"", "not JSON"},
  };
  for (const auto& [json, want] : cases) {
    Status st = Error(*row, json);
    EXPECT_EQ(st.code(), StatusCode::kDataError) << json << ": " << st.ToString();
    EXPECT_NE(st.message().find(want), std::string::npos) << json << ": " << st.message();
  }
  // The converter is fine after errors.
  EXPECT_EQ(Row(*row, R"({"id":"1","name":"n",)" + good_tail), "1,n,1,true,\n");
}

TEST(JsonCsvRow, RejectsBadColumnLists) {
  EXPECT_FALSE(JsonCsvRow::Make({}).ok());
  EXPECT_FALSE(JsonCsvRow::Make({"a", ""}).ok());
  EXPECT_FALSE(JsonCsvRow::Make({"a", "b", "a"}).ok());
  auto quoted = JsonCsvRow::Make({"a,b", "c"});
  ASSERT_TRUE(quoted.ok());
  EXPECT_EQ((*quoted)->Header(), "\"a,b\",c\n");
}

}  // namespace
}  // namespace retailpipe::sink
