# SPDX-License-Identifier: Apache-2.0
"""The sales ETL against real servers: inbox and outputs in S3, ledger and marts in MySQL or
PostgreSQL. The servers are the project's loopback ones (scripts/services.sh,
scripts/s3_server.sh); a test skips, naming the command to run, when its server is not exported
(and fails instead when RP_REQUIRE_SERVERS is set, as scripts/test.sh does).

The same seed gives byte-identical files, so the expected marts are computed by the independent
model of tests/e2e from a copy generated on the embedded defaults.
"""
import csv
import io
import os
import sys
import uuid
from decimal import Decimal

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "e2e"))
from conftest import Retailpipe  # noqa: E402
from expected_marts import expected  # noqa: E402

SALES_TABLES = ["customer", "store", "product", "sales_team", "product_staging_table",
                "sales_quarantine", "customers_data_mart", "sales_team_data_mart"]
GENERATE = ["generate", "sales", "--files", "3", "--rows", "2000", "--seed", "23",
            "--extra-column-file", "--bad-rows", "5"]


def server_env(warehouse_var):
    missing = [v for v in ("RP_TEST_S3_URI", warehouse_var) if not os.environ.get(v)]
    if missing and os.environ.get("RP_REQUIRE_SERVERS"):
        pytest.fail(f"RP_REQUIRE_SERVERS is set but {', '.join(missing)} is not")
    if missing:
        pytest.skip(f"{', '.join(missing)} not set; run: scripts/services.sh start && "
                    "scripts/s3_server.sh start && eval \"$(scripts/services.sh env)\" && "
                    "eval \"$(scripts/s3_server.sh env)\"")
    prefix = f"{os.environ['RP_TEST_S3_URI'].rstrip('/')}/e2e-{uuid.uuid4().hex[:12]}"
    return {"RP_STORE_URI": prefix, "RP_WAREHOUSE_URI": os.environ[warehouse_var]}


def binary():
    path = os.environ.get("RETAILPIPE_BIN")
    if not path:
        pytest.fail("set RETAILPIPE_BIN to the retailpipe binary (ctest does)")
    return path


def marts(rp, env):
    def rows(query):
        proc = rp.run("sql", "--format", "csv", query, env=env)
        return list(csv.DictReader(io.StringIO(proc.stdout)))
    cm = {(int(r["customer_id"]), r["sales_date_month"]): {
        "full_name": r["full_name"], "total_sales": Decimal(r["total_sales"])}
        for r in rows("SELECT * FROM customers_data_mart")}
    tm = {(int(r["store_id"]), int(r["sales_person_id"]), r["sales_month"]): {
        "full_name": r["full_name"], "total_sales": Decimal(r["total_sales"]),
        "incentive": Decimal(r["incentive"])}
        for r in rows("SELECT * FROM sales_team_data_mart")}
    return cm, tm, rows


@pytest.mark.parametrize("warehouse_var", ["RP_TEST_MYSQL_URI", "RP_TEST_POSTGRES_URI"])
def test_sales_etl_on_s3_and_a_sql_server(tmp_path, warehouse_var):
    env = server_env(warehouse_var)
    local_dir = tmp_path / "local"
    server_dir = tmp_path / "server"
    local_dir.mkdir()
    server_dir.mkdir()
    local = Retailpipe(binary(), str(local_dir))
    server = Retailpipe(binary(), str(server_dir))

    # The same files on the embedded defaults, for the independent model.
    local.run(*GENERATE)
    inbox = os.path.join(local.store, "sales_data")
    customers = {int(r["customer_id"]): r for r in local.sql("SELECT * FROM customer")}
    stores = {int(r["id"]) for r in local.sql("SELECT id FROM store")}
    team = {int(r["id"]): r for r in local.sql("SELECT * FROM sales_team")}
    exp_cm, exp_tm, reasons = expected(inbox, customers, stores, team)

    for table in SALES_TABLES:
        server.run("sql", f"DROP TABLE IF EXISTS {table}", env=env)
    server.run(*GENERATE, env=env)
    first = server.run("etl", "sales", env=env)
    assert first.returncode == 3, first.stdout + first.stderr  # the bad rows are quarantined
    cm, tm, rows = marts(server, env)
    assert cm == exp_cm
    assert tm == exp_tm
    assert len(cm) > 0 and len(tm) > 0
    quarantined = rows("SELECT reason_code, count(*) AS n FROM sales_quarantine "
                       "GROUP BY reason_code ORDER BY reason_code")
    assert {r["reason_code"]: int(r["n"]) for r in quarantined} == reasons

    # The inbox is empty now; running again changes nothing and duplicates nothing.
    again = server.run("etl", "sales", env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert marts(server, env)[:2] == (cm, tm)
    ledger = rows("SELECT status, count(*) AS n FROM product_staging_table GROUP BY status")
    assert {r["status"]: int(r["n"]) for r in ledger} == {"I": len(os.listdir(inbox))}
