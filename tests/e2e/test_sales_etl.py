# SPDX-License-Identifier: Apache-2.0
"""End-to-end tests of `retailpipe etl sales` on the embedded defaults (seeds 002/003)."""
import os
import shutil
from decimal import Decimal

import pytest

from expected_marts import expected

KILL_POINTS = ["etl.after_claim", "etl.after_stage", "etl.after_partitioned_upload",
               "etl.before_commit", "etl.after_commit", "etl.after_first_move",
               "etl.after_file_quarantine_record"]


def snapshot_inbox(rp, dest):
    shutil.copytree(os.path.join(rp.store, "sales_data"), dest)
    return str(dest)


def dimensions(rp):
    customers = {int(r["customer_id"]): r for r in rp.sql("SELECT * FROM customer")}
    stores = {int(r["id"]) for r in rp.sql("SELECT id FROM store")}
    team = {int(r["id"]): r for r in rp.sql("SELECT * FROM sales_team")}
    return customers, stores, team


def actual_marts(rp):
    cm = {(int(r["customer_id"]), r["sales_date_month"]): {
        "full_name": r["full_name"], "total_sales": Decimal(r["total_sales"])}
        for r in rp.sql("SELECT * FROM customers_data_mart")}
    tm = {(int(r["store_id"]), int(r["sales_person_id"]), r["sales_month"]): {
        "full_name": r["full_name"], "total_sales": Decimal(r["total_sales"]),
        "incentive": Decimal(r["incentive"])}
        for r in rp.sql("SELECT * FROM sales_team_data_mart")}
    return cm, tm


def assert_marts(rp, folder):
    exp_cm, exp_tm, reasons = expected(folder, *dimensions(rp))
    cm, tm = actual_marts(rp)
    assert cm == exp_cm
    assert tm == exp_tm
    assert len(cm) > 0 and len(tm) > 0
    return reasons


def parquet_rows(rp):
    pattern = os.path.join(rp.store, "sales_partitioned_data_mart", "**", "*.parquet")
    return int(rp.sql(f"SELECT count(*) AS n FROM read_parquet('{pattern}')")[0]["n"])


def test_marts_match_an_independent_model(rp, tmp_path):
    rp.run("generate", "sales", "--files", "3", "--rows", "3000", "--seed", "11",
           "--extra-column-file", "--datewise", "2023-06-15")
    folder = snapshot_inbox(rp, tmp_path / "inbox")
    proc = rp.run("etl", "sales")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    reasons = assert_marts(rp, folder)
    assert reasons == {}
    # Extra columns are kept, concatenated, in header order.
    extra = rp.sql("SELECT DISTINCT additional_column FROM read_parquet('"
                   + os.path.join(rp.store, "sales_partitioned_data_mart/**/*.parquet")
                   + "') WHERE source_file = 'sales_data_extra_columns.csv'")
    assert {r["additional_column"] for r in extra} <= {"cash", "UPI"}
    assert parquet_rows(rp) == 5 * 3000
    assert rp.store_files("sales_data") == []
    assert len(rp.store_files("sales_data_processed")) == 5


def test_rerun_never_duplicates(rp, tmp_path):
    rp.run("generate", "sales", "--files", "2", "--rows", "1000", "--seed", "5")
    folder = snapshot_inbox(rp, tmp_path / "inbox")
    assert rp.run("etl", "sales").returncode == 0
    before = actual_marts(rp)
    # The same files delivered again: recognised by content, moved, not re-read.
    os.makedirs(os.path.join(rp.store, "sales_data"), exist_ok=True)
    for name in os.listdir(folder):
        shutil.copy(os.path.join(folder, name), os.path.join(rp.store, "sales_data", name))
    proc = rp.run("etl", "sales")
    assert proc.returncode == 0
    assert "2 already processed" in proc.stdout
    assert actual_marts(rp) == before
    assert parquet_rows(rp) == 2000
    ledger = rp.sql("SELECT status, count(*) AS n FROM product_staging_table GROUP BY status")
    assert ledger == [{"status": "I", "n": "2"}]


def test_malformed_input_is_quarantined_with_reasons(rp, tmp_path):
    rp.run("generate", "sales", "--all-variants", "--files", "3", "--rows", "1000", "--seed", "3")
    folder = snapshot_inbox(rp, tmp_path / "inbox")
    proc = rp.run("etl", "sales")
    assert proc.returncode == 3, "exit code 3 means finished with quarantined input"
    reasons = assert_marts(rp, folder)
    files = {r["file_name"]: r for r in rp.sql("SELECT * FROM product_staging_table")}
    assert files["sales_data_missing_store_id.csv"]["status"] == "Q"
    assert files["sales_data_missing_store_id.csv"]["reason_code"] == "MISSING_COLUMNS"
    assert "store_id" in files["sales_data_missing_store_id.csv"]["reason"]
    assert files["sales_data_notes.json"]["reason_code"] == "NOT_CSV"
    assert sorted(rp.store_files("sales_data_error")) == ["sales_data_missing_store_id.csv",
                                                          "sales_data_notes.json"]
    got = {r["reason_code"]: int(r["n"]) for r in rp.sql(
        "SELECT reason_code, count(*) AS n FROM sales_quarantine GROUP BY reason_code")}
    assert got == reasons and sum(got.values()) == 12
    for row in rp.sql("SELECT * FROM sales_quarantine"):
        assert int(row["line_number"]) > 1 and row["raw_line"] and row["reason"]
        with open(os.path.join(folder, row["file_name"]), encoding="utf-8") as f:
            assert f.read().split("\n")[int(row["line_number"]) - 1] == row["raw_line"]
    good = sum(int(f["rows_out"]) for f in files.values())
    assert parquet_rows(rp) == good


def test_later_batches_rebuild_the_months_they_touch(rp, tmp_path):
    rp.run("generate", "sales", "--files", "2", "--rows", "800", "--seed", "21")
    all_files = tmp_path / "all"
    shutil.copytree(os.path.join(rp.store, "sales_data"), all_files)
    assert rp.run("etl", "sales").returncode == 0
    # Same seed (same dimensions), other dates: new sales for Jul..Sep.
    rp.run("generate", "sales", "--files", "2", "--rows", "800", "--seed", "21",
           "--start", "2023-07-01", "--end", "2023-09-30")
    inbox = os.path.join(rp.store, "sales_data")
    for name in os.listdir(inbox):  # new names: these are new sales, not corrections
        os.rename(os.path.join(inbox, name), os.path.join(inbox, "late_" + name))
        shutil.copy(os.path.join(inbox, "late_" + name), all_files / ("late_" + name))
    assert rp.run("etl", "sales").returncode == 0
    assert_marts(rp, str(all_files))


def test_a_reused_name_with_other_content_is_quarantined(rp, tmp_path):
    rp.run("generate", "sales", "--files", "1", "--rows", "100", "--seed", "1")
    assert rp.run("etl", "sales").returncode == 0
    rp.run("generate", "sales", "--files", "1", "--rows", "100", "--seed", "2")
    assert rp.run("etl", "sales").returncode == 3
    rows = rp.sql("SELECT status, reason_code FROM product_staging_table ORDER BY status")
    assert rows == [{"status": "I", "reason_code": ""}, {"status": "Q", "reason_code": "NAME_REUSED"}]


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_crash_at_any_step_loses_and_duplicates_nothing(rp, tmp_path, point):
    rp.run("generate", "sales", "--files", "3", "--rows", "1500", "--seed", "9", "--bad-rows", "6",
           "--non-csv-file", "--extra-column-file")
    folder = snapshot_inbox(rp, tmp_path / "inbox")
    crashed = rp.run("etl", "sales", env={"RP_KILLPOINT": point}, check=False)
    assert crashed.returncode == -9, f"kill point {point} was not reached: {crashed.stderr}"
    proc = rp.run("etl", "sales")
    assert proc.returncode in (0, 3)
    reasons = assert_marts(rp, folder)
    states = rp.sql("SELECT status, count(*) AS n FROM product_staging_table GROUP BY status ORDER BY status")
    assert states == [{"status": "I", "n": "4"}, {"status": "Q", "n": "1"}]
    got = {r["reason_code"]: int(r["n"]) for r in rp.sql(
        "SELECT reason_code, count(*) AS n FROM sales_quarantine GROUP BY reason_code")}
    assert got == reasons
    good = sum(int(r["rows_out"]) for r in rp.sql("SELECT rows_out FROM product_staging_table"))
    assert good == 4 * 1500 - 6
    assert parquet_rows(rp) == good
    assert rp.store_files("sales_data") == []
