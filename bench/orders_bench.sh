#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Orders benchmark (issue #4), on the project's Apache Kafka broker (scripts/kafka_server.sh):
#  1. `retailpipe publish orders -n N` to a fresh topic, orders/s per wall second (its publish
#     phase: generation, JSON, produce, final flush with every record acknowledged; the whole
#     process too), beside librdkafka's producer alone (bench/kafka_raw_producer.cc) replaying
#     exactly the same records (keys and payload bytes) with the same settings to another fresh
#     topic; after an untimed warm-up publish (the broker's JVM), R times each, alternating, the
#     fastest kept;
#  2. `retailpipe subscribe orders --once` draining that topic into the Delta tables on the
#     embedded file store, orders/s, beside the same drain from the embedded local log (log://);
#  3. a live run: the subscriber running while `publish orders --rate R` feeds a fresh Kafka
#     topic, for the end-to-end latency (p50, p99).
# The latency `subscribe orders` reports is per committed batch: from the timestamp of the
# batch's oldest record (taken when the publisher's produce() call took it: the Kafka CreateTime
# librdkafka stamps, or the local log's record time) to just after the batch's Delta commits and
# its stream offset commit; p50/p99 are over batches, so each sample is its batch's worst record.
# In a drain run that is the age of a backlog, not a pipeline latency; step 3 measures the latter.
# A measurement, not a test: no target is checked. It fails (exit 1) when a step fails or a count
# is wrong: every topic, and every `orders` Delta table, must hold exactly N distinct orders.
#
# Usage: bench/orders_bench.sh [-n N] [--seed S] [--initial-stock K] [--repeat R]
#                              [--live-rate R] [--live-seconds T] [--no-live] [--kafka URI]
#                              [--build-dir DIR] [--no-build] [--keep]
#   -n N             orders (default 200000)
#   --seed S         seed of the reference tables and of the orders (default 1)
#   --initial-stock K  stock of every package (default 1000 as in the seeds, which most of
#                    200,000 orders exhaust, so most items are then refused)
#   --repeat R       publish runs and librdkafka runs, alternating, fastest kept (default 3)
#   --live-rate R    orders/s published in the live run (default: half the Kafka drain rate)
#   --live-seconds T length of the live run (default 20)
#   --kafka URI      use this broker (kafka://host:port) instead of scripts/kafka_server.sh's,
#                    which is started when it is not running and then stopped at the end
#   --build-dir DIR  where retailpipe and kafka_raw_producer are built (default build/release,
#                    made with the release preset unless --no-build)
#   --keep           keep the work folder and the topics (default: both removed at the end)
# Data go to a temporary folder; outputs and report.txt to bench/out/orders/ (git-ignored).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out/orders"
N=200000
SEED=1
INITIAL_STOCK=""
REPEAT=3
LIVE=1
LIVE_RATE=""
LIVE_SECONDS=20
KAFKA_URI=""
BUILD=1
BUILD_DIR="$ROOT/build/release"
KEEP=0

while [[ $# -gt 0 ]]; do
  case "$1" in
    -n|--num-orders) N="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --initial-stock) INITIAL_STOCK="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --live-rate) LIVE_RATE="$2"; shift 2 ;;
    --live-seconds) LIVE_SECONDS="$2"; shift 2 ;;
    --no-live) LIVE=0; shift ;;
    --kafka) KAFKA_URI="$2"; shift 2 ;;
    --build-dir) BUILD_DIR="$(cd "$2" && pwd)"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '3,37p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[[ "$N" =~ ^[1-9][0-9]*$ ]] || { echo "-n wants a positive count, got '$N'" >&2; exit 2; }
[[ "$REPEAT" =~ ^[1-9][0-9]*$ ]] || { echo "--repeat wants a positive count" >&2; exit 2; }

log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# --- set-up ---------------------------------------------------------------------------------

if (( BUILD )); then
  log "building retailpipe and kafka_raw_producer in $BUILD_DIR"
  if [[ "$BUILD_DIR" == "$ROOT/build/release" ]]; then
    (cd "$ROOT" && cmake --preset release >/dev/null)
  fi
  cmake --build "$BUILD_DIR" --target retailpipe kafka_raw_producer -j"$(nproc)" >/dev/null
fi
RETAILPIPE="$BUILD_DIR/src/retailpipe/app/retailpipe"
RAW="$BUILD_DIR/bench/kafka_raw_producer"
[[ -x "$RETAILPIPE" && -x "$RAW" ]] || die "retailpipe or kafka_raw_producer missing in $BUILD_DIR"

rm -rf "$OUT"
mkdir -p "$OUT"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/orders_bench.XXXXXX")"
DATA="$WORK/data"
RUN="orders-bench-$(date +%Y%m%d-%H%M%S)-$$"
T_PUB="$RUN-published-1"  # retailpipe publish orders (run i writes $RUN-published-i)
T_LIVE="$RUN-live"         # the live run
TOPICS=("$RUN-warmup" "$T_LIVE")  # deleted at the end; kafka_raw_producer writes $RUN-raw-i
STARTED_KAFKA=0
SUB_PID=""
TOPICS_MADE=0

cleanup() {
  local rc=$?
  if [[ -n "$SUB_PID" ]]; then
    kill "$SUB_PID" 2>/dev/null || true
    wait "$SUB_PID" 2>/dev/null || true
  fi
  if (( TOPICS_MADE && ! KEEP )); then
    "$RAW" --brokers "$BROKERS" --delete-topics "$(IFS=,; echo "${TOPICS[*]}")" >/dev/null 2>&1 ||
      log "could not delete the topics $RUN-*"
  fi
  if (( STARTED_KAFKA )); then
    log "stopping the Kafka broker this script started"
    "$ROOT/scripts/kafka_server.sh" stop || true
  fi
  if (( KEEP )); then log "kept $WORK and the topics $RUN-*"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT

if [[ -z "$KAFKA_URI" ]]; then
  if ! "$ROOT/scripts/kafka_server.sh" status >/dev/null 2>&1; then
    log "starting the Kafka broker (scripts/kafka_server.sh start)"
    STARTED_KAFKA=1
    "$ROOT/scripts/kafka_server.sh" start
  fi
  KAFKA_URI="$("$ROOT/scripts/kafka_server.sh" env | sed -n 's/^export RP_TEST_KAFKA_URI=//p')"
fi
BROKERS="${KAFKA_URI#kafka://}"
BROKERS="${BROKERS%%\?*}"
LOG_URI="log://$DATA/stream"

# retailpipe runs in $WORK (so no retailpipe.yaml is read) with none of the caller's variables
# (no RP_* override): the defaults, i.e. the embedded file store under $DATA, plus what each
# step sets (the stream).
cd "$WORK"
CLEAN_ENV=(env -i "PATH=$PATH" "HOME=${HOME:-$WORK}" "TMPDIR=${TMPDIR:-/tmp}")
rp() { "${CLEAN_ENV[@]}" "$RETAILPIPE" --data-dir "$DATA" --log-level warn "$@"; }
# rp_at LEVEL STREAM_URI args...: the same on a stream, logging at LEVEL; rp_on: at warn.
rp_at() {
  local level="$1" uri="$2"; shift 2
  "${CLEAN_ENV[@]}" "RP_STREAM_URI=$uri" "$RETAILPIPE" --data-dir "$DATA" --log-level "$level" "$@"
}
rp_on() { rp_at warn "$@"; }

# Run "NAME command..." with stdout and stderr in $OUT/NAME.*; fail with the end of its stderr
# when it exits non-zero. Sets WALL (seconds).
step() {
  local name="$1"; shift
  local t0 rc=0
  t0=$(date +%s.%N)
  "$@" >"$OUT/$name.stdout" 2>"$OUT/$name.stderr" || rc=$?
  WALL=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
  if (( rc != 0 )); then
    tail -n 20 "$OUT/$name.stderr" >&2
    die "$name exited $rc (see $OUT/$name.stderr)"
  fi
}

# The number after WORD in the line of FILE that matches REGEX (commas dropped).
field() {
  awk -v re="$2" -v w="$3" '$0 ~ re { gsub(",", ""); for (i = 1; i < NF; i++) if ($i == w) { print $(i + 1); exit } }' "$1"
}

# Check that the orders table under PREFIX holds exactly WANT distinct orders.
check_orders_table() {
  local prefix="$1" want="$2" label="$3" counts
  counts=$(rp --set "orders.tables_prefix=$prefix" sql --format csv \
    "SELECT count(*) AS n, count(DISTINCT order_id) AS d FROM orders" | tail -n 1) ||
    die "$label: could not count the orders table under $prefix"
  [[ "$counts" == "$want,$want" ]] ||
    die "$label: the orders table under $prefix holds '$counts' (rows,distinct order_ids), want $want,$want"
}

# Check a `subscribe orders` summary: N orders, nothing rejected.
check_subscribed() {
  local file="$OUT/$1.stdout" orders rejected
  orders=$(field "$file" '^subscribed' 'records:')
  rejected=$(awk '/^subscribed/ { gsub(",", ""); for (i = 2; i <= NF; i++) if ($i ~ /^rejected/) print $(i - 1) }' "$file")
  [[ "$orders" == "$N" && "$rejected" == "0" ]] ||
    die "$1: subscribed '$orders' orders with '$rejected' rejected, want $N and 0 (see $file)"
}

# "p50 p99 batches" of a `subscribe orders` summary.
latency() {
  awk '/latency per batch/ { for (i = 1; i <= NF; i++) { if ($i == "p50") a = $(i + 1); if ($i == "p99") b = $(i + 1)
         if ($i ~ /^\(/) c = substr($i, 2) } } END { print a, b, c }' "$OUT/$1.stdout"
}

# --- 1. publish to Kafka, and the raw producer on the same records ---------------------------

log "generating the reference tables (seed $SEED) in $DATA"
step reference rp generate reference --seed "$SEED" ${INITIAL_STOCK:+--initial-stock "$INITIAL_STOCK"}

TOPICS_MADE=1
WARM=$(( N < 20000 ? N : 20000 ))
log "warm-up (not timed): publishing $WARM orders to $KAFKA_URI topic $RUN-warmup"
step warmup rp_on "$KAFKA_URI" publish orders -n "$WARM" --seed "$SEED" --topic "$RUN-warmup"

# Keep the fastest of NAME.1..NAME.R as NAME, by the seconds `seconds_of NAME.i` prints.
keep_fastest() {
  local name="$1" best="" best_s="" i s
  for ((i = 1; i <= REPEAT; i++)); do
    s=$(seconds_of "$name.$i")
    log "$name run $i: $s s"
    if [[ -z "$best" ]] || awk -v a="$s" -v b="$best_s" 'BEGIN { exit !(a < b) }'; then
      best=$i; best_s=$s
    fi
  done
  cp "$OUT/$name.$best.stdout" "$OUT/$name.stdout"
  cp "$OUT/$name.$best.stderr" "$OUT/$name.stderr"
  cp "$OUT/$name.$best.wall" "$OUT/$name.wall"
}
seconds_of() {
  case "$1" in
    publish_kafka.*) field "$OUT/$1.stdout" '^publish ' publish ;;
    raw_kafka.*) awk '/^produced/ { for (i = 1; i <= NF; i++) if ($i == "in") print $(i + 1) }' "$OUT/$1.stdout" ;;
  esac
}

for ((i = 1; i <= REPEAT; i++)); do
  TOPICS+=("$RUN-published-$i" "$RUN-raw-$i")
  log "run $i/$REPEAT: publishing $N orders to topic $RUN-published-$i"
  step "publish_kafka.$i" rp_on "$KAFKA_URI" publish orders -n "$N" --seed "$SEED" \
    --topic "$RUN-published-$i"
  echo "$WALL" >"$OUT/publish_kafka.$i.wall"
  [[ "$(field "$OUT/publish_kafka.$i.stdout" '^published' published)" == "$N" ]] ||
    die "publish_kafka.$i did not publish $N orders (see $OUT/publish_kafka.$i.stdout)"
  log "run $i/$REPEAT: kafka_raw_producer, the same $N records from $T_PUB to $RUN-raw-$i"
  step "raw_kafka.$i" "$RAW" --brokers "$BROKERS" --from-topic "$T_PUB" --topic "$RUN-raw-$i" \
    --expect "$N"
  echo "$WALL" >"$OUT/raw_kafka.$i.wall"
done
keep_fastest publish_kafka
keep_fastest raw_kafka
PUB_S=$(field "$OUT/publish_kafka.stdout" '^publish ' publish)
PUB_WALL=$(cat "$OUT/publish_kafka.wall")
PUB_MB=$(awk '/^published/ { for (i = 1; i <= NF; i++) if ($i ~ /^MB\)/) print $(i - 1) }' "$OUT/publish_kafka.stdout")
RAW_S=$(awk '/^produced/ { for (i = 1; i <= NF; i++) if ($i == "in") print $(i + 1) }' "$OUT/raw_kafka.stdout")
PARTITIONS=$(awk '/^read/ { for (i = 1; i <= NF; i++) if ($i == "partitions)") print substr($(i - 1), 2) }' "$OUT/raw_kafka.stdout")

# --- 2. drain into Delta: from Kafka, and from the local log --------------------------------

log "subscribe orders --once: $T_PUB -> Delta tables (orders/delta/kafka/)"
step subscribe_kafka rp_on "$KAFKA_URI" --set "orders.topic=$T_PUB" \
  --set "orders.group=$RUN-drain" --set orders.tables_prefix=orders/delta/kafka/ \
  subscribe orders --once --idle-timeout 60s
SUB_KAFKA_WALL=$WALL
check_subscribed subscribe_kafka
check_orders_table orders/delta/kafka/ "$N" "drain from Kafka"

log "publishing the same $N orders to $LOG_URI (fsync at the final flush)"
step publish_log rp_on "$LOG_URI" publish orders -n "$N" --seed "$SEED" --topic orders
PUB_LOG_S=$(field "$OUT/publish_log.stdout" '^publish ' publish)

log "subscribe orders --once: log:// -> Delta tables (orders/delta/log/)"
step subscribe_log rp_on "$LOG_URI" --set orders.topic=orders \
  --set "orders.group=$RUN-drain" --set orders.tables_prefix=orders/delta/log/ \
  subscribe orders --once --idle-timeout 60s
SUB_LOG_WALL=$WALL
check_subscribed subscribe_log
check_orders_table orders/delta/log/ "$N" "drain from the local log"

# --- 3. live: the subscriber keeps up with a paced publisher --------------------------------
# Kafka only: `publish orders` writes the local log only when 4 MiB are queued and at its final
# flush, so a paced publish to log:// shows its records in bursts and its latency would measure
# that buffering.

if (( LIVE )); then
  if [[ -z "$LIVE_RATE" ]]; then
    LIVE_RATE=$(awk -v n="$N" -v s="$SUB_KAFKA_WALL" 'BEGIN { r = int(n / s / 2 / 100) * 100; print (r < 100 ? 100 : r) }')
  fi
  LIVE_N=$(( LIVE_RATE * LIVE_SECONDS ))
  log "live: subscriber on $T_LIVE while publish orders --rate $LIVE_RATE sends $LIVE_N orders"
  "$RAW" --brokers "$BROKERS" --create-topic "$T_LIVE" --partitions "${PARTITIONS:-3}" \
    >"$OUT/live_topic.stdout" 2>"$OUT/live_topic.stderr" || die "could not create topic $T_LIVE"
  # At level info for the line that says the subscriber is ready.
  rp_at info "$KAFKA_URI" --set "orders.topic=$T_LIVE" --set "orders.group=$RUN-live" \
    --set orders.tables_prefix=orders/delta/live/ subscribe orders --once --idle-timeout 120s \
    >"$OUT/live_subscribe.stdout" 2>"$OUT/live_subscribe.stderr" &
  SUB_PID=$!
  for ((i = 0; i < 600; i++)); do
    grep -q "subscriber of" "$OUT/live_subscribe.stderr" && break
    kill -0 "$SUB_PID" 2>/dev/null || break
    sleep 0.1
  done
  grep -q "subscriber of" "$OUT/live_subscribe.stderr" ||
    { tail -n 20 "$OUT/live_subscribe.stderr" >&2; die "the live subscriber did not start"; }
  sleep 3  # the consumer group forms and takes the partitions before the first order
  step live_publish rp_on "$KAFKA_URI" publish orders -n "$LIVE_N" --seed "$SEED" \
    --topic "$T_LIVE" --rate "$LIVE_RATE"
  rc=0
  wait "$SUB_PID" || rc=$?
  SUB_PID=""
  (( rc == 0 )) || { tail -n 20 "$OUT/live_subscribe.stderr" >&2; die "live subscriber exited $rc"; }
  [[ "$(field "$OUT/live_subscribe.stdout" '^subscribed' 'records:')" == "$LIVE_N" ]] ||
    die "the live subscriber did not take $LIVE_N orders (see $OUT/live_subscribe.stdout)"
  check_orders_table orders/delta/live/ "$LIVE_N" "live run"
  LIVE_PUB_S=$(field "$OUT/live_publish.stdout" '^publish ' publish)
fi

# --- report ------------------------------------------------------------------------------------

report() {
  echo
  echo "Orders benchmark: $N orders, $PUB_MB MB of JSON payloads ($(awk -v m="$PUB_MB" -v n="$N" 'BEGIN { printf "%.0f", m * 1e6 / n }') bytes each on average), seed $SEED, initial stock ${INITIAL_STOCK:-1000}"
  echo "broker $KAFKA_URI (${PARTITIONS:-?} partitions per topic), store file:// (embedded), $(nproc) cores, load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  printf '%-52s %9s %11s %9s   %s\n' step "s" "orders/s" "MB/s" "ratio"
  row() {  # label seconds count ratio-text [mb]
    awk -v l="$1" -v s="$2" -v n="$3" -v r="$4" -v mb="${5:-}" 'BEGIN {
      printf "%-52s %9.2f %11.0f %9s   %s\n", l, s, n / s, (mb == "" ? "" : sprintf("%.1f", mb / s)), r }'
  }
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f x", a / b }'; }
  row "publish orders -> Kafka (publish phase)" "$PUB_S" "$N" "$(ratio "$RAW_S" "$PUB_S") librdkafka alone" "$PUB_MB"
  row "  the same, whole process (start, tables, flush)" "$PUB_WALL" "$N" "$(ratio "$RAW_S" "$PUB_WALL") librdkafka alone" "$PUB_MB"
  row "librdkafka producer alone, same records (peer)" "$RAW_S" "$N" "1.00 x" "$PUB_MB"
  row "publish orders -> log:// (publish phase)" "$PUB_LOG_S" "$N" "$(ratio "$PUB_S" "$PUB_LOG_S") publish to Kafka" "$PUB_MB"
  row "subscribe --once Kafka -> Delta (whole process)" "$SUB_KAFKA_WALL" "$N" "$(ratio "$SUB_LOG_WALL" "$SUB_KAFKA_WALL") the same from log://"
  row "subscribe --once log:// -> Delta (whole process)" "$SUB_LOG_WALL" "$N" "1.00 x"
  echo
  read -r kp50 kp99 kb < <(latency subscribe_kafka)
  read -r lp50 lp99 lb < <(latency subscribe_log)
  echo "drain runs, age at commit of a backlog published before the subscriber started (not a pipeline latency):"
  echo "  Kafka  p50 $kp50 ms, p99 $kp99 ms over $kb batches;  log://  p50 $lp50 ms, p99 $lp99 ms over $lb batches"
  if (( LIVE )); then
    read -r vp50 vp99 vb < <(latency live_subscribe)
    echo "live run, Kafka: $LIVE_N orders published at $LIVE_RATE orders/s (achieved $(awk -v n="$LIVE_N" -v s="$LIVE_PUB_S" 'BEGIN { printf "%.0f", n / s }')/s) while subscribed:"
    echo "  end-to-end latency p50 $vp50 ms, p99 $vp99 ms over $vb batches"
  fi
  echo "latency: per committed batch, from the timestamp of its oldest record (taken at the publisher's produce()"
  echo "call: Kafka CreateTime stamped by librdkafka, or the local log's record time) to after the batch's Delta"
  echo "commits and stream offset commit; p50/p99 by nearest rank over batches, each sample its batch's worst record."
  echo "orders/s: publish phase = generation + JSON + produce + final flush, all acknowledged (the command's own"
  echo "timing); librdkafka alone = produce + flush of the same keys and bytes, same settings; both after a warm-up,"
  echo "fastest of $REPEAT alternating runs each; subscribe = whole process wall time, one run (start-up, group join and"
  echo "the final empty 0.5 s poll included)."
  echo "checks passed: the published topic held N records and the peer had all N acknowledged; each subscribe took"
  echo "every order with none rejected, and each Delta orders table holds exactly the orders published, distinct."
}
report | tee "$OUT/report.txt"
log "outputs in $OUT"
