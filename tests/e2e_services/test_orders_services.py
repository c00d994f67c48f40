# SPDX-License-Identifier: Apache-2.0
"""The orders pipeline (seeds.md §0-1) on the project's Apache Kafka broker
(scripts/kafka_server.sh): `publish orders` to a fresh topic, `subscribe orders --once` into the
Delta tables on the embedded store, then a second `--once` that must add nothing. The expected
order ids come from the same seed published to the embedded local log and read back from its
segment files, so the check does not go through the Kafka code under test. Skips, naming the
command to run, when the broker is not exported (and fails instead when RP_REQUIRE_SERVERS is set,
as scripts/test.sh does).
"""
import os
import re
import sys
import uuid

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "e2e"))
from conftest import Retailpipe  # noqa: E402
from test_orders import read_local_log  # noqa: E402

ORDERS = 2000
SEED = "41"
START = "2024-05-01 10:00:00"
# Kafka needs a few seconds to form a consumer group; idle is counted from the start.
IDLE = "30s"


def kafka_uri():
    uri = os.environ.get("RP_TEST_KAFKA_URI")
    if not uri and os.environ.get("RP_REQUIRE_SERVERS"):
        pytest.fail("RP_REQUIRE_SERVERS is set but RP_TEST_KAFKA_URI is not")
    if not uri:
        pytest.skip("RP_TEST_KAFKA_URI not set; run: scripts/kafka_server.sh start && "
                    "eval \"$(scripts/kafka_server.sh env)\"")
    return uri


def binary():
    path = os.environ.get("RETAILPIPE_BIN")
    if not path:
        pytest.fail("set RETAILPIPE_BIN to the retailpipe binary (ctest does)")
    return path


def published_order_ids(tmp_path):
    """The order ids `publish orders` draws for SEED, from a local-log copy of the run."""
    local = Retailpipe(binary(), str(tmp_path / "local"))
    os.makedirs(local.data_dir)
    env = {"RP_STREAM_URI": f"log://{local.data_dir}/stream"}
    local.run("generate", "reference", "--seed", SEED, env=env)
    local.run("publish", "orders", "-n", str(ORDERS), "--seed", SEED, "--start-time", START,
              env=env)
    return [key for _, _, key, _ in read_local_log(local)]


def summary_counts(stdout):
    """(records, orders, items applied, items refused, rejected) of a `subscribe orders` run."""
    m = re.search(r"subscribed (\d+) records: (\d+) orders, (\d+) items applied, (\d+) items "
                  r"refused.*?, (\d+) rejected", stdout)
    assert m, stdout
    return tuple(int(g) for g in m.groups())


def table_counts(rp):
    return {t: int(rp.sql(f"SELECT count(*) AS n FROM {t}")[0]["n"])
            for t in ("orders", "orders_items", "stock_movements", "events")}


def test_orders_through_kafka_into_delta_exactly_once(tmp_path):
    uri = kafka_uri()
    expected = published_order_ids(tmp_path)
    assert len(expected) == ORDERS and len(set(expected)) == ORDERS

    run = f"orders-{uuid.uuid4().hex[:10]}"
    env = {"RP_STREAM_URI": uri}
    sets = ["--set", f"orders.topic={run}", "--set", f"orders.group={run}-group"]
    data = tmp_path / "data"
    data.mkdir()
    rp = Retailpipe(binary(), str(data))
    rp.run("generate", "reference", "--seed", SEED)
    published = rp.run(*sets, "publish", "orders", "-n", str(ORDERS), "--seed", SEED,
                       "--start-time", START, env=env).stdout
    m = re.search(r"published (\d+) orders \((\d+) items, (\d+) package lines", published)
    assert m and int(m.group(1)) == ORDERS, published
    items, lines = int(m.group(2)), int(m.group(3))

    first = rp.run(*sets, "subscribe", "orders", "--once", "--idle-timeout", IDLE, env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    records, orders, applied, refused, rejected = summary_counts(first.stdout)
    assert (records, orders, rejected) == (ORDERS, ORDERS, 0), first.stdout
    assert applied + refused == items, first.stdout

    rows = rp.sql("SELECT count(*) AS n, count(DISTINCT order_id) AS d FROM orders")
    assert (int(rows[0]["n"]), int(rows[0]["d"])) == (ORDERS, ORDERS)
    ids = {r["order_id"] for r in rp.sql("SELECT order_id FROM orders")}
    assert ids == set(expected)
    counts = table_counts(rp)
    # One row per item package line in orders_items and the ledger; events: ORDER_CREATED, then
    # INVENTORY_UPDATED or INVENTORY_REFUSED per item.
    assert (counts["orders_items"], counts["stock_movements"]) == (lines, lines)
    assert counts["events"] == ORDERS + items

    # The offsets were committed: the same group finds nothing new, and no table changes.
    second = rp.run(*sets, "subscribe", "orders", "--once", "--idle-timeout", "15s", env=env)
    assert second.returncode == 0, second.stdout + second.stderr
    assert summary_counts(second.stdout)[:2] == (0, 0), second.stdout
    assert table_counts(rp) == counts

    # And the group resumes where it committed: one more order is the only record read next.
    rp.run(*sets, "publish", "orders", "-n", "1", "--seed", "42", env=env)
    third = rp.run(*sets, "subscribe", "orders", "--once", "--idle-timeout", IDLE, env=env)
    assert summary_counts(third.stdout)[:2] == (1, 1), third.stdout
    assert int(rp.sql("SELECT count(DISTINCT order_id) AS n FROM orders")[0]["n"]) == ORDERS + 1


def test_two_subscribers_in_one_group_share_the_partitions_and_the_tables(tmp_path):
    """Two `subscribe orders` processes in one consumer group: Kafka gives each some partitions,
    both commit to the same Delta tables (retrying on commit conflicts), and every order lands
    once."""
    import signal
    import subprocess
    import time

    uri = kafka_uri()
    run = f"orders-{uuid.uuid4().hex[:10]}"
    env = dict(os.environ, RP_STREAM_URI=uri)
    env.pop("RP_KILLPOINT", None)
    sets = ["--set", f"orders.topic={run}", "--set", f"orders.group={run}-group"]
    data = tmp_path / "data"
    data.mkdir()
    rp = Retailpipe(binary(), str(data))
    rp.run("generate", "reference", "--seed", SEED)
    # Make the topic (auto-created with the broker's partition count) before the group forms.
    rp.run(*sets, "publish", "orders", "-n", "1", "--seed", "7", env={"RP_STREAM_URI": uri})
    cmd = [binary(), "--data-dir", str(data), "--log-level", "warn", *sets, "subscribe", "orders",
           "--max-batch", "200"]
    subs = [subprocess.Popen(cmd, cwd=data, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        time.sleep(15)  # both members join and the partitions are shared out
        rp.run(*sets, "publish", "orders", "-n", "3000", "--seed", SEED, "--start-time", START,
               env={"RP_STREAM_URI": uri})
        deadline = time.monotonic() + 120
        landed = 0
        while time.monotonic() < deadline and landed < 3001:
            time.sleep(2)
            landed = int(rp.sql("SELECT count(*) AS n FROM orders")[0]["n"])
        for p in subs:
            assert p.poll() is None, p.stdout.read() + p.stderr.read()
    finally:
        for p in subs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        outputs = [p.communicate(timeout=60) for p in subs]
    for p, (out, err) in zip(subs, outputs):
        assert p.returncode == 0, out + err
    records = [summary_counts(out)[0] for out, _ in outputs]
    conflicts = [re.search(r"(\d+) commit conflicts retried", out) for out, _ in outputs]
    print("records per member:", records, "conflicts retried:",
          [int(c.group(1)) if c else None for c in conflicts])
    assert all(r > 0 for r in records), (records, outputs)  # each member had partitions
    rows = rp.sql("SELECT count(*) AS n, count(DISTINCT order_id) AS d FROM orders")
    assert (int(rows[0]["n"]), int(rows[0]["d"])) == (3001, 3001)
    ledger = rp.sql("SELECT count(*) AS n, count(DISTINCT movement_id) AS d FROM stock_movements")
    assert ledger[0]["n"] == ledger[0]["d"]
