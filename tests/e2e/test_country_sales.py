# SPDX-License-Identifier: Apache-2.0
"""End-to-end tests of the country sales pipeline (seeds.md §3) on the embedded defaults:
`publish country-sales` into the local log, `sink country-sales` into CSV files in the store,
checked with Python's csv module against the seed's rules (not against our own code)."""
import collections
import csv
import io
import os
import re
import signal
import subprocess
import time
from decimal import Decimal

COLUMNS = ["sale_id", "product_code", "country_of_sale", "datetime", "selling_price", "currency"]
CURRENCY = {"US": "USD", "UK": "GBP", "DE": "EUR", "FR": "EUR", "IT": "EUR"}
# publish_sales.py: product_sale_frequency and selling_price_range.
FREQUENCY = {"p1": 0.2, "p2": 0.15, "p3": 0.1, "p4": 0.25, "p5": 0.05, "p6": 0.1, "p7": 0.05,
             "p8": 0.03, "p9": 0.02, "p10": 0.01}
PRICE = {"p1": ("10", "11"), "p2": ("20", "22"), "p3": ("30", "30.5"), "p4": ("40", "41"),
         "p5": ("50", "50.1"), "p6": ("60", "60.05"), "p7": ("70", "75"), "p8": ("80", "82"),
         "p9": ("90.1", "90.2"), "p10": ("100", "100.5")}
START = "2025-07-10 02:57:08"
PUBLISH = ["publish", "country-sales", "--delay", "0s", "--batches", "3", "--seed", "11",
           "--sale-frequency", "1", "--start-time", START]


def csv_objects(rp, country):
    """Return {name: rows} of the CSV objects at the top of Inbound/<country>/."""
    folder = os.path.join(rp.store, "Inbound", country)
    out = {}
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        path = os.path.join(folder, name)
        if os.path.isfile(path) and name.endswith(".csv"):
            with open(path, newline="") as f:
                rows = list(csv.reader(f))
            assert rows[0] == COLUMNS, f"{name} has header {rows[0]}"
            out[name] = rows[1:]
    return out


def all_rows(rp, countries=CURRENCY):
    return [row for c in countries for rows in csv_objects(rp, c).values() for row in rows]


def count_log(rp):
    path = os.path.join(rp.data_dir, "logs", "country_sales_counts.txt")
    with open(path) as f:
        return [line.rstrip("\n").split(",") for line in f]


def test_publish_then_sink_gives_the_seeds_records_once(rp):
    published = rp.run(*PUBLISH)
    assert "published" in published.stdout and "seed 11" in published.stdout
    log = count_log(rp)
    assert len(log) == 5 * 3
    expected = collections.Counter()
    for country, n, stamp in log:
        expected[country] += int(n)
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", stamp), stamp

    sunk = rp.run("sink", "country-sales", "--max-records", "100", "--stop-when-idle", "2s")
    assert "streamed" in sunk.stdout, sunk.stdout
    ids = collections.Counter()
    for country in CURRENCY:
        objects = csv_objects(rp, country)
        assert objects, f"no files for {country}"
        rows = [row for r in objects.values() for row in r]
        assert len(rows) == expected[country]
        for name, object_rows in objects.items():
            assert re.fullmatch(rf"{country}_topic-p\d+-o\d{{20}}\.csv", name), name
            assert len(object_rows) <= 100
        for sale_id, product, where, stamp, price, currency in rows:
            ids[sale_id] += 1
            assert re.fullmatch(rf"{country}-[0-9a-f]{{16}}-\d{{4}}-\d{{5}}", sale_id), sale_id
            assert where == country and currency == CURRENCY[country]
            lo, hi = PRICE[product]
            assert Decimal(lo) <= Decimal(price) <= Decimal(hi), (product, price)
            assert re.fullmatch(r"\d+\.\d{1,2}", price), price  # Python's repr of round(x, 2)
            assert stamp.startswith("2025-07-10 02:57:") and len(stamp) == 26, stamp
        # Per batch and product, the count is int(f * 100 * 1 * k) with k in 1..5.
        per_batch = collections.Counter((r[0].split("-")[2], r[1]) for r in rows)
        for (batch, product), n in per_batch.items():
            assert n in {int(FREQUENCY[product] * 100 * k) for k in range(1, 6)}, (batch, product, n)
    assert all(n == 1 for n in ids.values()), "a sale_id appears twice"

    # The local copies were archived, equal to the objects.
    for country in CURRENCY:
        archived = os.path.join(rp.data_dir, "country_sales", "Inbound", country, "Archived")
        for name in csv_objects(rp, country):
            with open(os.path.join(archived, name), "rb") as a, \
                    open(os.path.join(rp.store, "Inbound", country, name), "rb") as o:
                assert a.read() == o.read()

    # Everything was committed: a second sink finds nothing new.
    again = rp.run("sink", "country-sales", "--stop-when-idle", "1s")
    assert "streamed 0 records" in again.stdout, again.stdout


def test_the_same_seed_gives_the_same_records(rp, tmp_path):
    rp.run(*PUBLISH, "--countries", "UK,IT")
    rp.run("sink", "country-sales", "--countries", "UK,IT", "--stop-when-idle", "1s")
    other = type(rp)(rp.binary, str(tmp_path / "other"))
    os.makedirs(other.data_dir)
    other.run(*PUBLISH, "--countries", "UK,IT")
    other.run("sink", "country-sales", "--countries", "UK,IT", "--stop-when-idle", "1s")
    mine = sorted(map(tuple, all_rows(rp, ["UK", "IT"])))
    assert mine and mine == sorted(map(tuple, all_rows(other, ["UK", "IT"])))
    third = type(rp)(rp.binary, str(tmp_path / "third"))
    os.makedirs(third.data_dir)
    third.run(*[a if a != "11" else "12" for a in PUBLISH], "--countries", "UK,IT")
    third.run("sink", "country-sales", "--countries", "UK,IT", "--stop-when-idle", "1s")
    ids = {r[0] for r in mine}
    assert not ids & {r[0] for r in all_rows(third, ["UK", "IT"])}, "another seed reused sale_ids"


def test_a_killed_sink_resumes_without_loss_or_duplicates(rp):
    rp.run(*PUBLISH, "--countries", "US")
    total = sum(int(n) for _, n, _ in count_log(rp))
    for point in ["sink.after_manifest", "sink.after_upload", "sink.after_commit"]:
        proc = rp.run("sink", "country-sales", "--countries", "US", "--max-records", "50",
                      "--stop-when-idle", "1s", env={"RP_KILLPOINT": point}, check=False)
        assert proc.returncode == -signal.SIGKILL, (point, proc.returncode, proc.stderr)
    rp.run("sink", "country-sales", "--countries", "US", "--max-records", "50",
           "--stop-when-idle", "1s")
    rows = all_rows(rp, ["US"])
    assert len(rows) == total
    assert len({r[0] for r in rows}) == total


def test_ctrl_c_uploads_the_open_files_and_exits_cleanly(rp):
    rp.run(*PUBLISH, "--countries", "DE")
    proc = subprocess.Popen([rp.binary, "--data-dir", rp.data_dir, "--log-level", "info", "sink",
                             "country-sales", "--countries", "DE"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=rp.data_dir)
    time.sleep(2)  # enough to read everything; the files stay open (45 s, 10,000 rows)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "SIGINT received" in err
    total = sum(int(n) for _, n, _ in count_log(rp))
    assert f"streamed {total:,} records" in out, out
    assert len(all_rows(rp, ["DE"])) == total


def test_bad_settings_are_usage_errors(rp):
    proc = rp.run("publish", "country-sales", "--countries", "ES", "--delay", "0s", check=False)
    assert proc.returncode == 2 and "ES" in proc.stderr and "US, UK, DE, FR, IT" in proc.stderr
    proc = rp.run("sink", "country-sales", "--max-age", "45", check=False)
    assert proc.returncode == 2 and "--max-age" in proc.stderr
    proc = rp.run("publish", "country-sales", "--delay", "15s-10s", check=False)
    assert proc.returncode == 2 and "country_sales.delay" in proc.stderr
