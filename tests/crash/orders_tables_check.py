# SPDX-License-Identifier: Apache-2.0
"""Check the orders subscriber's tables with delta-rs (runs in the venv of
scripts/delta_reader_env.sh: deltalake and pyarrow), independently of retailpipe's code.

    orders_tables_check.py <spec.json>

The spec names the store under test ("store"), the store of an uninterrupted run over the same
stream ("reference"), the table prefix, the packages table, the published stream ("expected":
order ids, end offset per partition, txn appId per partition) and whether the decisions must
equal the reference's ("exact": true when they cannot depend on batch boundaries: one stream
partition, or stock that never runs out). Prints one JSON object of figures and findings; every
finding is a count with a few samples, so the caller asserts them to be zero.
"""
import collections
import json
import re
import sys

import pyarrow.compute as pc
from deltalake import DeltaTable

TABLES = ("stock_movements", "orders_items", "orders", "events", "rejected_records")
# The natural key of each table, from src/retailpipe/orders/order_rows.h: ids are XXH3-128 of
# (order_id, item, package), so both spellings of the key are checked where there are two.
KEYS = {
    "stock_movements": [("movement_id",), ("order_id", "item_index", "package_index")],
    "orders_items": [("inventory_id",)],
    "orders": [("order_id",)],
    "events": [("event_id",)],
    "rejected_records": [("stream_topic", "stream_partition", "stream_offset")],
}
# Columns that hold a stock decision; everything else depends only on the stream record.
DECISION_COLUMNS = {
    "stock_movements": {"quantity", "outcome", "reason"},
    "orders_items": {"status"},
    "orders": {"status"},
    "events": set(),  # handled by events_projection()
    "rejected_records": set(),
}
INSUFFICIENT = re.compile(r"insufficient stock for package (.+)/(\d+): need (\d+), have (-?\d+)$")
UNKNOWN = re.compile(r"unknown package (.+)/(\d+) \(not in the packages table\)$")
SAMPLES = 5


class Findings:
    """Named counts of violations, each with a few samples."""

    def __init__(self):
        self.found = collections.OrderedDict()

    def check(self, name, bad):
        bad = list(bad)
        self.found[name] = {"count": len(bad), "samples": [repr(b) for b in bad[:SAMPLES]]}


def read_store(root, prefix, app_ids):
    out = {}
    for name in TABLES:
        dt = DeltaTable(f"{root}/{prefix}{name}")
        table = dt.to_pyarrow_table()
        out[name] = {"dt": dt, "table": table,
                     "txn": {app: dt.transaction_version(app) for app in app_ids}}
    return out


def rows(table, columns):
    cols = [table.column(c).to_pylist() for c in columns]
    return list(zip(*cols))


def duplicates(table, key):
    counts = collections.Counter(rows(table, key))
    return [(k, n) for k, n in counts.items() if n > 1]


def multiset_diff(got, want):
    """Return (rows only in got, rows only in want) of two lists of tuples."""
    g, w = collections.Counter(got), collections.Counter(want)
    return list((g - w).elements()), list((w - g).elements())


def table_diff(got, want, columns):
    """Compare two pyarrow tables as multisets of rows over `columns`, fast when equal."""
    a, b = got.select(columns), want.select(columns)
    if a.num_rows == b.num_rows:
        order = [(c, "ascending") for c in columns]
        if a.sort_by(order).equals(b.sort_by(order)):
            return [], []
    return multiset_diff(rows(a, columns), rows(b, columns))


def events_projection(table):
    """Events without what depends on a decision: derived events keep their order, inventory
    line and time (their id, type and reason follow the decision)."""
    out = []
    for event_id, event_type, ts, order_id, inventory_id, reason in rows(
            table, ["event_id", "event_type", "event_timestamp", "order_id", "inventory_id",
                    "reason"]):
        if event_type == "ORDER_CREATED":
            out.append((event_id, event_type, ts, order_id, inventory_id, reason))
        else:
            out.append((None, "INVENTORY_*", ts, order_id, inventory_id, None))
    return out


def compare_with_reference(got, ref, exact, findings):
    for name in TABLES:
        a, b = got[name]["table"], ref[name]["table"]
        columns = a.column_names
        if exact:
            extra, missing = table_diff(a, b, columns)
        elif name == "events":
            extra, missing = multiset_diff(events_projection(a), events_projection(b))
        else:
            kept = [c for c in columns if c not in DECISION_COLUMNS[name]]
            extra, missing = table_diff(a, b, kept)
        findings.check(f"{name}: rows not in the reference run", extra)
        findings.check(f"{name}: reference rows missing", missing)


def check_published(got, expected, findings):
    ids = got["orders"]["table"].column("order_id").to_pylist()
    published = set(expected["order_ids"])
    counts = collections.Counter(ids)
    findings.check("published orders missing from orders", sorted(published - set(counts)))
    findings.check("orders never published", sorted(set(counts) - published))
    findings.check("orders written more than once", [(i, n) for i, n in counts.items() if n > 1])
    return {"published": len(published), "rows": len(ids), "distinct": len(counts)}


def check_offsets(got, expected, findings):
    """Every stream record is in the ledger (an order) or in rejected_records, never both."""
    ledger = set(rows(got["stock_movements"]["table"], ["stream_partition", "stream_offset"]))
    rejected = collections.Counter(
        rows(got["rejected_records"]["table"], ["stream_partition", "stream_offset"]))
    every = {(int(p), o) for p, end in expected["end_offsets"].items() for o in range(end)}
    findings.check("stream records in neither the ledger nor rejected_records",
                   sorted(every - ledger - set(rejected)))
    findings.check("stream records in both the ledger and rejected_records",
                   sorted(ledger & set(rejected)))
    findings.check("ledger or rejected rows of offsets past the stream's end",
                   sorted((ledger | set(rejected)) - every))


def check_consistency(got, findings):
    """The tables agree with the ledger, line by line."""
    moves = rows(got["stock_movements"]["table"],
                 ["movement_id", "order_id", "item_index", "package_index", "product_id",
                  "package_id", "subpackage_id", "quantity", "outcome", "reason"])
    by_item = collections.defaultdict(list)
    for m in moves:
        by_item[(m[1], m[2])].append(m)
    findings.check("ledger lines of one item with different outcomes",
                   [k for k, ms in by_item.items() if len({(m[8], m[9]) for m in ms}) != 1])
    findings.check("ledger lines with a quantity that contradicts the outcome",
                   [m for m in moves if not ((m[8] == "APPLIED" and m[7] < 0 and m[9] is None)
                                             or (m[8] == "REFUSED" and m[7] == 0 and m[9]))])
    items = {r[0]: r for r in rows(got["orders_items"]["table"],
                                   ["inventory_id", "order_id", "product_id", "package_id",
                                    "subpackage_id", "items_quantity", "status"])}
    bad = []
    for m in moves:
        i = items.get(m[0])
        want_status = "PROCESSING" if m[8] == "APPLIED" else "INTERRUPTED"
        if i is None or i[1:5] != (m[1], m[4], m[5], m[6]) or i[6] != want_status or \
                (m[8] == "APPLIED" and i[5] != -m[7]):
            bad.append((m, i))
    findings.check("orders_items rows that disagree with the ledger", bad)
    findings.check("orders_items rows without a ledger line",
                   sorted(set(items) - {m[0] for m in moves}))

    events = rows(got["events"]["table"],
                  ["event_type", "order_id", "inventory_id", "reason"])
    first_line = {m[0]: m for m in moves if m[3] == 0}
    derived = [e for e in events if e[0] != "ORDER_CREATED"]
    bad = []
    for e in derived:
        m = first_line.get(e[2])
        want = None if m is None else \
            ("INVENTORY_UPDATED" if m[8] == "APPLIED" else "INVENTORY_REFUSED", m[1], m[9])
        if want != (e[0], e[1], e[3]):
            bad.append((e, m))
    findings.check("inventory events that disagree with the ledger", bad)
    findings.check("items without an inventory event",
                   sorted(set(first_line) - {e[2] for e in derived}))
    created = collections.Counter(e[1] for e in events if e[0] == "ORDER_CREATED")
    orders = rows(got["orders"]["table"], ["order_id", "status"])
    findings.check("orders without exactly one ORDER_CREATED event",
                   [o for o, _ in orders if created[o] != 1])
    all_applied = {}
    for (order_id, _), ms in by_item.items():
        all_applied[order_id] = all_applied.get(order_id, True) and ms[0][8] == "APPLIED"
    findings.check("orders whose status disagrees with their items",
                   [(o, s) for o, s in orders
                    if s != ("PROCESSING" if all_applied.get(o) else "INTERRUPTED")])
    findings.check("ledger orders missing from orders",
                   sorted(set(all_applied) - {o for o, _ in orders}))
    return moves, items


def check_stock(got, packages, moves, items, findings):
    initial = {(p, int(s)): int(q) for p, s, q in rows(
        packages, ["package_id", "subpackage_id", "stock_quantity"])}
    stock = dict(initial)
    for m in moves:
        key = (m[5], m[6])
        if key in stock:
            stock[key] += m[7]
    findings.check("packages with negative stock", [(k, v) for k, v in stock.items() if v < 0])
    from_items = dict(initial)
    for i in items.values():
        if i[6] == "PROCESSING" and (i[3], i[4]) in from_items:
            from_items[(i[3], i[4])] -= i[5]
    findings.check("stock (packages + ledger) != packages - applied orders_items quantities",
                   [(k, stock[k], from_items[k]) for k in stock if stock[k] != from_items[k]])
    bad = []
    for m in moves:
        if m[8] != "REFUSED":
            continue
        short, unknown = INSUFFICIENT.match(m[9] or ""), UNKNOWN.match(m[9] or "")
        if short:
            key = (short.group(1), int(short.group(2)))
            need, have = int(short.group(3)), int(short.group(4))
            # Stock only goes down, so what was short then is short now.
            if key not in stock or have >= need or stock[key] >= need:
                bad.append((m, stock.get(key)))
        elif not unknown or (unknown.group(1), int(unknown.group(2))) in initial:
            bad.append((m, None))
    findings.check("refusals that the final stock does not justify", bad)
    return stock


def main():
    spec = json.loads(open(sys.argv[1]).read())
    expected = spec["expected"]
    app_ids = sorted(expected["app_ids"].values())
    got = read_store(spec["store"], spec["tables_prefix"], app_ids)
    ref = read_store(spec["reference"], spec["tables_prefix"], app_ids)
    packages = DeltaTable(f"{spec['store']}/{spec['packages']}").to_pyarrow_table()
    findings = Findings()
    for name in TABLES:
        for key in KEYS[name]:
            findings.check(f"{name}: duplicated {'+'.join(key)}",
                           duplicates(got[name]["table"], list(key)))
    orders = check_published(got, expected, findings)
    check_offsets(got, expected, findings)
    moves, items = check_consistency(got, findings)
    stock = check_stock(got, packages, moves, items, findings)
    compare_with_reference(got, ref, spec["exact"], findings)
    ref_moves = rows(ref["stock_movements"]["table"], ["package_id", "subpackage_id", "quantity"])
    ref_stock = {(p, int(s)): int(q) for p, s, q in rows(
        packages, ["package_id", "subpackage_id", "stock_quantity"])}
    for p, s, q in ref_moves:
        if (p, s) in ref_stock:
            ref_stock[(p, s)] += q
    outcomes = collections.Counter(m[8] for m in moves)
    print(json.dumps({
        "tables": {name: {"version": t["dt"].version(), "rows": t["table"].num_rows,
                          "files": len(t["dt"].file_uris()), "txn": t["txn"]}
                   for name, t in got.items()},
        "reference_tables": {name: {"version": t["dt"].version(), "rows": t["table"].num_rows}
                             for name, t in ref.items()},
        "orders": orders,
        "ledger": {"applied_lines": outcomes["APPLIED"], "refused_lines": outcomes["REFUSED"],
                   "units_taken": -int(pc.sum(got["stock_movements"]["table"]
                                              .column("quantity")).as_py() or 0)},
        "stock": {f"{p}/{s}": v for (p, s), v in sorted(stock.items())},
        "reference_stock": {f"{p}/{s}": v for (p, s), v in sorted(ref_stock.items())},
        "findings": findings.found,
    }))


if __name__ == "__main__":
    main()
