# SPDX-License-Identifier: Apache-2.0
"""`retailpipe run`: the three pipelines end to end on the embedded defaults."""
import re


def published_count(stdout, pattern):
    match = re.search(pattern, stdout)
    assert match, f"no line matching {pattern!r} in:\n{stdout}"
    return int(match.group(1).replace(",", ""))


def test_run_does_every_pipeline_and_says_what_landed(rp):
    proc = rp.run("run", "--orders", "500", "--country-batches", "1")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for banner in ("== sales ==", "== orders ==", "== country-sales =="):
        assert banner in proc.stdout
    assert "run finished in" in proc.stdout

    # Sales: the marts were built from the generated files.
    assert int(rp.sql("SELECT count(*) AS n FROM sales_team_data_mart")[0]["n"]) > 0
    # Orders: every published order is in the orders table once.
    orders = rp.sql("SELECT count(*) AS n, count(DISTINCT order_id) AS d FROM orders")[0]
    assert (orders["n"], orders["d"]) == ("500", "500")
    # Country sales: every published record was sunk into CSV files and loaded once.
    published = published_count(proc.stdout, r"published ([\d,]+) country sales records")
    sunk = published_count(proc.stdout, r"streamed ([\d,]+) records into")
    assert sunk == published
    staged = rp.sql("SELECT count(*) AS n, count(DISTINCT sale_id) AS d FROM stage_sales")[0]
    assert (int(staged["n"]), int(staged["d"])) == (published, published)
    runs = rp.sql("SELECT state FROM dag_run WHERE dag_id = 'load_s3_to_db'")
    assert [r["state"] for r in runs] == ["success"]


def test_a_second_run_adds_new_orders_and_sales(rp):
    rp.run("run", "--pipelines", "orders,country-sales", "--orders", "300",
           "--country-batches", "1")
    second = rp.run("run", "--pipelines", "orders,country-sales", "--orders", "300",
                    "--country-batches", "1")
    assert second.returncode == 0, second.stdout + second.stderr
    orders = rp.sql("SELECT count(*) AS n, count(DISTINCT order_id) AS d FROM orders")[0]
    assert (orders["n"], orders["d"]) == ("600", "600")
    staged = rp.sql("SELECT count(*) AS n, count(DISTINCT sale_id) AS d FROM stage_sales")[0]
    assert staged["n"] == staged["d"]
    runs = rp.sql("SELECT state FROM dag_run WHERE dag_id = 'load_s3_to_db'")
    assert [r["state"] for r in runs] == ["success", "success"]


def test_the_same_seed_twice_rejects_the_republished_orders(rp):
    rp.run("run", "--pipelines", "orders", "--orders", "200", "--seed", "7")
    again = rp.run("run", "--pipelines", "orders", "--orders", "200", "--seed", "7")
    # The second run republished the same order_ids: each is rejected, none is doubled.
    assert again.returncode == 3, again.stdout + again.stderr
    assert "200 rejected" in again.stdout
    orders = rp.sql("SELECT count(*) AS n FROM orders")[0]
    assert orders["n"] == "200"
    rejected = rp.sql("SELECT count(*) AS n FROM rejected_records")[0]
    assert rejected["n"] == "200"


def test_an_unknown_pipeline_is_a_usage_error(rp):
    proc = rp.run("run", "--pipelines", "sales,bogus", check=False)
    assert proc.returncode == 2
    assert "bogus" in proc.stderr
