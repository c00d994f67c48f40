# SPDX-License-Identifier: Apache-2.0
"""End-to-end tests of the country sales loader and the DAG runner (seeds.md §3.4) on the
embedded defaults: CSV objects written here into the file store's Inbound/<CC>/ folders,
`retailpipe load country-sales` and `retailpipe dag run load_s3_to_db` into the warehouse table
stage_sales, checked against an independent model of the rules written here with Python's csv
module, re-runs, failures, retries and a kill -9 at each step boundary."""
import csv
import io
import os
import re
import shutil
from decimal import Decimal

import pytest

COLUMNS = ["sale_id", "product_code", "country_of_sale", "datetime", "selling_price", "currency"]
CURRENCY = {"US": "USD", "UK": "GBP", "DE": "EUR", "FR": "EUR", "IT": "EUR"}
DATETIME = re.compile(r"(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(\.\d{1,6})?")
PRICE = re.compile(r"\d{1,10}(\.\d{1,2})?")


def sale_rows(country, start, n):
    return [[f"{country}-{i:06d}", f"p{i % 10 + 1}", country,
             f"2025-07-10 02:{i % 60:02d}:08.{i:06d}", f"{10 + i % 90}.{i % 100:02d}",
             CURRENCY[country]] for i in range(start, start + n)]


def to_csv(rows, header=True):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if header:
        writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


def inbound_files():
    """The objects of the test, {key: text}: the sink's files with a header, one of the seed's
    headerless files, rows that break each rule, a file with no usable header, and objects the
    loader must leave alone."""
    us_bad = [["US-bad-1", "p1", "US", "2025-07-10 02:57:08", "ten", "USD"],
              ["US-bad-2", "p1", "UK", "2025-07-10 02:57:08", "1.00", "USD"],
              ["US-bad-3", "p1", "US", "2025-02-30 02:57:08", "1.00", "USD"],
              ["US-bad-4", "p1", "US", "2025-07-10 02:57:08", "1.005", "USD"]]
    seed = [[str(-4_000_000_000_000_000_000 + i * 7919), f"p{i % 10 + 1}", "US",
             f"2025-07-10 03:00:{i % 60:02d}.{i:06d}", f"{20 + i % 3}.5", "USD"] for i in range(50)]
    return {
        "Inbound/US/US_topic-p0-o00000000000000000000.csv": to_csv(sale_rows("US", 0, 120) + us_bad),
        "Inbound/US/US_20250710T025708123456.csv": to_csv(seed, header=False),
        "Inbound/US/Archived/US_topic-p0-o00000000000000000000.csv": to_csv(sale_rows("US", 900, 5)),
        "Inbound/UK/UK_topic-p0-o00000000000000000000.csv": to_csv(sale_rows("UK", 0, 40)),
        "Inbound/UK/UK_topic-p1-o00000000000000000000.csv": to_csv(sale_rows("UK", 40, 35)),
        "Inbound/DE/DE_topic-p0-o00000000000000000007.csv": "sale_id,price\n1,2\n",
        "Inbound/DE/DE_topic-p0-o00000000000000000009.csv": "1,p1,DE,2025-07-10 02:57:08,1.50\n",
        "Inbound/FR/notes.txt": "not a csv\n",
    }


def put(rp, files):
    for key, text in files.items():
        path = os.path.join(rp.store, key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", newline="") as f:
            f.write(text)


def is_real_datetime(text):
    m = DATETIME.fullmatch(text)
    if not m:
        return False
    y, mo, d, h, mi, s = (int(g) for g in m.groups()[:6])
    days = [31, 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28, 31, 30, 31, 30,
            31, 31, 30, 31, 30, 31]
    return 1 <= mo <= 12 and 1 <= d <= days[mo - 1] and h < 24 and mi < 60 and s < 60


def expected(files):
    """The model: (rows by sale_id, quarantined (key, line, code), refused keys) of `files`."""
    rows, quarantined, refused = {}, set(), set()
    for key, text in files.items():
        parts = key.split("/")
        if len(parts) != 3 or not key.endswith(".csv"):
            continue  # below Inbound/<CC>/ (Archived/...) or not a CSV file
        country = parts[1]
        records = list(csv.reader(io.StringIO(text)))
        if records and records[0] and records[0][0] in COLUMNS:
            if sorted(records[0]) != sorted(COLUMNS):
                refused.add(key)
                continue
            order = [records[0].index(c) for c in COLUMNS]
            body = list(enumerate(records[1:], start=2))
        else:
            order = list(range(6))
            body = list(enumerate(records, start=1))
        for line, rec in body:
            if len(rec) != len(COLUMNS):
                quarantined.add((key, line, "FIELD_COUNT"))
                continue
            sale = dict(zip(COLUMNS, (rec[i] for i in order)))
            if sale["country_of_sale"] != country:
                code = "WRONG_COUNTRY"
            elif not is_real_datetime(sale["datetime"]):
                code = "BAD_DATETIME"
            elif not PRICE.fullmatch(sale["selling_price"]):
                code = "BAD_PRICE"
            else:
                rows[sale["sale_id"]] = sale
                continue
            quarantined.add((key, line, code))
    return rows, quarantined, refused


def canonical_time(text):
    """'2025-07-10 02:57:08.120000' and '2025-07-10 02:57:08.12' are the same time."""
    base, _, fraction = text.partition(".")
    return base + "." + (fraction or "0").ljust(6, "0")[:6]


def assert_loaded(rp, files):
    rows, quarantined, refused = expected(files)
    got = rp.sql("SELECT sale_id, product_code, country_of_sale, CAST(datetime AS VARCHAR) AS dt, "
                 "CAST(selling_price AS VARCHAR) AS price, currency FROM stage_sales")
    assert len(got) == len(rows)
    for r in got:
        want = rows[r["sale_id"]]
        assert r["product_code"] == want["product_code"]
        assert r["country_of_sale"] == want["country_of_sale"]
        assert canonical_time(r["dt"]) == canonical_time(want["datetime"])
        assert Decimal(r["price"]) == Decimal(want["selling_price"])
        assert r["currency"] == want["currency"]
    typed = rp.sql("SELECT typeof(selling_price) AS p, typeof(datetime) AS d FROM stage_sales "
                   "LIMIT 1")
    assert typed == [{"p": "DECIMAL(12,2)", "d": "TIMESTAMP"}]
    got_q = {(r["file_key"], int(r["line_number"]), r["reason_code"]) for r in rp.sql(
        "SELECT file_key, line_number, reason_code FROM country_sales_quarantine "
        "WHERE line_number > 0")}
    assert got_q == quarantined
    got_refused = {r["file_key"] for r in rp.sql(
        "SELECT file_key FROM country_sales_quarantine WHERE line_number = 0")}
    assert got_refused == refused
    # Every file left the inbox: good ones to Processed/, refused ones to Quarantine/.
    for key in files:
        parts = key.split("/")
        if len(parts) != 3 or not key.endswith(".csv"):
            assert os.path.exists(os.path.join(rp.store, key)), f"{key} must stay"
            continue
        folder = "Quarantine" if key in refused else "Processed"
        assert not os.path.exists(os.path.join(rp.store, key)), f"{key} was not moved"
        assert os.path.exists(os.path.join(rp.store, *parts[:2], folder, parts[2]))
    return rows, quarantined


def test_load_country_sales_types_rows_quarantines_the_rest_and_reruns_idempotently(rp):
    files = inbound_files()
    put(rp, files)
    proc = rp.run("load", "country-sales")
    assert proc.returncode == 3, proc.stderr
    rows, quarantined = assert_loaded(rp, files)
    assert f"loaded {len(rows)} rows from 5 files" in proc.stdout, proc.stdout
    assert "country_sales_quarantine" in proc.stdout
    # The same files arrive again (a replayed sink, a crash before the move): nothing changes.
    put(rp, {k: v for k, v in files.items() if "Archived" not in k and "notes" not in k})
    again = rp.run("load", "country-sales")
    assert again.returncode == 3
    assert_loaded(rp, files)
    assert int(rp.sql("SELECT count(*) AS n FROM country_sales_quarantine")[0]["n"]) == \
        len(quarantined) + 1


def test_load_only_some_countries(rp):
    put(rp, inbound_files())
    proc = rp.run("load", "country-sales", "--countries", "UK")
    assert proc.returncode == 0, proc.stderr
    assert rp.sql("SELECT DISTINCT country_of_sale AS c FROM stage_sales") == [{"c": "UK"}]
    assert os.path.exists(os.path.join(rp.store, "Inbound/US/US_20250710T025708123456.csv"))


def test_the_dag_loads_every_country_in_the_seed_order_and_keeps_its_history(rp):
    files = inbound_files()
    put(rp, files)
    listed = rp.run("dag", "list")
    assert "load_s3_to_db (built-in)" in listed.stdout
    assert ("process_US_sales >> process_UK_sales >> process_DE_sales >> process_FR_sales >> "
            "process_IT_sales") in listed.stdout
    proc = rp.run("dag", "run", "load_s3_to_db")
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert "dag load_s3_to_db run cli__" in proc.stdout and ": success in" in proc.stdout
    assert_loaded(rp, files)
    tasks = {t["task_id"]: t for t in rp.sql(
        "SELECT task_id, state, try_number, CAST(start_date AS VARCHAR) AS s FROM task_instance")}
    order = [f"process_{c}_sales" for c in CURRENCY]
    assert sorted(tasks) == sorted(order)
    starts = [tasks[t]["s"] for t in order]
    assert starts == sorted(starts), "the tasks ran in the seed's order"
    assert {t["state"] for t in tasks.values()} == {"success"}
    assert {t["try_number"] for t in tasks.values()} == {"1"}
    runs = rp.sql("SELECT dag_id, triggered_by, state FROM dag_run")
    assert runs == [{"dag_id": "load_s3_to_db", "triggered_by": "cli", "state": "success"}]
    # A second run, by hand, finds nothing left to load.
    manual = rp.run("dag", "trigger", "load_s3_to_db", "--logical-date", "2023-10-01")
    assert manual.returncode == 0, manual.stdout + manual.stderr
    assert "run manual__2023-10-01T00:00:00" in manual.stdout
    history = rp.run("dag", "history", "load_s3_to_db")
    assert history.stdout.count("load_s3_to_db ") == 2
    assert "US: 0 files, 0 rows loaded" in history.stdout
    assert "process_IT_sales" in history.stdout and "try 1/3" in history.stdout
    assert "last run: manual__2023-10-01T00:00:00 success" in rp.run("dag", "list").stdout


DAGS = """
dags:
  broken:
    default_args: {{retries: 1, retry_delay: 1s, max_retry_delay: 1s}}
    tasks:
      - {{id: no_country, operator: country_sales.load}}
      - {{id: after, operator: country_sales.load, params: {{country: UK}}, depends_on: no_country}}
      - {{id: aside, operator: country_sales.load, params: {{country: UK}}}}
  unreachable:
    default_args: {{retries: 1, retry_delay: 1s, max_retry_delay: 1s}}
    tasks:
      - {{id: load_us, operator: country_sales.load, params: {{country: US}}}}
country_sales:
  target: "{target}"
"""


def write_config(rp, target="warehouse"):
    path = os.path.join(rp.data_dir, "retailpipe.yaml")
    with open(path, "w") as f:
        f.write(DAGS.format(target=target))
    return path


def test_a_failed_task_fails_its_downstream_and_the_run(rp):
    config = write_config(rp)
    put(rp, {k: v for k, v in inbound_files().items() if k.startswith("Inbound/UK/")})
    proc = rp.run("--config", config, "dag", "run", "broken", check=False)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "task no_country failed after 1 tries" in proc.stderr
    assert "needs the param 'country'" in proc.stderr
    states = {r["task_id"]: (r["state"], r["try_number"]) for r in rp.sql(
        "SELECT task_id, state, try_number FROM task_instance")}
    # A config error is not retried; the other branch still runs.
    assert states == {"no_country": ("failed", "1"), "after": ("upstream_failed", "0"),
                      "aside": ("success", "1")}
    assert rp.sql("SELECT state FROM dag_run") == [{"state": "failed"}]
    unknown = rp.run("--config", config, "dag", "run", "nope", check=False)
    assert unknown.returncode == 2 and "the config has load_s3_to_db, broken, unreachable" in \
        unknown.stderr


def test_an_unavailable_target_is_retried_with_backoff_then_fails(rp):
    config = write_config(rp, target="dynamodb://stage.sales?endpoint=http://127.0.0.1:9")
    env = {"AWS_ACCESS_KEY_ID": "rptest", "AWS_SECRET_ACCESS_KEY": "rptest"}
    proc = rp.run("--config", config, "dag", "run", "unreachable", env=env, check=False)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    tries = rp.sql("SELECT try_number, state, failure, error FROM task_try ORDER BY try_number")
    assert [(t["try_number"], t["state"], t["failure"]) for t in tries] == \
        [("1", "failed", "error"), ("2", "failed", "error")]
    assert "cannot reach the DynamoDB endpoint http://127.0.0.1:9" in tries[0]["error"]
    history = rp.run("--config", config, "dag", "history", "--run",
                     rp.sql("SELECT run_id FROM dag_run")[0]["run_id"])
    assert "try 2/2" in history.stdout and history.stdout.count("failed (error)") == 2


@pytest.mark.parametrize("point", ["dag.after_try_start", "load.after_write", "dag.before_try_end"])
def test_a_killed_dag_run_is_resumed_to_the_same_end(rp, point):
    files = inbound_files()
    put(rp, files)
    crashed = rp.run("dag", "run", "load_s3_to_db", env={"RP_KILLPOINT": point}, check=False)
    assert crashed.returncode == -9, f"kill point {point} was not reached: {crashed.stderr}"
    assert rp.sql("SELECT state FROM dag_run") == [{"state": "running"}]
    resumed = rp.run("dag", "run", "load_s3_to_db")
    assert resumed.returncode == 3, resumed.stdout + resumed.stderr
    assert "resumed after a crash" in resumed.stdout
    assert_loaded(rp, files)
    assert rp.sql("SELECT state FROM dag_run") == [{"state": "success"}]
    crash = rp.sql("SELECT task_id, try_number FROM task_try WHERE failure = 'crash'")
    assert crash == [{"task_id": "process_US_sales", "try_number": "1"}]
    us = rp.sql("SELECT try_number, max_tries FROM task_instance WHERE task_id = 'process_US_sales'")
    assert us == [{"try_number": "2", "max_tries": "4"}], "a crash does not use up a retry"


def test_a_killed_run_can_be_failed_instead(rp):
    put(rp, inbound_files())
    rp.run("dag", "run", "load_s3_to_db", env={"RP_KILLPOINT": "dag.after_try_start"}, check=False)
    proc = rp.run("dag", "run", "load_s3_to_db", "--fail-crashed")
    assert proc.returncode == 3
    states = rp.sql("SELECT state, note FROM dag_run ORDER BY queued_at")
    assert [s["state"] for s in states] == ["failed", "success"]
    assert "which died" in states[0]["note"]
