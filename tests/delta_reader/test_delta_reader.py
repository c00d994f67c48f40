# SPDX-License-Identifier: Apache-2.0
"""An independent reader for our Delta tables: delta-rs (the `deltalake` package, in the venv
made by scripts/delta_reader_env.sh) reads what delta_interop wrote (JSON commits, and our
checkpoint with the commits before it deleted), and delta_interop reads a table delta-rs wrote
(from delta-rs's checkpoint). Expected rows are computed here from the same formulas, not read
back through our code. Skips (DELTA_READER_SKIPPED) when the venv is missing."""
import csv
import datetime
import io
import json
import math
import os
import shutil
import subprocess
import sys
from decimal import Decimal

import pytest

REPO = os.environ.get("RP_REPO_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
VENV_PYTHON = os.path.join(os.environ.get("RP_DELTA_VENV", os.path.join(REPO, ".venv-delta")),
                           "bin", "python")
INTEROP = os.environ.get("RP_DELTA_INTEROP", "")
READER = os.path.join(os.path.dirname(__file__), "read_delta.py")

if not os.path.exists(VENV_PYTHON):
    pytest.skip(f"DELTA_READER_SKIPPED: no delta-rs venv at {VENV_PYTHON}; "
                "run scripts/delta_reader_env.sh", allow_module_level=True)
if not INTEROP:
    pytest.skip("DELTA_READER_SKIPPED: RP_DELTA_INTEROP is not set (run through ctest)",
                allow_module_level=True)


def run(cmd, **kw):
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    assert proc.returncode == 0, f"{cmd} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def delta_rs(table_dir, *app_ids):
    return json.loads(run([VENV_PYTHON, READER, table_dir, *app_ids]))


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    root = tmp_path_factory.mktemp("delta")
    run([INTEROP, "write", str(root)])
    return root / "tables"


def sort_rows(rows):
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))


def expected_order(i):
    return {"order_id": f"ord-{i:05d}", "customer_id": f"cus-{i % 7}", "total_weight": i * 1.5,
            "total_volume": i * 10.0, "total_price": round(i * 3.25, 2),
            "order_timestamp": f"2024-05-01 10:{i % 60:02d}:00", "status": "RECEIVED",
            "lat": 40.0 + i / 100, "lon": -3.5 - i / 100}


def expected_item(i, k):
    return {"inventory_id": f"inv-{i}-{k}", "order_id": f"ord-{i:05d}",
            "product_id": f"prod-{i % 5}", "product_name": f"BILLY {k}",
            "order_price": 25.0 + k, "package_id": f"{i * 7 + k:08d}", "subpackage_id": k,
            "items_quantity": 2 * k, "items_weight": k * 2 * 1.25, "items_volume": k * 2 * 100.0,
            "order_timestamp": "2024-05-01 10:00:00",
            "status": "INTERRUPTED" if i % 3 == 0 else "PROCESSING"}


def assert_rows_equal(got, want):
    assert len(got) == len(want)
    for g, w in zip(sort_rows(got), sort_rows(want)):
        assert g.keys() == w.keys()
        for k in w:
            if isinstance(w[k], float):
                assert math.isclose(g[k], w[k], rel_tol=1e-12), (k, g, w)
            else:
                assert g[k] == w[k], (k, g, w)


def test_orders_schema_rows_and_stream_offsets(tables):
    seen = delta_rs(str(tables / "orders"), "orders-p0", "orders-p1", "never-wrote")
    assert seen["protocol"] == [1, 2]
    assert seen["schema"] == [["order_id", "string", True], ["customer_id", "string", True],
                              ["total_weight", "double", True], ["total_volume", "double", True],
                              ["total_price", "double", True], ["order_timestamp", "string", True],
                              ["status", "string", True], ["lat", "double", True],
                              ["lon", "double", True]]
    assert seen["version"] == 4  # create + 3 batches of p0 + 1 of p1; the replay was dropped
    assert_rows_equal(seen["rows"], [expected_order(i) for i in range(35)])
    assert seen["txn"] == {"orders-p0": 2, "orders-p1": 5, "never-wrote": None}
    assert sum(f["num_records"] for f in seen["files"]) == 35


def test_items_written_by_two_concurrent_writers(tables):
    seen = delta_rs(str(tables / "orders_items"), "items-writer-0", "items-writer-1")
    assert seen["partition_columns"] == ["status"]
    assert seen["version"] == 10
    assert_rows_equal(seen["rows"], [expected_item(i, k) for i in range(100) for k in (1, 2)])
    assert seen["txn"] == {"items-writer-0": 4, "items-writer-1": 4}
    types = {name: t for name, t, _ in seen["schema"]}
    assert types["subpackage_id"] == "integer" and types["items_quantity"] == "integer"


def drop_commits_before(table_dir, version):
    """Delete the JSON commits a checkpoint covers, as another engine's log cleanup would."""
    for v in range(version):
        os.remove(os.path.join(table_dir, "_delta_log", f"{v:020d}.json"))


def test_delta_rs_reads_our_checkpoint(tables, tmp_path):
    copy = tmp_path / "orders_items"
    shutil.copytree(tables / "orders_items", copy)
    assert (copy / "_delta_log" / f"{10:020d}.checkpoint.parquet").exists()
    assert json.loads((copy / "_delta_log" / "_last_checkpoint").read_text())["version"] == 10
    drop_commits_before(copy, 10)
    seen = delta_rs(str(copy), "items-writer-0", "items-writer-1")
    assert seen["version"] == 10
    assert_rows_equal(seen["rows"], [expected_item(i, k) for i in range(100) for k in (1, 2)])
    assert seen["txn"] == {"items-writer-0": 4, "items-writer-1": 4}
    assert sum(f["num_records"] for f in seen["files"]) == 200


def test_all_types_after_an_overwrite(tables):
    seen = delta_rs(str(tables / "all_types"))
    assert seen["schema"] == [["id", "integer", True], ["big", "long", True],
                              ["ratio", "double", True], ["price", "decimal(10,2)", True],
                              ["name", "string", True], ["day", "date", True],
                              ["seen_at", "timestamp", True], ["ok", "boolean", True]]
    assert seen["version"] == 2
    want = [
        {"id": 1, "big": 10000000000, "ratio": 0.5, "price": "12.50", "name": "alpha",
         "day": "2024-01-31", "seen_at": "2024-01-31T10:11:12.345678+00:00", "ok": True},
        {"id": 2, "big": -5, "ratio": -1.25, "price": "-0.05", "name": "Ünïcode \"q\" 's'",
         "day": "2023-12-01", "seen_at": "2023-12-01T00:00:00+00:00", "ok": False},
        {"id": 3, "big": None, "ratio": None, "price": None, "name": None, "day": "2023-12-01",
         "seen_at": None, "ok": None},
        {"id": 4, "big": 7, "ratio": 1e300, "price": "99999999.99", "name": "", "day": None,
         "seen_at": "1999-12-31T23:59:59.999999+00:00", "ok": True},
    ]
    assert_rows_equal(seen["rows"], want)
    # delta-rs parses our statistics: per file, they bound the rows of that partition.
    by_day = {}
    for row in want:
        by_day.setdefault(row["day"], []).append(row)
    assert len(seen["files"]) == 3
    for f in seen["files"]:
        day = next(d for d in by_day if all(r["id"] >= f["min"]["id"] and r["id"] <= f["max"]["id"]
                                            for r in by_day[d]) and f["num_records"] == len(by_day[d]))
        rows = by_day.pop(day)
        assert f["min"]["id"] == min(r["id"] for r in rows)
        assert f["max"]["id"] == max(r["id"] for r in rows)
        assert f["null_count"]["big"] == sum(r["big"] is None for r in rows)
        prices = [Decimal(r["price"]) for r in rows if r["price"] is not None]
        if prices:
            assert Decimal(str(f["min"]["price"])) == min(prices)
            assert Decimal(str(f["max"]["price"])) == max(prices)


def test_we_read_a_table_written_by_delta_rs(tmp_path):
    table_dir = tmp_path / "lake" / "from_delta_rs"
    script = f"""
import pyarrow as pa
from deltalake import write_deltalake, DeltaTable
def batch(lo, hi):
    return pa.table({{
        "x": pa.array(range(lo, hi), pa.int64()),
        "name": pa.array([f"n{{i}}" for i in range(lo, hi)], pa.string()),
        "part": pa.array(["a b/c" if i % 2 else "z" for i in range(lo, hi)], pa.string()),
        "amount": pa.array([Decimal(i) / 4 for i in range(lo, hi)], pa.decimal128(10, 2)),
    }})
from decimal import Decimal
write_deltalake({str(table_dir)!r}, batch(0, 10), partition_by=["part"])
write_deltalake({str(table_dir)!r}, batch(10, 20), partition_by=["part"], mode="append")
DeltaTable({str(table_dir)!r}).delete("x = 3 OR x = 12")
DeltaTable({str(table_dir)!r}).create_checkpoint()
write_deltalake({str(table_dir)!r}, batch(20, 22), partition_by=["part"], mode="append")
"""
    run([VENV_PYTHON, "-c", script])
    # Without the commits delta-rs's checkpoint covers, we must start from the checkpoint.
    checkpoints = sorted((table_dir / "_delta_log").glob("*.checkpoint.parquet"))
    assert len(checkpoints) == 1
    drop_commits_before(table_dir, int(checkpoints[0].name.split(".")[0]))
    out = run([INTEROP, "read", str(tmp_path), "lake/from_delta_rs"])
    rows = list(csv.DictReader(io.StringIO(out)))
    want = [i for i in range(22) if i not in (3, 12)]
    assert [int(r["x"]) for r in rows] == want
    for r in rows:
        i = int(r["x"])
        assert r["name"] == f"n{i}"
        assert r["part"] == ("a b/c" if i % 2 else "z")
        assert Decimal(r["amount"]) == Decimal(i) / 4
