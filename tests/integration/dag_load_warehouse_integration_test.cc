// SPDX-License-Identifier: Apache-2.0
// The DAG run store and the country sales loader's warehouse tables on real MySQL/MariaDB and
// PostgreSQL servers (scripts/services.sh): the same portable SQL as on DuckDB.
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "retailpipe/dag/dag_runner.h"
#include "retailpipe/dag/dag_spec.h"
#include "retailpipe/dag/run_store.h"
#include "retailpipe/dag/task_registry.h"
#include "retailpipe/db/warehouse.h"
#include "retailpipe/load/quarantine_log.h"
#include "retailpipe/load/warehouse_sales_target.h"

namespace retailpipe {
namespace {

using model::Value;

/// Each test runs once per server; the parameter names the environment variable with its URI.
class ServerTables : public testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    const char* uri = std::getenv(GetParam());
    if (uri == nullptr || *uri == '\0') {
      const char* required = std::getenv("RP_REQUIRE_SERVERS");
      if (required != nullptr && *required != '\0') {
        FAIL() << "RP_REQUIRE_SERVERS is set but " << GetParam() << " is not";
      }
      GTEST_SKIP() << GetParam() << " is not set; run: scripts/services.sh start && eval "
                   << "\"$(scripts/services.sh env)\"";
    }
    auto wh = db::OpenWarehouse(uri);
    ASSERT_TRUE(wh.ok()) << wh.status().ToString();
    wh_ = std::move(*wh);
    for (const char* table : {"dag_run", "task_instance", "task_try", "stage_sales",
                              "stage_sales_incoming", "country_sales_quarantine"}) {
      ASSERT_TRUE(wh_->Execute(std::string("DROP TABLE IF EXISTS ") + table).ok()) << table;
    }
  }

  std::string Text(const std::string& sql) {
    auto rows = wh_->Query(sql);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() && rows->num_rows() > 0 ? model::ToText(rows->rows[0][0]) : "";
  }

  std::unique_ptr<db::Warehouse> wh_;
};

TEST_P(ServerTables, TheRunStoreKeepsRunsTriesAndResumesACrash) {
  dag::TaskRegistry registry;
  int failures = 1;
  ASSERT_TRUE(registry
                  .Register("step",
                            [&](dag::TaskContext& context) -> Result<dag::TaskOutcome> {
                              if (context.task_id == "a" && failures-- > 0) {
                                return Status::Unavailable("throttled");
                              }
                              return dag::TaskOutcome{dag::TaskState::kSuccess, "ok", false};
                            })
                  .ok());
  config::DagOptions options = config::BuiltInDags({"US", "UK"})[0];
  options.id = "d";
  for (auto& task : options.tasks) {
    task.operator_name = "step";
    task.policy.retry_delay = std::chrono::milliseconds(0);
    task.policy.max_retry_delay = std::chrono::milliseconds(0);
  }
  options.tasks[0].id = "a";
  options.tasks[1].depends_on = {"a"};
  auto spec = dag::DagSpec::FromOptions(options);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  dag::RunStore store(*wh_);
  dag::DagRunner runner(registry, store);
  dag::RunRequest request;
  request.logical_date = "2023-10-01 12:34:56";
  auto summary = runner.Run(*spec, request);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->run.state, dag::DagRunState::kSuccess);
  EXPECT_EQ(summary->tasks[0].tries, 2);
  auto stored = store.FindRun(summary->run.run_id);
  ASSERT_TRUE(stored.ok() && stored->has_value()) << stored.status().ToString();
  EXPECT_EQ((*stored)->logical_date, "2023-10-01 12:34:56");
  EXPECT_EQ((*stored)->state, dag::DagRunState::kSuccess);
  auto tries = store.Tries(summary->run.run_id);
  ASSERT_TRUE(tries.ok()) << tries.status().ToString();
  ASSERT_EQ(tries->size(), 3u);
  EXPECT_EQ((*tries)[0].failure, dag::FailureKind::kError);
  EXPECT_EQ((*tries)[0].error, "throttled");

  // A run left "running" (its process died) is resumed by the next one.
  dag::DagRun crashed = **stored;
  crashed.run_id = "cli__crashed";
  crashed.state = dag::DagRunState::kRunning;
  dag::TaskInstance ti;
  ti.run_id = crashed.run_id;
  ti.task_id = "a";
  ti.operator_name = "step";
  dag::TaskInstance other = ti;
  other.task_id = "process_UK_sales";
  ASSERT_TRUE(store.CreateRun(crashed, {ti, other}).ok());
  auto resumed = runner.Run(*spec, request);
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  EXPECT_TRUE(resumed->resumed);
  EXPECT_EQ(resumed->run.run_id, "cli__crashed");
  EXPECT_EQ(resumed->run.state, dag::DagRunState::kSuccess);
  auto recent = store.RecentRuns("d", 5);
  ASSERT_TRUE(recent.ok()) << recent.status().ToString();
  EXPECT_EQ(recent->size(), 2u);
}

std::vector<load::CountrySale> Sales(int n, const char* price) {
  std::vector<load::CountrySale> sales;
  for (int i = 0; i < n; ++i) {
    sales.push_back(
        {"US-" + std::to_string(i), "p1", "US", "2025-07-10 02:57:08.123456", price, "USD", i + 2});
  }
  return sales;
}

TEST_P(ServerTables, StageSalesIsTypedAndKeyedAndTheQuarantineIsReplacedPerFile) {
  load::WarehouseSalesTarget target(*wh_);
  ASSERT_TRUE(target.Prepare().ok());
  ASSERT_TRUE(target.Prepare().ok()) << "twice is fine";
  auto first = target.Write(Sales(100, "10.57"), "Inbound/US/a.csv", {});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto again = target.Write(Sales(100, "11.25"), "Inbound/US/a.csv", {});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(Text("SELECT count(*) FROM stage_sales"), "100");
  EXPECT_EQ(Text("SELECT count(*) FROM stage_sales WHERE selling_price = 11.25"), "100");
  EXPECT_EQ(Text("SELECT sum(selling_price) FROM stage_sales"), "1125.00") << "exact decimals";
  EXPECT_EQ(Text("SELECT count(*) FROM stage_sales_incoming"), "0");
  const std::string micros = Text("SELECT max(datetime) FROM stage_sales");
  EXPECT_EQ(micros.substr(0, 26), "2025-07-10 02:57:08.123456") << micros;

  load::QuarantineLog quarantine(*wh_);
  ASSERT_TRUE(quarantine.EnsureSchema().ok());
  std::vector<load::QuarantinedRow> rows = {{3, "BAD_PRICE", "no", "x,y"},
                                            {5, "FIELD_COUNT", "no", "it's \"quoted\""}};
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(
        quarantine.Replace("Inbound/US/a.csv", "US", "Inbound/US/Processed/a.csv", rows).ok());
  }
  EXPECT_EQ(Text("SELECT count(*) FROM country_sales_quarantine"), "2");
  EXPECT_EQ(Text("SELECT raw_line FROM country_sales_quarantine WHERE line_number = 5"),
            "it's \"quoted\"");
}

INSTANTIATE_TEST_SUITE_P(Servers, ServerTables,
                         testing::Values("RP_TEST_MYSQL_URI", "RP_TEST_POSTGRES_URI"),
                         [](const testing::TestParamInfo<const char*>& param) {
                           return std::string(param.param).find("MYSQL") != std::string::npos
                                      ? "MySql"
                                      : "Postgres";
                         });

}  // namespace
}  // namespace retailpipe
