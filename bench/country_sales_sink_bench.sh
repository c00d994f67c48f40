#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Country sales sink benchmark: records per second through `retailpipe sink country-sales` from
# the embedded local log (log://, default fsync on commit) into the file store (file://, every
# object and manifest fsynced, local copies archived), per wall second and per CPU second ("per
# core"), against the target of 200,000 records/s per core. The records are published first by
# `retailpipe publish country-sales --delay 0s`, which is not timed.
# A measurement, not a test: it exits 0 when the target is missed, and prints MISS.
#
# Usage: bench/country_sales_sink_bench.sh [--batches N] [--countries LIST] [--repeat R]
#                                          [--build-dir DIR] [--no-build]
#   --batches N      batches per country (default 20: about 5 x 20 x 5,760 = 576,000 records)
#   --countries L    comma-separated country codes (default US,UK,DE,FR,IT: one sink thread each)
#   --repeat R       run the sink R times on the same records (fresh groups) and keep the fastest
#   --build-dir DIR  where retailpipe is built (default build/release, made with the preset)
# Everything is written under bench/out/country_sales_sink/ (git-ignored).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out/country_sales_sink"
BATCHES=20
COUNTRIES=US,UK,DE,FR,IT
REPEAT=1
BUILD=1
BUILD_DIR="$ROOT/build/release"
TARGET_PER_CORE=200000
IDLE_S=1

while [[ $# -gt 0 ]]; do
  case "$1" in
    --batches) BATCHES="$2"; shift 2 ;;
    --countries) COUNTRIES="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --build-dir) BUILD_DIR="$(cd "$2" && pwd)"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n '3,17p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }

[[ -x /usr/bin/time ]] || { log "installing GNU time"; apt-get install -y time >/dev/null; }
if (( BUILD )); then
  log "building retailpipe in $BUILD_DIR"
  if [[ "$BUILD_DIR" == "$ROOT/build/release" ]]; then
    (cd "$ROOT" && cmake --preset release >/dev/null)
  fi
  cmake --build "$BUILD_DIR" --target retailpipe -j"$(nproc)" >/dev/null
fi
RETAILPIPE="$BUILD_DIR/src/retailpipe/app/retailpipe"
[[ -x "$RETAILPIPE" ]] || { echo "retailpipe missing in $BUILD_DIR" >&2; exit 1; }

rm -rf "$OUT"
mkdir -p "$OUT"
DATA="$OUT/data"
log "publishing $BATCHES batches for $COUNTRIES (not timed)"
"$RETAILPIPE" --data-dir "$DATA" --log-level warn publish country-sales --countries "$COUNTRIES" \
  --batches "$BATCHES" --delay 0s --seed 1 >"$OUT/publish.stdout"
head -1 "$OUT/publish.stdout" >&2

best_wall=""
for ((i = 1; i <= REPEAT; i++)); do
  # A fresh store and fresh consumer groups per run, reading the same log.
  rm -rf "$DATA/store" "$DATA/country_sales"
  log "sink run $i/$REPEAT"
  /usr/bin/time -f '%e %U %S %M' -o "$OUT/sink.$i.time" \
    "$RETAILPIPE" --data-dir "$DATA" --log-level warn \
    --set "country_sales.group={country}_bench_$i" \
    sink country-sales --countries "$COUNTRIES" --stop-when-idle "${IDLE_S}s" \
    >"$OUT/sink.$i.stdout" 2>"$OUT/sink.$i.stderr"
  read -r wall user sys rss_kb <"$OUT/sink.$i.time"
  if [[ -z "$best_wall" ]] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
    best_wall="$wall"; best="$i"
  fi
done
read -r wall user sys rss_kb <"$OUT/sink.$best.time"
records=$(awk '/^streamed/ { gsub(",", "", $2); print $2 }' "$OUT/sink.$best.stdout")
files=$(awk '/^streamed/ { print $5 }' "$OUT/sink.$best.stdout")
threads=$(tr ',' '\n' <<<"$COUNTRIES" | wc -l)
cores=$(nproc)

awk -v n="$records" -v files="$files" -v wall="$wall" -v user="$user" -v sys="$sys" \
    -v rss="$rss_kb" -v idle="$IDLE_S" -v target="$TARGET_PER_CORE" -v cores="$cores" \
    -v threads="$threads" 'BEGIN {
  busy = wall - idle; cpu = user + sys
  per_wall = n / busy; per_cpu = n / cpu
  printf "\ncountry sales sink: %d records -> %d CSV files, %d sink threads on %d cores\n", n, files, threads, cores
  printf "  wall %.2f s (%.2f s without the %d s idle wait), CPU %.2f s (user %.2f, sys %.2f), peak RSS %.0f MiB\n", wall, busy, idle, cpu, user, sys, rss / 1024
  printf "  %-34s %12.0f records/s\n", "throughput (wall, all threads)", per_wall
  printf "  %-34s %12.0f records/s\n", "per core (records / CPU second)", per_cpu
  printf "  %-34s %12.2f  %s\n", "ratio to 200,000/s per core", per_cpu / target, (per_cpu >= target ? "PASS" : "MISS")
}'
echo "outputs in $OUT"
