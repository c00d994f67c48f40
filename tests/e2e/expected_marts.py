# SPDX-License-Identifier: Apache-2.0
"""An independent model of the sales ETL's rules and marts, written from seeds.md §2.5 and the
issue text, sharing no code or SQL with retailpipe. Money is exact (decimal)."""
import csv
import os
import re
from collections import defaultdict
from datetime import date
from decimal import Decimal, ROUND_HALF_UP

MANDATORY = ["customer_id", "store_id", "product_name", "sales_date", "sales_person_id",
             "price", "quantity", "total_cost"]
INT_RE = re.compile(r"\+?[0-9]{1,9}")
MONEY_RE = re.compile(r"[+-]?[0-9]{1,13}(\.[0-9]{1,4})?")
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date(text):
    if not DATE_RE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def classify(row, customers, stores, team):
    """Return None for a good row, else a reason code."""
    if any(row.get(c) in (None, "") for c in MANDATORY):
        return "MISSING_VALUE"
    if not all(INT_RE.fullmatch(row[c]) for c in ("customer_id", "store_id", "sales_person_id", "quantity")):
        return "BAD_INTEGER"
    if _date(row["sales_date"]) is None:
        return "BAD_DATE"
    if not (MONEY_RE.fullmatch(row["price"]) and MONEY_RE.fullmatch(row["total_cost"])):
        return "BAD_NUMBER"
    qty, price, total = int(row["quantity"]), Decimal(row["price"]), Decimal(row["total_cost"])
    if qty <= 0:
        return "BAD_QUANTITY"
    if price < 0:
        return "BAD_PRICE"
    if abs(total - price * qty) > Decimal("0.01"):
        return "TOTAL_MISMATCH"
    if int(row["customer_id"]) not in customers:
        return "UNKNOWN_CUSTOMER"
    if int(row["store_id"]) not in stores:
        return "UNKNOWN_STORE"
    if int(row["sales_person_id"]) not in team:
        return "UNKNOWN_SALES_PERSON"
    return None


def read_sales_files(folder):
    """Yield (file name, row dict) for every well-formed-header .csv file with all mandatory
    columns; rows with the wrong field count are yielded with row None."""
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".csv"):
            continue
        with open(os.path.join(folder, name), newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader)
            if not set(MANDATORY) <= set(header):
                continue
            for fields in reader:
                if not fields:
                    continue
                yield name, (dict(zip(header, fields)) if len(fields) == len(header) else None)


def expected(folder, customers, stores, team):
    """Return (customer mart, sales team mart, reason counts) for the files in `folder`.
    customers: id -> dict of the customer row; team: id -> dict; stores: set of ids."""
    reasons = defaultdict(int)
    per_customer = defaultdict(Decimal)
    per_person = defaultdict(Decimal)
    for _, row in read_sales_files(folder):
        why = "FIELD_COUNT" if row is None else classify(row, customers, stores, team)
        if why:
            reasons[why] += 1
            continue
        d = _date(row["sales_date"])
        month = f"{d.year:04d}-{d.month:02d}"
        total = Decimal(row["total_cost"])
        per_customer[(int(row["customer_id"]), month)] += total
        per_person[(int(row["store_id"]), int(row["sales_person_id"]), month)] += total
    cent = Decimal("0.01")
    customer_mart = {}
    for (cid, month), total in per_customer.items():
        c = customers[cid]
        customer_mart[(cid, f"{month}-01")] = {
            "full_name": f"{c['first_name']} {c['last_name']}",
            "total_sales": total.quantize(cent, ROUND_HALF_UP)}
    best = defaultdict(Decimal)
    for (store, _, month), total in per_person.items():
        best[(store, month)] = max(best[(store, month)], total)
    team_mart = {}
    for (store, person, month), total in per_person.items():
        p = team[person]
        top = total == best[(store, month)]
        team_mart[(store, person, month)] = {
            "full_name": f"{p['first_name']} {p['last_name']}",
            "total_sales": total.quantize(cent, ROUND_HALF_UP),
            "incentive": (total * Decimal("0.01")).quantize(cent, ROUND_HALF_UP) if top else Decimal("0.00")}
    return customer_mart, team_mart, dict(reasons)
