# SPDX-License-Identifier: Apache-2.0
"""End to end: the orders pipeline's reference tables and publisher on embedded defaults."""
import struct
import json
import os

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
