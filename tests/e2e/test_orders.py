# SPDX-License-Identifier: Apache-2.0
"""End to end: the orders pipeline's reference tables, publisher and subscriber on embedded
defaults (the local log, a folder store)."""
import collections
import struct
import json
import os
import re

from conftest import Retailpipe


def read_local_log(rp, topic="orders"):
    """Return [(partition, offset, key, value)] of `topic` in the local log, parsed from the
    segment files by the frame layout documented in stream/local_log_frame.h (timestamps are
    skipped: they are the produce time)."""
    root = os.path.join(rp.data_dir, "stream", "topics", topic)
    records = []
    for partition in sorted(os.listdir(root)):
        if not partition.isdigit():
            continue
        for segment in sorted(os.listdir(os.path.join(root, partition))):
            if not segment.endswith(".log"):
                continue
            with open(os.path.join(root, partition, segment), "rb") as f:
                data = f.read()
            pos = 0
            while pos < len(data):
                (size,) = struct.unpack_from("<I", data, pos)
                body = data[pos + 12:pos + 4 + size]
                version, offset, _ts = struct.unpack_from("<Bqq", body, 0)
                assert version == 1
                at = 17
                (klen,) = struct.unpack_from("<I", body, at)
                key = body[at + 4:at + 4 + klen].decode()
                at += 4 + klen
                (vlen,) = struct.unpack_from("<I", body, at)
                value = body[at + 4:at + 4 + vlen].decode()
                records.append((int(partition), offset, key, value))
                pos += 4 + size
    assert records, f"no records under {root}"
    return records


def publish(rp, seed):
    rp.run("generate", "reference", "--seed", "11", "--clients", "50", "--products", "40")
    return rp.run("publish", "orders", "-n", "300", "--seed", str(seed),
                  "--start-time", "2024-05-01 10:00:00")


def test_reference_tables_are_queryable_lake_tables(rp):
    out = rp.run("generate", "reference", "--seed", "11", "--clients", "50", "--products", "40",
                 "--initial-stock", "250").stdout
    assert "orders/gold/packages" in out
    rows = rp.sql("SELECT count(*) AS n, min(stock_quantity) AS lo, max(stock_quantity) AS hi "
                  "FROM packages")
    assert int(rows[0]["n"]) > 0 and rows[0]["lo"] == rows[0]["hi"] == "250"
    assert rp.sql("SELECT count(*) AS n FROM products")[0]["n"] == "40"
    clients = rp.sql("SELECT count(DISTINCT client_id) AS n FROM clients_address")
    assert clients[0]["n"] == "50"
    # Product components are JSON text naming packages that exist.
    comps = rp.sql("SELECT product_components FROM products")
    packages = {(r["package_id"], int(r["subpackage_id"]))
                for r in rp.sql("SELECT package_id, subpackage_id FROM packages")}
    for row in comps:
        for c in json.loads(row["product_components"]):
            assert (c["package_id"], c["subpackage_id"]) in packages


def test_publish_is_reproducible_with_seed_and_start_time(tmp_path, rp):
    out = publish(rp, seed=5).stdout
    assert "published 300 orders" in out
    other = Retailpipe(rp.binary, str(tmp_path / "other"))
    os.makedirs(other.data_dir)
    publish(other, seed=5)
    records = read_local_log(rp)
    assert len(records) == 300
    assert records == read_local_log(other)
    for _, _, key, value in records:
        payload = json.loads(value)
        assert payload["order_id"] == key and payload["event_type"] == "ORDER_CREATED"
        assert payload["order_details"]["order_timestamp"] == "2024-05-01 10:00:00"
    third = Retailpipe(rp.binary, str(tmp_path / "third"))
    os.makedirs(third.data_dir)
    publish(third, seed=6)
    assert [r[2] for r in read_local_log(third)] != [r[2] for r in records]


def test_publish_without_reference_tables_says_how_to_make_them(rp):
    proc = rp.run("publish", "orders", "-n", "1", check=False)
    assert proc.returncode == 1, proc.stderr
    assert "retailpipe generate reference" in proc.stderr


def test_sql_names_unwritten_lake_tables(rp):
    proc = rp.run("sql", "SELECT count(*) FROM orders_items", check=False)
    assert proc.returncode != 0
    assert "not written yet: orders_items" in proc.stderr


TABLES = ("stock_movements", "orders_items", "orders", "events", "rejected_records")
# Reasons the subscriber writes (orders/batch_processor.cc, orders/stock_book.cc).
DUPLICATE = "duplicate order_id: the order was already accepted"
INSUFFICIENT = re.compile(r"insufficient stock for package (.+)/(\d+): need (\d+), have (\d+)$")


def subscribe_once(rp, *settings):
    """Run `subscribe orders --once`; the caller checks the exit code."""
    return rp.run(*settings, "subscribe", "orders", "--once", "--idle-timeout", "1s", check=False)


def count(rp, table):
    return int(rp.sql(f"SELECT count(*) AS n FROM {table}")[0]["n"])


def payloads(rp, topic="orders"):
    """Return the ORDER_CREATED payloads published to `topic`, parsed, in stream order per
    partition."""
    out = []
    for _, _, _, value in read_local_log(rp, topic):
        payload = json.loads(value)
        if payload.get("event_type") == "ORDER_CREATED":
            out.append(payload)
    return out


def test_subscribe_once_writes_every_table(rp):
    publish(rp, seed=5)
    proc = subscribe_once(rp)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("subscribed 300 records: 300 orders, "), proc.stdout
    orders = payloads(rp)
    items = [i for o in orders for i in o["order_details"]["items"]]
    lines = sum(len(i["packages"]) for i in items)
    counts = {t: count(rp, t) for t in TABLES}
    # A ledger line and an item row per item package line; ORDER_CREATED plus one inventory
    # event per item.
    assert counts == {"stock_movements": lines, "orders_items": lines, "orders": 300,
                      "events": 300 + len(items), "rejected_records": 0}
    assert {r["order_id"] for r in rp.sql("SELECT order_id FROM orders")} == \
        {o["order_id"] for o in orders}
    kinds = rp.sql("SELECT event_type, count(*) AS n FROM events GROUP BY 1")
    inventory = sum(int(k["n"]) for k in kinds if k["event_type"] != "ORDER_CREATED")
    assert inventory == len(items)


def test_a_second_once_writes_nothing_new(rp):
    publish(rp, seed=5)
    assert subscribe_once(rp).returncode == 0
    files = rp.store_files("orders/delta/bronze")
    counts = {t: count(rp, t) for t in TABLES}
    again = subscribe_once(rp)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("subscribed 0 records: 0 orders, "), again.stdout
    assert rp.store_files("orders/delta/bronze") == files  # no commit, no data file
    assert {t: count(rp, t) for t in TABLES} == counts
    # Records published afterwards are the only ones the next run writes.
    rp.run("publish", "orders", "-n", "25", "--seed", "6", "--start-time", "2024-05-02 10:00:00")
    more = subscribe_once(rp)
    assert more.returncode == 0, more.stderr
    assert more.stdout.startswith("subscribed 25 records: 25 orders, "), more.stdout
    assert count(rp, "orders") == counts["orders"] + 25


def test_package_stock_never_negative_and_is_1000_minus_what_was_applied(rp):
    # Few packages, so that the stock of some runs out and items are refused.
    rp.run("generate", "reference", "--seed", "11", "--clients", "50", "--products", "40",
           "--package-ids", "8")
    rp.run("publish", "orders", "-n", "400", "--seed", "5", "--start-time", "2024-05-01 10:00:00")
    assert subscribe_once(rp).returncode == 0
    stock = {(r["package_id"], int(r["subpackage_id"])): int(r["stock_quantity"])
             for r in rp.sql("SELECT package_id, subpackage_id, stock_quantity FROM package_stock")}
    assert stock and min(stock.values()) >= 0, stock
    # What was applied, from the published items and the ledger's outcome of each.
    outcome = {(r["order_id"], int(r["item_index"])): r["outcome"] for r in rp.sql(
        "SELECT DISTINCT order_id, item_index, outcome FROM stock_movements")}
    applied = collections.Counter()
    refused = 0
    for order in payloads(rp):
        for i, item in enumerate(order["order_details"]["items"]):
            if outcome[(order["order_id"], i)] != "APPLIED":
                refused += 1
                continue
            for p in item["packages"]:
                applied[(p["package_id"], p["subpackage_id"])] += item["quantity"] * p["quantity"]
    assert refused > 0 and applied, "the stock never ran out: the test proves nothing"
    assert stock == {key: 1000 - applied[key] for key in stock}
    # The same from the items table: applied items are PROCESSING.
    taken = {(r["package_id"], int(r["subpackage_id"])): int(r["n"]) for r in rp.sql(
        "SELECT package_id, subpackage_id, sum(items_quantity) AS n FROM orders_items "
        "WHERE status = 'PROCESSING' GROUP BY 1, 2")}
    assert taken == {key: n for key, n in applied.items() if n}
    # Each refusal is justified: stock only goes down, so what was short is still short.
    for r in rp.sql("SELECT DISTINCT reason FROM stock_movements WHERE outcome = 'REFUSED'"):
        hit = INSUFFICIENT.match(r["reason"])
        assert hit, r["reason"]
        key = (hit.group(1), int(hit.group(2)))
        assert int(hit.group(4)) < int(hit.group(3)) and stock[key] < int(hit.group(3)), r


# `publish country-sales` writes to "{country}_orders": with the orders topic named so, its
# records (JSON, but not orders) land among the orders.
TOPIC = ["--set", "orders.topic=US_orders"]


def publish_orders_and_sales(rp):
    """Publish 20 orders, country sales records and the first 3 orders again to US_orders;
    return the records that are not orders and the repeated orders, by (partition, offset)."""
    rp.run("generate", "reference", "--seed", "11", "--clients", "50", "--products", "40")
    start = ["--start-time", "2024-05-01 10:00:00"]
    rp.run(*TOPIC, "publish", "orders", "-n", "20", "--seed", "5", *start)
    rp.run("--set", "country_sales.topic={country}_orders", "publish", "country-sales",
           "--countries", "US", "--batches", "1", "--delay", "0s", "--sale-frequency", "1",
           "--seed", "3", *start)
    rp.run(*TOPIC, "publish", "orders", "-n", "3", "--seed", "5", *start)
    records = read_local_log(rp, "US_orders")
    sales = {(p, o): (k, v) for p, o, k, v in records if "sale_id" in json.loads(v)}
    seen, duplicates = set(), {}
    for p, o, k, v in sorted(records):
        if (p, o) not in sales:
            if k in seen:
                duplicates[(p, o)] = k
            seen.add(k)
    assert sales and len(duplicates) == 3 and len(seen) == 20
    return sales, duplicates


def test_a_record_that_is_not_an_order_is_rejected_with_its_reason(rp):
    sales, duplicates = publish_orders_and_sales(rp)
    proc = subscribe_once(rp, *TOPIC)
    assert proc.returncode == 3, f"exit code 3 when records were rejected:\n{proc.stderr}"
    assert f"{len(sales) + 3} rejected (see rejected_records)" in proc.stdout, proc.stdout
    rows = rp.sql("SELECT stream_topic, stream_partition, stream_offset, record_key, "
                  "record_value, value_encoding, reason, order_id FROM rejected_records")
    got = {(int(r["stream_partition"]), int(r["stream_offset"])): r for r in rows}
    assert set(got) == set(sales) | set(duplicates)
    for at, (key, value) in sales.items():
        r = got[at]
        assert (r["stream_topic"], r["record_key"], r["record_value"], r["value_encoding"],
                r["order_id"]) == ("US_orders", key, value, "utf-8", "")
        assert r["reason"] == "missing field event_id", r  # the first field an order needs
    for at, order_id in duplicates.items():
        assert (got[at]["reason"], got[at]["order_id"]) == (DUPLICATE, order_id)
    assert count(rp, "orders") == 20
    # Nothing of a rejected record reaches the other tables.
    assert not rp.sql("SELECT order_id FROM orders WHERE order_id LIKE 'US-%'")
    assert count(rp, "stock_movements") == count(rp, "orders_items")
    # A rerun rejects nothing again: exit code 0, rows unchanged.
    again = subscribe_once(rp, *TOPIC)
    assert again.returncode == 0, again.stderr
    assert count(rp, "rejected_records") == len(sales) + 3


def test_rows_rejected_before_a_crash_count_in_the_run_that_writes_them(rp):
    sales, _ = publish_orders_and_sales(rp)
    # Killed after the ledger commit: the records are decided, rejected_records is not written.
    crashed = rp.run(*TOPIC, "subscribe", "orders", "--once", "--idle-timeout", "1s",
                     env={"RP_KILLPOINT": "orders.after_stock_movements"}, check=False)
    assert crashed.returncode == -9, crashed.stderr
    assert count(rp, "rejected_records") == 0
    proc = subscribe_once(rp, *TOPIC)
    assert proc.returncode == 3, f"the rows this run wrote were not reported:\n{proc.stdout}"
    assert f"{len(sales) + 3} rejected (see rejected_records)" in proc.stdout, proc.stdout
    assert count(rp, "rejected_records") == len(sales) + 3
    assert subscribe_once(rp, *TOPIC).returncode == 0


def test_paced_orders_reach_the_stream_as_they_are_made(rp):
    """With --interval, each order is in the log before the next one is made, not only at the
    end (the local log's producer buffers until a flush)."""
    import subprocess
    import time
    rp.run("generate", "reference", "--seed", "11", "--clients", "50", "--products", "40")
    proc = subprocess.Popen([rp.binary, "--data-dir", rp.data_dir, "--log-level", "warn",
                             "publish", "orders", "-n", "3", "--interval", "2s", "--seed", "5"],
                            cwd=rp.data_dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        seen = []
        deadline = time.monotonic() + 3.5  # orders 1 and 2 are due at 0 s and 2 s; 3 at 4 s
        while time.monotonic() < deadline and len(seen) < 2:
            time.sleep(0.2)
            try:
                seen = read_local_log(rp)
            except (AssertionError, FileNotFoundError):
                seen = []
        assert proc.poll() is None, "publish ended before the check"
        assert len(seen) >= 1, "no paced order reached the log while publish was running"
    finally:
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, out.decode() + err.decode()
    assert len(read_local_log(rp)) == 3
