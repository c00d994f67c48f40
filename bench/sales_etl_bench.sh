#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Sales ETL benchmark: wall time and peak memory of `retailpipe etl sales` on N generated sales
# rows, beside (a) plain DuckDB running the same SQL (bench/duckdb_alone.cc) and (b) the seeds'
# PySpark job in local mode (bench/pyspark_sales_etl.py), all on the same CSV files.
# A measurement, not a test: it exits 0 when a target is missed, and prints MISS.
#
# Usage: bench/sales_etl_bench.sh [--rows N] [--files F] [--threads T] [--repeat R]
#                                 [--no-spark] [--no-build]
#   --rows N     sales rows in total (default 10000000), spread over F files (default 20)
#   --threads T  engine threads for retailpipe and DuckDB; Spark runs local[T] (default 2)
#   --repeat R   run retailpipe and duckdb_alone R times each and keep the fastest (default 1)
# Everything is written under bench/out/ (git-ignored).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out"
ROWS=10000000
FILES=20
THREADS=2
REPEAT=1
SPARK=1
BUILD=1
MEMORY_LIMIT=4GiB

while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2 ;;
    --files) FILES="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --no-spark) SPARK=0; shift ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n '3,13p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
(( ROWS >= FILES )) || FILES=1
ROWS_PER_FILE=$(( ROWS / FILES ))
ROWS=$(( ROWS_PER_FILE * FILES ))

log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }

# (a) What the benchmark needs: GNU time, and a venv with PySpark and the duckdb package
# (used only to export the dimension tables for Spark, before its clock starts).
install_tools() {
  if [[ ! -x /usr/bin/time ]]; then
    log "installing GNU time"
    apt-get install -y time >/dev/null
  fi
  if (( SPARK )); then
    command -v java >/dev/null || { echo "PySpark needs Java 17 (java not found)" >&2; exit 1; }
    if [[ ! -x "$OUT/.venv/bin/python" ]]; then
      log "creating $OUT/.venv"
      python3 -m venv "$OUT/.venv"
    fi
    if ! "$OUT/.venv/bin/python" -c 'import pyspark, duckdb' 2>/dev/null; then
      log "installing pyspark 3.5 and duckdb 1.4.4 into the venv"
      "$OUT/.venv/bin/pip" install -q 'pyspark==3.5.*' 'duckdb==1.4.4'
    fi
  fi
}

# (b) Release build of the binary and the DuckDB peer.
build() {
  BIN_DIR="$ROOT/build/release"
  if (( BUILD )); then
    log "building release (retailpipe, duckdb_alone)"
    (cd "$ROOT" && cmake --preset release >/dev/null &&
       cmake --build build/release --target retailpipe duckdb_alone -j"$(nproc)" >/dev/null)
  fi
  RETAILPIPE="$BIN_DIR/src/retailpipe/app/retailpipe"
  DUCKDB_ALONE="$BIN_DIR/bench/duckdb_alone"
  [[ -x "$RETAILPIPE" && -x "$DUCKDB_ALONE" ]] || { echo "binaries missing in $BIN_DIR" >&2; exit 1; }
}

# (c) Fresh data: dimensions in a warehouse file and FILES x ROWS_PER_FILE sales rows.
generate() {
  rm -rf "$OUT/gen" "$OUT/pristine" "$OUT/runs"
  mkdir -p "$OUT/pristine" "$OUT/runs"
  log "generating $ROWS rows in $FILES file(s)"
  "$RETAILPIPE" --data-dir "$OUT/gen" --log-level warn generate sales --files "$FILES" \
    --rows "$ROWS_PER_FILE" --threads "$THREADS" >/dev/null
  cp "$OUT"/gen/store/sales_data/*.csv "$OUT/pristine/"
  WAREHOUSE="$OUT/gen/warehouse.duckdb"
  CSV_FILES=("$OUT"/pristine/*.csv)
  log "input: $(du -sh "$OUT/pristine" | cut -f1) in ${#CSV_FILES[@]} CSV file(s)"
}

# Run a command under /usr/bin/time -v while a sampler sums the RSS and CPU time of its whole
# process tree (PySpark's JVM is not waited for by Python, so time -v alone misses it).
# Usage: measure NAME command...   Writes $OUT/runs/NAME.{stdout,stderr,time,tree}.
measure() {
  local name="$1"; shift
  local base="$OUT/runs/$name"
  /usr/bin/time -v -o "$base.time" "$@" >"$base.stdout" 2>"$base.stderr" &
  local pid=$!
  python3 - "$pid" >"$base.tree" <<'PY' &
import os, sys, time
root = int(sys.argv[1]); hz = os.sysconf("SC_CLK_TCK"); page = os.sysconf("SC_PAGE_SIZE")
peak = 0; cpu = {}
def tree():
    kids = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                f = open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()
                kids.setdefault(int(f[1]), []).append((int(p), f))
            except OSError:
                pass
    out, todo = [], [root]
    while todo:
        for pid, f in kids.get(todo.pop(), []):
            out.append((pid, f)); todo.append(pid)
    return out
while os.path.exists(f"/proc/{root}"):
    procs = tree()
    peak = max(peak, sum(int(f[21]) for _, f in procs) * page)
    for pid, f in procs:
        cpu[pid] = max(cpu.get(pid, 0), int(f[11]) + int(f[12]))
    time.sleep(0.2)
print(peak // (1 << 20), sum(cpu.values()) / hz)
PY
  local sampler=$!
  local rc=0
  wait "$pid" || rc=$?
  wait "$sampler" || true
  return "$rc"
}

# Print "wall_s rss_mib cpu_s" for a finished run: wall from time -v; RSS and CPU the larger of
# time -v and the tree sampler.
stats() {
  local base="$OUT/runs/$1"
  awk -v tree="$(cat "$base.tree" 2>/dev/null)" '
    /Elapsed \(wall clock\)/ { n = split($NF, t, ":"); wall = (n == 3) ? t[1]*3600 + t[2]*60 + t[3] : t[1]*60 + t[2] }
    /Maximum resident set size/ { rss = $NF / 1024 }
    /User time/ { cpu += $NF } /System time/ { cpu += $NF }
    END { split(tree, s, " "); if (s[1] > rss) rss = s[1]; if (s[2] > cpu) cpu = s[2];
          printf "%.2f %.0f %.2f\n", wall, rss, cpu }' "$base.time"
}

# Print the wall seconds a tool is judged by: the process wall time, except for PySpark, whose
# script times its own job (Spark start-up included; the untimed dimension export before it and
# the output counting after it excluded), which favours Spark.
judged_wall() {
  if [[ "$1" == spark ]]; then
    awk '/^elapsed/ { print $2 }' "$OUT/runs/spark.stdout"
  else
    stats "$1" | cut -d' ' -f1
  fi
}

# Keep the fastest of the runs NAME.1..NAME.R as NAME.
keep_fastest() {
  local name="$1" best="" best_wall=""
  for ((i = 1; i <= REPEAT; i++)); do
    [[ -f "$OUT/runs/$name.$i.time" ]] || continue
    local wall; wall=$(stats "$name.$i" | cut -d' ' -f1)
    log "$name run $i: ${wall} s"
    if [[ -z "$best" ]] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
      best="$i"; best_wall="$wall"
    fi
  done
  for ext in stdout stderr time tree; do cp "$OUT/runs/$name.$best.$ext" "$OUT/runs/$name.$ext"; done
}

# (d) retailpipe etl sales on a fresh data dir holding the same warehouse and inbox files.
run_retailpipe() {
  for ((i = 1; i <= REPEAT; i++)); do
    local data="$OUT/rp-data"
    rm -rf "$data"
    mkdir -p "$data/store/sales_data"
    cp "$WAREHOUSE" "$data/warehouse.duckdb"
    cp -l "${CSV_FILES[@]}" "$data/store/sales_data/"
    log "retailpipe etl sales (run $i/$REPEAT)"
    local rc=0
    measure "retailpipe.$i" "$RETAILPIPE" --data-dir "$data" --log-level debug \
      --set "engine.threads=$THREADS" --set "engine.memory_limit=$MEMORY_LIMIT" etl sales || rc=$?
    # Exit code 3 means some input was quarantined: still a finished run.
    if (( rc != 0 && rc != 3 )); then
      log "retailpipe failed (exit $rc); see $OUT/runs/retailpipe.$i.stderr"; RP_FAILED=1; return
    fi
  done
  keep_fastest retailpipe
}

# (e) The same SQL in plain DuckDB.
run_duckdb_alone() {
  for ((i = 1; i <= REPEAT; i++)); do
    log "duckdb_alone (run $i/$REPEAT)"
    measure "duckdb_alone.$i" "$DUCKDB_ALONE" --sql-dir "$ROOT/sql/sales" \
      --warehouse "$WAREHOUSE" --out "$OUT/duckdb-out" --threads "$THREADS" \
      --memory-limit "$MEMORY_LIMIT" --verbose "${CSV_FILES[@]}" ||
      { log "duckdb_alone failed; see $OUT/runs/duckdb_alone.$i.stderr"; DD_FAILED=1; return; }
  done
  keep_fastest duckdb_alone
}

# (f) The seeds' job in PySpark local mode.
run_spark() {
  log "PySpark local[$THREADS] (this takes a while)"
  measure spark "$OUT/.venv/bin/python" "$ROOT/bench/pyspark_sales_etl.py" \
    --warehouse "$WAREHOUSE" --out "$OUT/spark-out" --master "local[$THREADS]" \
    --driver-memory 4g "${CSV_FILES[@]}" ||
    { log "PySpark failed; see $OUT/runs/spark.stderr"; SPARK_FAILED=1; }
}

# Row counts each tool reports: "loaded customer_mart team_mart".
counts() {
  local f="$OUT/runs/$1.stdout"
  case "$1" in
    retailpipe)
      tr -d ',' <"$f" | awk '/rows:/ { for (i = 1; i <= NF; i++) if ($(i+1) == "loaded") l = $i }
        /marts rebuilt/ { for (i = 1; i <= NF; i++) {
          if ($i == "customers_data_mart") c = $(i+1); if ($i == "sales_team_data_mart") t = $(i+1) } }
        END { print l, c, t }' ;;
    *)
      tr -d ',;' <"$f" | awk '{ for (i = 1; i <= NF; i++) { if ($i == "loaded") l = $(i+1)
        if ($i == "customers_data_mart") c = $(i+1); if ($i == "sales_team_data_mart") t = $(i+1) } }
        END { print l, c, t }' ;;
  esac
}

# (g) The table and the two target checks, from the measured numbers only.
report() {
  local rp_wall=""
  [[ -z "${RP_FAILED:-}" ]] && rp_wall=$(judged_wall retailpipe)
  echo
  echo "Sales ETL benchmark: $ROWS rows in $FILES CSV file(s) ($(du -sh "$OUT/pristine" | cut -f1)), threads=$THREADS, memory_limit=$MEMORY_LIMIT, repeat=$REPEAT (fastest kept)"
  echo "host: $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB RAM, load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%-14s %9s %13s %9s %17s   %s\n' tool "wall s" "peak RSS MiB" "CPU s" "ratio vs retailpipe" "rows loaded / customer mart / team mart"
  for tool in retailpipe duckdb_alone spark; do
    local failed_var
    case "$tool" in retailpipe) failed_var=RP_FAILED ;; duckdb_alone) failed_var=DD_FAILED ;; spark) failed_var=SPARK_FAILED ;; esac
    if [[ "$tool" == spark ]] && (( ! SPARK )); then
      printf '%-14s %9s\n' "$tool" "skipped"; continue
    fi
    if [[ -n "${!failed_var:-}" ]]; then printf '%-14s %9s\n' "$tool" "FAILED"; continue; fi
    read -r _ rss cpu < <(stats "$tool")
    local wall; wall=$(judged_wall "$tool")
    local ratio="n/a"
    [[ -n "$rp_wall" ]] && ratio=$(awk -v a="$wall" -v b="$rp_wall" 'BEGIN { printf "%.2f x", a / b }')
    printf '%-14s %9s %13s %9s %17s   %s\n' "$tool" "$wall" "$rss" "$cpu" "$ratio" "$(counts "$tool" | sed 's/ / \/ /g')"
  done
  echo "(wall: whole process for retailpipe and duckdb_alone; Spark's own job timing, start-up"
  echo " included, the untimed dimension export and output counting excluded)"
  echo
  check "retailpipe / duckdb_alone wall <= 1.25" retailpipe duckdb_alone le 1.25 "${DD_FAILED:-}"
  if (( SPARK )); then
    check "spark / retailpipe wall >= 10" spark retailpipe ge 10 "${SPARK_FAILED:-}"
  else
    echo "SKIP  spark / retailpipe wall >= 10 (--no-spark)"
  fi
  local a b c
  a=$(counts retailpipe 2>/dev/null || true); b=$(counts duckdb_alone 2>/dev/null || true)
  c=$( (( SPARK )) && counts spark 2>/dev/null || echo "$a")
  if [[ -n "$a" && "$a" == "$b" && "$a" == "$c" ]]; then
    echo "SAME  every tool loaded the same rows and produced the same mart row counts ($a)"
  else
    echo "DIFF  row counts differ: retailpipe [$a] duckdb_alone [$b] spark [$c]"
  fi
}

check() {
  local label="$1" num="$2" den="$3" op="$4" limit="$5" other_failed="$6"
  if [[ -n "${RP_FAILED:-}" || -n "$other_failed" ]]; then echo "MISS  $label: a run failed"; return; fi
  local x; x=$(awk -v a="$(judged_wall "$num")" -v b="$(judged_wall "$den")" 'BEGIN { printf "%.3f", a / b }')
  if awk -v x="$x" -v l="$limit" -v op="$op" 'BEGIN { exit !((op == "le") ? x <= l : x >= l) }'; then
    echo "PASS  $label: $x"
  else
    echo "MISS  $label: $x"
  fi
}

main() {
  mkdir -p "$OUT"
  install_tools
  build
  generate
  run_retailpipe
  run_duckdb_alone
  (( SPARK )) && run_spark
  report | tee "$OUT/report.txt"
  log "logs: $OUT/runs/ (retailpipe.stderr has the per-step debug timings)"
  exit 0
}

main
