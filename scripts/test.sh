#!/usr/bin/env bash
# One command on a fresh Debian 12 machine: install, check formatting, build with -Werror, run
# unit + e2e tests, the integration tests against real servers it starts on loopback (MariaDB,
# PostgreSQL, an S3 server, a Kafka broker, a DynamoDB/Kinesis emulator), then the unit tests
# again under ASan+UBSan. Exit code 0 only if all pass. RP_S3_SERVER=minio uses MinIO (built from
# source, slow the first time) instead of moto.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
jobs="$(nproc)"
step() { printf '\n== %s (%ss elapsed)\n' "$1" "$SECONDS"; }

step "dependencies"
scripts/install_deps.sh

step "format check (clang-format $(clang-format --version | grep -o '[0-9]*\.[0-9.]*' | head -1))"
git ls-files '*.cc' '*.h' | xargs clang-format --dry-run --Werror

step "build (ci preset: -Werror)"
cmake --preset ci >/dev/null
cmake --build --preset ci -j"$jobs"

step "unit and e2e tests"
scripts/delta_reader_env.sh >/dev/null  # delta-rs, the independent reader of our Delta tables
ctest --test-dir build/ci --output-on-failure -j"$jobs" -L 'unit|e2e' | tee build/ci/unit-e2e.log
if grep -q '(Skipped)' build/ci/unit-e2e.log; then
  echo "unit or e2e tests were skipped" >&2
  exit 1
fi

step "benchmarks, once each as a smoke test"
while IFS= read -r b; do
  echo "  $b"
  "$b" --benchmark_min_time=0.01 >/dev/null
done < <(find build/ci -type f -executable -name '*_benchmark' | sort)

step "integration tests against real servers on loopback"
export RP_S3_SERVER="${RP_S3_SERVER:-moto}"
scripts/services.sh install
scripts/s3_server.sh install
scripts/kafka_server.sh install
scripts/aws_emulator.sh install
stop_servers() {
  scripts/kafka_server.sh stop || true
  scripts/aws_emulator.sh stop || true
  scripts/s3_server.sh stop || true
  scripts/services.sh stop || true
}
trap stop_servers EXIT
scripts/services.sh start
scripts/s3_server.sh start
scripts/kafka_server.sh start
scripts/aws_emulator.sh start
(
  eval "$(scripts/services.sh env)"
  eval "$(scripts/s3_server.sh env)"
  eval "$(scripts/kafka_server.sh env)"
  eval "$(scripts/aws_emulator.sh env)"
  # One at a time: the tests share the servers' databases and bucket.
  RP_REQUIRE_SERVERS=1 ctest --test-dir build/ci --output-on-failure -L integration | tee build/ci/integration.log
)
# The servers were started above, so a skipped test here is a failure.
if grep -q '(Skipped)' build/ci/integration.log; then
  echo "integration tests were skipped although the servers are running" >&2
  exit 1
fi

step "unit tests under ASan+UBSan"
cmake --preset asan >/dev/null
cmake --build --preset asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 ctest --test-dir build/asan --output-on-failure -j"$jobs" -L unit

step "done"
