# SPDX-License-Identifier: Apache-2.0
"""Read one Delta table with delta-rs and print what it saw as JSON (runs in the delta venv).

    read_delta.py <table_dir> [app_id ...]

Prints {"version", "schema": [[name, type, nullable]], "partition_columns", "rows" (sorted,
values as JSON: decimals, dates and timestamps as ISO text), "txn": {app_id: version},
"files": [{"path", "num_records", "min": {...}, "max": {...}, "null_count": {...}}]}.
"""
import datetime
import decimal
import json
import sys

import pyarrow as pa
from deltalake import DeltaTable


def plain(v):
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, (datetime.datetime, datetime.date)):
        return v.isoformat()
    return v


def files(dt):
    table = pa.table(dt.get_add_actions(flatten=True)).to_pydict()
    out = []
    for i, path in enumerate(table["path"]):
        entry = {"path": path, "num_records": table["num_records"][i], "min": {}, "max": {},
                 "null_count": {}}
        for key in table:
            for prefix, bucket in (("min.", "min"), ("max.", "max"), ("null_count.", "null_count")):
                if key.startswith(prefix):
                    entry[bucket][key[len(prefix):]] = plain(table[key][i])
        out.append(entry)
    return sorted(out, key=lambda e: e["path"])


def main():
    dt = DeltaTable(sys.argv[1])
    schema = [[f.name, f.type.type, f.nullable] for f in dt.schema().fields]
    rows = [{k: plain(v) for k, v in r.items()} for r in dt.to_pyarrow_table().to_pylist()]
    rows.sort(key=lambda r: json.dumps(r, sort_keys=True))
    print(json.dumps({
        "version": dt.version(),
        "schema": schema,
        "partition_columns": dt.metadata().partition_columns,
        "protocol": [dt.protocol().min_reader_version, dt.protocol().min_writer_version],
        "rows": rows,
        "txn": {app: dt.transaction_version(app) for app in sys.argv[2:]},
        "files": files(dt),
    }))


if __name__ == "__main__":
    main()
