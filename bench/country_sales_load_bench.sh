#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Country sales load benchmark: rows/s and requests of `retailpipe load country-sales` into a
# DynamoDB table on the emulator (scripts/aws_emulator.sh), beside the seed's loader logic
# (load_s3_to_db.py: csv.reader, then boto3 Table.put_item once per row) on the same CSV
# files and the same emulator; then the warehouse target (stage_sales in DuckDB) alone.
# A measurement, not a test. The emulator is a Python server, so absolute rates say more about
# it than about DynamoDB; the request counts and their ratio carry over.
#
# Usage: bench/country_sales_load_bench.sh [--rows N] [--rows-per-file R] [--build-dir DIR]
#                                          [--no-build] [--no-peer] [--no-dynamodb]
#   --rows N            rows in total, US only (default 20000)
#   --rows-per-file R   rows per CSV file, as the sink cuts them (default 10000)
#   --build-dir DIR     where the retailpipe binary is built (default build/release)
#   --no-peer           skip the seed's one-put_item-per-row peer
#   --no-dynamodb       measure the warehouse target only (no emulator needed)
# Everything is written under bench/out/country_sales_load/ (git-ignored).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out/country_sales_load"
ROWS=20000
PER_FILE=10000
BUILD_DIR="$ROOT/build/release"
BUILD=1
PEER=1
DYNAMO=1

while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2 ;;
    --rows-per-file) PER_FILE="$2"; shift 2 ;;
    --build-dir) BUILD_DIR="$(cd "$2" && pwd)"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --no-peer) PEER=0; shift ;;
    --no-dynamodb) DYNAMO=0; PEER=0; shift ;;
    -h|--help) sed -n '3,18p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }
now() { date +%s.%N; }
rate() { python3 -c "print(f'{$1 / ($3 - $2):,.0f}')"; }
seconds() { python3 -c "print(f'{$2 - $1:.2f}')"; }

if (( BUILD )); then
  log "building retailpipe in $BUILD_DIR"
  if [[ "$BUILD_DIR" == "$ROOT/build/release" ]]; then
    (cd "$ROOT" && cmake --preset release >/dev/null)
  fi
  cmake --build "$BUILD_DIR" --target retailpipe >/dev/null
fi
RETAILPIPE="$BUILD_DIR/src/retailpipe/app/retailpipe"
[[ -x "$RETAILPIPE" ]] || { echo "no binary at $RETAILPIPE (build it or pass --build-dir)" >&2; exit 1; }

# The emulator: started here if it is not running, and then stopped here too.
STARTED=0
if (( DYNAMO )) && ! "$ROOT/scripts/aws_emulator.sh" status >/dev/null 2>&1; then
  "$ROOT/scripts/aws_emulator.sh" install
  "$ROOT/scripts/aws_emulator.sh" start
  STARTED=1
fi
cleanup() { if (( STARTED )); then "$ROOT/scripts/aws_emulator.sh" stop; fi; }
trap cleanup EXIT
eval "$("$ROOT/scripts/aws_emulator.sh" env)"
(( DYNAMO )) || RP_TEST_DYNAMODB_ENDPOINT="(not used)"
export AWS_ACCESS_KEY_ID=rpbench AWS_SECRET_ACCESS_KEY=rpbench AWS_REGION=us-east-1
ENDPOINT="$RP_TEST_DYNAMODB_ENDPOINT"
PYTHON="$RP_TEST_AWS_PYTHON"

# Fresh CSV files, as the sink writes them: a header row, then RFC 4180 rows.
rm -rf "$OUT"
mkdir -p "$OUT/pristine/Inbound/US"
log "writing $ROWS rows in files of $PER_FILE"
python3 - "$OUT/pristine/Inbound/US" "$ROWS" "$PER_FILE" <<'EOF'
import sys
folder, rows, per_file = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for f, first in enumerate(range(0, rows, per_file)):
    with open(f"{folder}/US_topic-p0-o{first:020d}.csv", "w") as out:
        out.write("sale_id,product_code,country_of_sale,datetime,selling_price,currency\n")
        for i in range(first, min(rows, first + per_file)):
            out.write(f"US-{i:09d},p{i % 10 + 1},US,2025-07-10 02:57:{i % 60:02d}.{i % 1000000:06d},"
                      f"{10 + i % 90}.{i % 100:02d},USD\n")
EOF

fresh_store() { rm -rf "$OUT/$1"; mkdir -p "$OUT/$1"; cp -r "$OUT/pristine" "$OUT/$1/store"; }

# (1) retailpipe into DynamoDB: BatchWriteItem of 25.
if (( DYNAMO )); then
TABLE="bench.sales.$$"
fresh_store ours
log "retailpipe load country-sales -> DynamoDB table $TABLE"
T0=$(now)
"$RETAILPIPE" --data-dir "$OUT/ours" --log-level warn --set "store.uri=file://$OUT/ours/store" \
  --set "country_sales.target=dynamodb://$TABLE?endpoint=$ENDPOINT" \
  load country-sales --countries US --create-table >"$OUT/ours.txt"
T1=$(now)
OURS_REQUESTS=$(grep -o '[0-9,]* requests)' "$OUT/ours.txt" | head -1 | tr -dc '0-9')
OURS_ITEMS=$("$PYTHON" - "$ENDPOINT" "$TABLE" <<'EOF'
import sys, boto3
db = boto3.client("dynamodb", endpoint_url=sys.argv[1], region_name="us-east-1")
n, start = 0, None
while True:
    args = {"TableName": sys.argv[2], "Select": "COUNT"}
    if start: args["ExclusiveStartKey"] = start
    page = db.scan(**args); n += page["Count"]; start = page.get("LastEvaluatedKey")
    if not start: break
print(n)
db.delete_table(TableName=sys.argv[2])
EOF
)
OURS_RATE=$(rate "$ROWS" "$T0" "$T1")
fi

# (2) The seed's loader: one put_item per row, every attribute a string (its convert_to_dynamodb_type
# sees only strings from csv.reader).
if (( PEER )); then
  fresh_store peer
  log "the seed's logic: boto3 put_item per row"
  PT=$("$PYTHON" - "$ENDPOINT" "bench.seed.$$" "$OUT/peer/store/Inbound/US" <<'EOF'
import csv, os, sys, time, boto3
endpoint, table_name, folder = sys.argv[1:4]
db = boto3.resource("dynamodb", endpoint_url=endpoint, region_name="us-east-1")
db.create_table(TableName=table_name, BillingMode="PAY_PER_REQUEST",
                AttributeDefinitions=[{"AttributeName": "sale_id", "AttributeType": "S"}],
                KeySchema=[{"AttributeName": "sale_id", "KeyType": "HASH"}]).wait_until_exists()
table = db.Table(table_name)
fields = ["sale_id", "product_code", "country_of_sale", "datetime", "selling_price", "currency"]
def convert(value):  # load_s3_to_db.py's convert_to_dynamodb_type, for str input
    if value.lower() in ("true", "false"): return value.lower() == "true"
    return None if value == "" else value
start, n = time.time(), 0
for name in sorted(os.listdir(folder)):
    with open(os.path.join(folder, name)) as f:
        reader = csv.reader(f)
        for row in reader:
            if len(row) != len(fields) or row[0] == "sale_id":
                continue
            table.put_item(Item={k: convert(v) for k, v in zip(fields, row)})
            n += 1
elapsed = time.time() - start
table.delete()
print(n, elapsed)
EOF
)
  PEER_ROWS=${PT% *}
  PEER_SECONDS=${PT#* }
fi

# (3) The warehouse target: stage_sales in the embedded DuckDB file.
fresh_store wh
log "retailpipe load country-sales -> warehouse table stage_sales"
W0=$(now)
"$RETAILPIPE" --data-dir "$OUT/wh" --log-level warn --set "store.uri=file://$OUT/wh/store" \
  load country-sales --countries US --target warehouse >"$OUT/wh.txt"
W1=$(now)
WH_RATE=$(rate "$ROWS" "$W0" "$W1")

echo
echo "country sales load: $ROWS rows in files of $PER_FILE, DynamoDB emulator at $ENDPOINT"
printf '  %-36s %10s %12s %10s %10s\n' "loader" "seconds" "rows/s" "requests" "items"
if (( DYNAMO )); then
  printf '  %-36s %10s %12s %10s %10s\n' "retailpipe (BatchWriteItem x25)" \
    "$(seconds "$T0" "$T1")" "$OURS_RATE" "$OURS_REQUESTS" "$OURS_ITEMS"
fi
if (( PEER )); then
  printf '  %-36s %10.2f %12s %10s %10s\n' "seed logic (boto3 put_item per row)" "$PEER_SECONDS" \
    "$(python3 -c "print(f'{$PEER_ROWS / $PEER_SECONDS:,.0f}')")" "$PEER_ROWS" "$PEER_ROWS"
  python3 -c "
ours = $ROWS / ($T1 - $T0); peer = $PEER_ROWS / $PEER_SECONDS
print(f'  ratio: {ours / peer:.1f}x the rows/s, {$PEER_ROWS / max(1, $OURS_REQUESTS):.1f}x fewer requests')"
fi
printf '  %-36s %10s %12s\n' "retailpipe -> warehouse stage_sales" "$(seconds "$W0" "$W1")" "$WH_RATE"
echo "  (wall time of the whole command, start-up and listing included)"
