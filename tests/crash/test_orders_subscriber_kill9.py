# SPDX-License-Identifier: Apache-2.0
"""Crash test of `retailpipe subscribe orders` (reliability spec R1): the subscriber is killed
with SIGKILL at random times, RP_CRASH_KILLS times, while it consumes RP_CRASH_ORDERS orders
from the local log, and restarted each time (with another --max-batch, so replays meet other
batch boundaries). Then a `--once` run drains the stream and the tables, read with delta-rs
(tests/crash/orders_tables_check.py in the venv of scripts/delta_reader_env.sh), must hold
every published order exactly once, no duplicated row, a consistent ledger and the rows of an
uninterrupted `--once` run over a copy of the same stream; the Delta logs are read here as JSON.

The stream also holds records that are not orders (country sales published into the topic)
and orders published twice, so rejected_records is written under crashes too.

Scenarios: decisions depend on the order in which records are decided, and with several
partitions a batch interleaves them by its boundaries (a restart moves them), so rows equal
the uninterrupted run's exactly only with one partition or with stock that never runs out.
With the default 4 partitions and scarce stock, rows are compared without their decision
columns; every scenario also checks the ledger against the other tables and that the final
stock justifies every refusal.

    RP_CRASH_ORDERS (default 10000) orders per scenario, RP_CRASH_KILLS (default 20) kills per
    scenario, RP_CRASH_SEED to replay the random draws (printed), RP_CRASH_SCENARIOS to pick
    scenarios (comma-separated names, default all).

Skips (DELTA_READER_SKIPPED) when the venv is missing. Run with -s to see the figures; they are
also in every assertion message.
"""
import collections
import json
import os
import random
import re
import shutil
import signal
import struct
import subprocess
import time
import urllib.parse

import pytest

REPO = os.environ.get("RP_REPO_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
VENV_PYTHON = os.path.join(os.environ.get("RP_DELTA_VENV", os.path.join(REPO, ".venv-delta")),
                           "bin", "python")
CHECKER = os.path.join(os.path.dirname(__file__), "orders_tables_check.py")

if not os.path.exists(VENV_PYTHON):
    pytest.skip(f"DELTA_READER_SKIPPED: no delta-rs venv at {VENV_PYTHON}; "
                "run scripts/delta_reader_env.sh", allow_module_level=True)

ORDERS = int(os.environ.get("RP_CRASH_ORDERS", "10000"))
KILLS = int(os.environ.get("RP_CRASH_KILLS", "20"))
SEED = int(os.environ.get("RP_CRASH_SEED") or random.SystemRandom().randrange(1, 2**31))

# `publish country-sales` needs {country} in its topic: the orders topic is "US_orders" so that
# it can add records that are not orders to it.
TOPIC = "US_orders"
GROUP = "retailpipe-orders"
PREFIX = "orders/delta/bronze/"
TABLES = ("stock_movements", "orders_items", "orders", "events", "rejected_records")
# --max-batch of each run, and about how many records/s it decides after start-up (2 busy cores):
# kill times are drawn from these, scaled by what the runs show.
BATCH_RATES = {250: 600, 500: 900, 1000: 1400, 2000: 2200, 5000: 3500}
# The share of kills aimed at the subscriber's start-up (opening tables, loading the ledger).
STARTUP_KILLS = 0.15
# Logged by the subscriber once its tables, stock and ledger are loaded (orders_subscriber.cc).
READY = f"subscriber of {TOPIC} in group"
# Stock of each package such that much of it runs out well before the end of the stream (an
# order takes some 18 units of 4 of the ~450 packages), so both decisions are made under crashes.
SCARCE_STOCK = max(20, ORDERS // 50)
SCENARIOS = {
    # Records are decided in stream order whatever the batches: rows equal the reference's.
    "one-partition": {"partitions": 1, "initial_stock": SCARCE_STOCK, "exact": True},
    # Several txns per commit; every item is applied, so no decision depends on the order.
    "four-partitions-ample-stock": {"partitions": None, "initial_stock": 10**9, "exact": True},
    # The default stream (4 partitions): which items get the last stock depends on the batches.
    "four-partitions-scarce-stock": {"partitions": None, "initial_stock": SCARCE_STOCK,
                                     "exact": False},
}
CHOSEN = [s for s in os.environ.get("RP_CRASH_SCENARIOS", ",".join(SCENARIOS)).split(",") if s]


class Pipeline:
    """The binary on one data dir, with the settings of a scenario."""

    def __init__(self, binary, data_dir, partitions):
        self.binary = binary
        self.data_dir = str(data_dir)
        self.settings = ["--set", f"orders.topic={TOPIC}",
                         "--set", "country_sales.topic={country}_orders"]
        if partitions is not None:
            self.settings += ["--set", f"stream.uri=log://{self.data_dir}/stream"
                                       f"?partitions={partitions}"]

    def argv(self, *args, log_level="warn"):
        return [self.binary, "--data-dir", self.data_dir, "--log-level", log_level,
                *self.settings, *map(str, args)]

    def env(self):
        env = dict(os.environ)
        env.pop("RP_KILLPOINT", None)
        return env

    def run(self, *args, ok=(0,)):
        proc = subprocess.run(self.argv(*args), capture_output=True, text=True,
                              cwd=self.data_dir, env=self.env())
        assert proc.returncode in ok, (f"retailpipe {' '.join(map(str, args))} exited "
                                       f"{proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
        return proc

    def sql(self, query):
        out = self.run("sql", "--format", "csv", query).stdout.splitlines()
        return [line.split(",") for line in out[1:]]

    def table_dir(self, name):
        return os.path.join(self.data_dir, "store", PREFIX + name)

    def group_offset(self, partition):
        path = os.path.join(self.data_dir, "stream", "groups", GROUP, "topics", TOPIC,
                            f"{partition}.offset")
        try:
            with open(path) as f:
                return int(f.read())
        except FileNotFoundError:
            return 0


def app_id(partition):
    """The txn appId of a partition: "<group>/<topic>/<partition>" (batch_processor.h)."""
    return f"{GROUP}/{TOPIC}/{partition}"


def read_stream(data_dir):
    """Return {partition: [(offset, key, value)]} of the topic, parsed from the segment files
    by the frame layout of stream/local_log_frame.h (checksums not verified)."""
    root = os.path.join(data_dir, "stream", "topics", TOPIC)
    out = {}
    for partition in sorted(p for p in os.listdir(root) if p.isdigit()):
        records = out.setdefault(int(partition), [])
        for segment in sorted(s for s in os.listdir(os.path.join(root, partition))
                              if s.endswith(".log")):
            with open(os.path.join(root, partition, segment), "rb") as f:
                data = f.read()
            pos = 0
            while pos < len(data):
                (size,) = struct.unpack_from("<I", data, pos)
                body = memoryview(data)[pos + 12:pos + 4 + size]
                version, offset = struct.unpack_from("<Bq", body, 0)
                assert version == 1
                (klen,) = struct.unpack_from("<I", body, 17)
                key = bytes(body[21:21 + klen])
                (vlen,) = struct.unpack_from("<I", body, 21 + klen)
                value = bytes(body[25 + klen:25 + klen + vlen])
                records.append((offset, key, value))
                pos += 4 + size
    return out


def expectations(stream):
    """What the tables must hold, from the published records alone."""
    order_ids, order_records, not_orders = set(), 0, 0
    end_offsets = {}
    for partition, records in stream.items():
        offsets = [r[0] for r in records]
        assert offsets == list(range(len(records))), f"partition {partition} is not dense"
        end_offsets[partition] = len(records)
        for _, _, value in records:
            try:
                payload = json.loads(value)
            except ValueError:
                payload = None
            if isinstance(payload, dict) and payload.get("event_type") == "ORDER_CREATED":
                order_ids.add(payload["order_id"])
                order_records += 1
            else:
                not_orders += 1
    return {"order_ids": sorted(order_ids), "end_offsets": end_offsets,
            "app_ids": {p: app_id(p) for p in end_offsets},
            "not_orders": not_orders, "duplicates": order_records - len(order_ids)}


class DeltaLogTail:
    """Our own reading of a table's _delta_log JSON commits (the Delta protocol), in order
    and picking up where the last refresh() stopped: the txn versions, the live files and the
    txns of the newest commit."""

    def __init__(self, table_dir):
        self.table_dir = table_dir
        self.log_dir = os.path.join(table_dir, "_delta_log")
        self.next_version = 0
        self.txn = {}
        self.last_txn = {}
        self.live = set()

    def refresh(self):
        while True:
            path = os.path.join(self.log_dir, f"{self.next_version:020d}.json")
            try:
                with open(path) as f:
                    lines = f.read().splitlines()
            except FileNotFoundError:
                return self
            self.last_txn = {}
            for line in filter(str.strip, lines):
                action = json.loads(line)
                if "txn" in action:
                    self.txn[action["txn"]["appId"]] = action["txn"]["version"]
                    self.last_txn[action["txn"]["appId"]] = action["txn"]["version"]
                elif "add" in action:
                    self.live.add(urllib.parse.unquote(action["add"]["path"]))
                elif "remove" in action:
                    self.live.discard(urllib.parse.unquote(action["remove"]["path"]))
            self.next_version += 1

    def version(self):
        return self.next_version - 1

    def orphans(self):
        """Data files no commit added: left by a commit that a kill cut short."""
        out = set()
        for dirpath, dirnames, names in os.walk(self.table_dir):
            dirnames[:] = [d for d in dirnames if d != "_delta_log"]
            for n in names:
                rel = os.path.relpath(os.path.join(dirpath, n), self.table_dir)
                if n.endswith(".parquet") and rel not in self.live:
                    out.add(rel)
        return out

    def log_gaps(self):
        """Return a description of what is wrong with the _delta_log listing, or None."""
        versions = sorted(int(n[:20]) for n in os.listdir(self.log_dir)
                          if re.fullmatch(r"\d{20}\.json", n))
        if not versions:
            return "no commit"
        if versions != list(range(len(versions))):
            missing = sorted(set(range(versions[-1] + 1)) - set(versions)) if versions else []
            return f"versions {versions[:3]}..{versions[-3:]}, missing {missing[:10]}"
        if versions[-1] != self.version():
            return f"newest listed version {versions[-1]} != newest read {self.version()}"
        last = os.path.join(self.log_dir, "_last_checkpoint")
        if os.path.exists(last):
            with open(last) as f:
                v = json.load(f)["version"]
            if v > versions[-1] or not os.path.exists(
                    os.path.join(self.log_dir, f"{v:020d}.checkpoint.parquet")):
                return f"_last_checkpoint names version {v}, which has no checkpoint"
        return None


def leftovers(pipe):
    """Files a killed process leaves: .rp-tmp-* temp files and scratch folders."""
    temps = set()
    for sub in ("store", "stream"):
        for dirpath, _, names in os.walk(os.path.join(pipe.data_dir, sub)):
            temps.update(os.path.join(dirpath, n) for n in names if n.startswith(".rp-tmp-"))
    scratch, scratch_bytes = 0, 0
    tmp = os.path.join(pipe.data_dir, "tmp")
    for name in os.listdir(tmp) if os.path.isdir(tmp) else []:
        scratch += 1
        for dirpath, _, names in os.walk(os.path.join(tmp, name)):
            scratch_bytes += sum(os.path.getsize(os.path.join(dirpath, n)) for n in names)
    return temps, scratch, scratch_bytes


class KillLoop:
    """Start the subscriber, kill it at a random time, look at what it left; again."""

    def __init__(self, pipe, rng, expected, logs_dir):
        self.pipe, self.rng, self.logs_dir = pipe, rng, logs_dir
        self.end = expected["end_offsets"]
        self.tails = {t: DeltaLogTail(pipe.table_dir(t)) for t in TABLES}
        self.kinds = collections.Counter()
        self.order_violations = []
        self.batch_sizes = collections.Counter()
        self.startups = []
        self.speed, self.predicted, self.observed = 1.0, 0.0, 0
        self.orphans, self.temps = set(), set()

    def positions(self):
        for tail in self.tails.values():
            tail.refresh()
        pos = {t: {p: self.tails[t].txn.get(app_id(p), 0) for p in self.end} for t in TABLES}
        pos["stream"] = {p: self.pipe.group_offset(p) for p in self.end}
        return pos

    def plan(self, kills_left, decided):
        """Return (--max-batch, seconds from start to kill) of the next run: a kill during
        start-up now and then, else one after start-up within about twice the time of a
        batch or of an even share of the work left, whichever is longer (so the work spreads
        over the kills and most kills land in it)."""
        startup = max(self.startups[-3:]) if self.startups else 0.3  # grows with the ledger
        share = (sum(self.end.values()) - decided) / (kills_left + 0.5)
        sizes = [b for b in BATCH_RATES if b <= max(3 * share, 500)]
        max_batch = self.rng.choice(sizes)
        if self.rng.random() < STARTUP_KILLS:
            return max_batch, self.rng.uniform(0.0, startup)
        rate = BATCH_RATES[max_batch] * self.speed
        return max_batch, startup + self.rng.uniform(0.0, 2.0) * max(share, max_batch) / rate

    def learn(self, max_batch, busy_seconds, records):
        """Scale the rates by how much the runs that were busy all along decided."""
        self.predicted += BATCH_RATES[max_batch] * busy_seconds
        self.observed += records
        if self.predicted > 2000:
            self.speed = min(5.0, max(0.2, self.observed / self.predicted))

    def run_once(self, k, kills_left):
        before = self.positions()
        decided = sum(before["stock_movements"].values())
        max_batch, delay = self.plan(kills_left, decided)
        self.batch_sizes[max_batch] += 1
        err_path = os.path.join(self.logs_dir, f"run-{k:03d}.err")
        with open(err_path, "w") as err:
            proc = subprocess.Popen(
                self.pipe.argv("subscribe", "orders", "--max-batch", max_batch, log_level="info"),
                stdout=subprocess.DEVNULL, stderr=err, cwd=self.pipe.data_dir,
                env=self.pipe.env())
        started = time.monotonic()
        ready = None
        while (now := time.monotonic()) < started + delay:
            if proc.poll() is not None:
                with open(err_path) as f:
                    pytest.fail(f"run {k} exited {proc.returncode} before its kill:\n{f.read()}")
            if ready is None:
                with open(err_path) as f:
                    if READY in f.read():
                        ready = now - started
            time.sleep(min(0.01, max(0.0, started + delay - now)))
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait() == -signal.SIGKILL
        if ready is None:  # logged after the last look
            with open(err_path) as f:
                ready = delay if READY in f.read() else None
        after = self.positions()
        self.classify(k, ready, after)
        done = sum(after["stock_movements"].values())
        if ready is not None:
            self.startups.append(ready)
            if done < sum(self.end.values()):  # busy all along: a fair sample of the rate
                self.learn(max_batch, max(delay - ready, 0.0), done - decided)

    def classify(self, k, ready, after):
        # The commit order is the ledger, the other tables, then the stream: a position is never
        # ahead of the one committed before it, or records would be skipped.
        for p in self.end:
            led = after["stock_movements"][p]
            for t in TABLES[1:]:
                if not after["stream"][p] <= after[t][p] <= led:
                    self.order_violations.append((k, p, {n: after[n][p] for n in after}))
        torn = any(after[t][p] != after["stock_movements"][p]
                   for t in (*TABLES[1:], "stream") for p in self.end)
        orphans = set().union(*(tail.orphans() for tail in self.tails.values()))
        temps, _, _ = leftovers(self.pipe)
        fresh = (orphans - self.orphans) | (temps - self.temps)
        self.orphans, self.temps = orphans, temps
        if ready is None:
            kind = "start-up (opening the tables, loading stock and ledger)"
        elif torn:
            kind = "between the commits of a batch"
        elif fresh:
            kind = "writing a commit (files left behind)"
        elif all(after["stream"][p] == self.end[p] for p in self.end):
            kind = "idle (stream drained)"
        else:
            kind = "before a batch's first commit (polling, deciding, staging)"
        self.kinds[kind] += 1


def run_checker(spec_path):
    """Return (what orders_tables_check.py found, None), or (None, its error)."""
    proc = subprocess.run([VENV_PYTHON, CHECKER, spec_path], capture_output=True, text=True)
    if proc.returncode != 0:
        return None, f"{CHECKER} exited {proc.returncode}:\n{proc.stderr[-3000:]}"
    return json.loads(proc.stdout), None


def publish(pipe, rng, orders, initial_stock):
    """Reference tables, then orders, country sales, more orders and a few orders again."""
    first, again = orders // 2, max(1, orders // 100)
    seeds = [rng.randrange(1, 2**31) for _ in range(4)]
    pipe.run("generate", "reference", "--seed", seeds[0], "--initial-stock", initial_stock)
    day1, day2 = "2024-05-01 10:00:00", "2024-05-02 10:00:00"
    pipe.run("publish", "orders", "-n", first, "--seed", seeds[1], "--start-time", day1)
    pipe.run("publish", "country-sales", "--countries", "US", "--batches", "1", "--delay", "0s",
             "--sale-frequency", "1", "--seed", seeds[2], "--start-time", day1)
    pipe.run("publish", "orders", "-n", orders - first, "--seed", seeds[3], "--start-time", day2)
    pipe.run("publish", "orders", "-n", again, "--seed", seeds[1], "--start-time", day1)


def format_figures(f):
    lines = [f"kill -9 crash test, scenario {f['scenario']}: seed {f['seed']} "
             f"(RP_CRASH_SEED={f['seed']} RP_CRASH_SCENARIOS={f['scenario']} to replay)"]
    for key in ("orders", "stream", "kills", "subscriber_runs", "kill_kinds", "batch_sizes",
                "startup_s", "speed_vs_batch_rates", "wall_s", "final_run", "reference_run",
                "rows", "reference_rows", "versions", "leftovers", "ledger", "txn"):
        if key in f:
            lines.append(f"  {key}: {json.dumps(f[key], sort_keys=True)}")
    return "\n".join(lines)


def delta_log_problems(tails, pipe, expected):
    """Check the Delta logs as JSON, and the group's offsets: no gap, every txn at the end."""
    problems = []
    for t, tail in tails.items():
        gaps = tail.log_gaps()
        if gaps:
            problems.append(f"{t}: {gaps}")
        # The txn version is the offset after the last record written (batch_processor.h: "the
        # offset after the batch's last record of that partition"), so at the end it is the
        # partition's end offset, and so is every txn of the newest commit.
        for p, end in expected["end_offsets"].items():
            if tail.txn.get(app_id(p)) != end:
                problems.append(f"{t}: txn {app_id(p)} = {tail.txn.get(app_id(p))}, end {end}")
        if not tail.last_txn:
            problems.append(f"{t}: the newest commit {tail.version()} carries no txn")
        for app, v in tail.last_txn.items():
            end = expected["end_offsets"][int(app.rsplit("/", 1)[1])]
            if v != end:
                problems.append(f"{t}: newest commit has txn {app} = {v}, end offset {end}")
    for p, end in expected["end_offsets"].items():
        if pipe.group_offset(p) != end:
            problems.append(f"group offset of partition {p} = {pipe.group_offset(p)}, end {end}")
    return problems


def package_stock(pipe):
    """Return {"package/subpackage": stock} from the package_stock view (our SQL)."""
    return {f"{p}/{s}": int(q) for p, s, q in
            pipe.sql("SELECT package_id, subpackage_id, stock_quantity FROM package_stock")}


def crash_and_drain(pipe, rng, expected, logs_dir, figures):
    """Kill the subscriber KILLS times, drain with --once, and check that a second --once
    commits nothing. Returns the loop (with its view of the logs) and the table versions."""
    loop = KillLoop(pipe, rng, expected, logs_dir)
    started = time.monotonic()
    for k in range(KILLS):
        loop.run_once(k, KILLS - k)
    figures["wall_s"] = {"kill_loop": round(time.monotonic() - started, 1)}
    figures["kills"] = KILLS
    figures["kill_kinds"] = dict(loop.kinds)
    figures["batch_sizes"] = {str(k): v for k, v in sorted(loop.batch_sizes.items())}
    figures["startup_s"] = {"mean": round(sum(loop.startups) / max(1, len(loop.startups)), 2),
                            "max": round(max(loop.startups, default=0.0), 2)}
    figures["speed_vs_batch_rates"] = round(loop.speed, 2)
    left = sum(expected["end_offsets"].values()) - \
        sum(loop.positions()["stock_movements"].values())

    started = time.monotonic()
    final = pipe.run("subscribe", "orders", "--once", "--idle-timeout", "2s", ok=(0, 3))
    figures["wall_s"]["final_drain"] = round(time.monotonic() - started, 1)
    figures["final_run"] = {"records_left_at_last_kill": left,
                            "summary": final.stdout.splitlines()[:2]}
    versions = {t: loop.tails[t].refresh().version() for t in TABLES}
    again = pipe.run("subscribe", "orders", "--once", "--idle-timeout", "1s")
    assert again.stdout.startswith("subscribed 0 records"), again.stdout
    assert {t: loop.tails[t].refresh().version() for t in TABLES} == versions, \
        "a --once run over a drained stream committed"
    figures["subscriber_runs"] = {"killed": KILLS, "restarts_after_a_kill": KILLS,
                                  "drain_and_rerun": 2}
    figures["versions"] = versions
    temps, scratch, scratch_bytes = leftovers(pipe)
    figures["leftovers"] = {"orphan_data_files": sum(len(t.orphans()) for t in loop.tails.values()),
                            "temp_files": len(temps), "scratch_dirs": scratch,
                            "scratch_bytes": scratch_bytes}
    figures["txn"] = {"stock_movements": loop.tails["stock_movements"].last_txn}
    return loop, versions


@pytest.mark.parametrize("scenario", CHOSEN)
def test_kill9_at_random_times_loses_and_duplicates_nothing(scenario, tmp_path):
    binary = os.environ.get("RETAILPIPE_BIN")
    if not binary:
        pytest.fail("set RETAILPIPE_BIN to the retailpipe binary (ctest does)")
    config = SCENARIOS[scenario]
    rng = random.Random(f"{SEED}/{scenario}")
    figures = {"scenario": scenario, "seed": SEED}
    wall = time.monotonic()

    data = tmp_path / "crashed"
    data.mkdir()
    pipe = Pipeline(binary, data, config["partitions"])
    publish(pipe, rng, ORDERS, config["initial_stock"])
    shutil.copytree(data, tmp_path / "reference", symlinks=True)
    reference = Pipeline(binary, tmp_path / "reference", config["partitions"])
    expected = expectations(read_stream(pipe.data_dir))
    figures["orders"] = {"published": len(expected["order_ids"]),
                         "records_not_orders": expected["not_orders"],
                         "orders_published_twice": expected["duplicates"]}
    figures["stream"] = {"end_offsets": expected["end_offsets"]}
    assert len(expected["order_ids"]) == ORDERS

    (tmp_path / "logs").mkdir()
    loop, versions = crash_and_drain(pipe, rng, expected, str(tmp_path / "logs"), figures)
    started = time.monotonic()
    ref_run = reference.run("subscribe", "orders", "--once", "--idle-timeout", "2s", ok=(3,))
    figures["wall_s"]["reference_run"] = round(time.monotonic() - started, 1)
    figures["reference_run"] = ref_run.stdout.splitlines()[:2]

    problems = delta_log_problems(loop.tails, pipe, expected)
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({
        "store": os.path.join(pipe.data_dir, "store"),
        "reference": os.path.join(reference.data_dir, "store"),
        "tables_prefix": PREFIX, "packages": "orders/gold/packages",
        "exact": config["exact"], "expected": expected}))
    seen, error = run_checker(str(spec))
    if seen:
        figures["rows"] = {t: seen["tables"][t]["rows"] for t in TABLES}
        figures["reference_rows"] = {t: seen["reference_tables"][t]["rows"] for t in TABLES}
        figures["ledger"] = seen["ledger"]
    figures["wall_s"]["total"] = round(time.monotonic() - wall, 1)
    text = format_figures(figures)
    print("\n" + text)

    assert not loop.order_violations, f"a position got ahead of the one committed before " \
        f"it: {loop.order_violations[:5]}\n{text}"
    assert not problems, "\n".join(problems) + "\n" + (error or "") + "\n" + text
    assert seen, f"{error}\n{text}"
    for t in TABLES:
        assert seen["tables"][t]["version"] == versions[t], f"{t}: delta-rs version\n{text}"
        assert seen["tables"][t]["txn"] == {app_id(p): end for p, end in
                                            expected["end_offsets"].items()}, f"{t}\n{text}"
    found = {name: f for name, f in seen["findings"].items() if f["count"]}
    assert not found, json.dumps(found, indent=1) + "\n" + text
    assert seen["orders"] == {"published": ORDERS, "rows": ORDERS, "distinct": ORDERS}, text
    assert figures["rows"]["rejected_records"] == \
        expected["not_orders"] + expected["duplicates"], text

    # Stock: the package_stock view (our SQL) against delta-rs's packages + ledger, never
    # negative; and, where decisions are deterministic, the uninterrupted run's.
    view = package_stock(pipe)
    assert view == seen["stock"], text
    assert min(view.values()) >= 0, text
    if config["exact"]:
        assert view == package_stock(reference) == seen["reference_stock"], text
    if config["initial_stock"] == SCARCE_STOCK:
        assert seen["ledger"]["refused_lines"] > 0, f"no refusal: the stock never ran out\n{text}"
