#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# DynamoDB- and Kinesis-compatible endpoints on loopback for the integration tests: moto's server
# (PyPI, pinned) on 127.0.0.1:19010. Separate from the S3 server (scripts/s3_server.sh), which
# may be MinIO. The canary test tests/integration/aws_canary checks the semantics retailpipe
# relies on before anything trusts this emulator.
#   scripts/aws_emulator.sh install|start|stop|status|env
#   eval "$(scripts/aws_emulator.sh env)"   # RP_TEST_DYNAMODB_ENDPOINT, RP_TEST_KINESIS_ENDPOINT
# State (pid, log) under $RP_SERVICES_DIR/aws (default <repo>/.services/aws); moto keeps its data
# in memory, so a restart starts empty.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
services="${RP_SERVICES_DIR:-$here/.services}"
state="$services/aws"
venv="$services/moto-venv"  # shared with scripts/s3_server.sh (same pinned version)
moto_spec="moto[server]==5.2.5"
pytest_spec="pytest==8.3.4"
host=127.0.0.1
port="${RP_AWS_EMULATOR_PORT:-19010}"

log() { echo "aws_emulator: $*" >&2; }
running() { [[ -f "$state/server.pid" ]] && kill -0 "$(cat "$state/server.pid")" 2>/dev/null; }

cmd_install() {
  if [[ ! -x "$venv/bin/moto_server" ]]; then
    log "installing $moto_spec into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "$moto_spec"
  fi
  # The canary test runs in this venv: boto3 comes with moto, pytest is added.
  if ! "$venv/bin/python" -c 'import pytest' 2>/dev/null; then
    log "installing $pytest_spec into $venv"
    "$venv/bin/pip" install --quiet "$pytest_spec"
  fi
}

cmd_start() {
  if running; then log "already running (pid $(cat "$state/server.pid"))"; return 0; fi
  [[ -x "$venv/bin/moto_server" ]] || { log "moto is not installed: run $0 install"; exit 1; }
  mkdir -p "$state"
  nohup "$venv/bin/moto_server" -H "$host" -p "$port" >"$state/server.log" 2>&1 &
  echo $! >"$state/server.pid"
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null "http://$host:$port/moto-api/"; then
      log "moto listening on http://$host:$port (DynamoDB, Kinesis)"
      return 0
    fi
    running || { log "server exited; see $state/server.log"; tail -20 "$state/server.log" >&2; exit 1; }
    sleep 0.2
  done
  log "server did not answer on $host:$port within 20s; see $state/server.log"
  exit 1
}

cmd_stop() {
  if ! running; then log "not running"; rm -f "$state/server.pid"; return 0; fi
  local pid; pid="$(cat "$state/server.pid")"
  kill "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  rm -f "$state/server.pid"
  log "stopped"
}

cmd_status() {
  if running; then echo "aws emulator: running (pid $(cat "$state/server.pid")) on $host:$port"
  else echo "aws emulator: stopped"; return 1; fi
}

cmd_env() {
  echo "export RP_TEST_DYNAMODB_ENDPOINT=http://$host:$port" \
    "RP_TEST_KINESIS_ENDPOINT=http://$host:$port RP_TEST_AWS_PYTHON=$venv/bin/python"
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *) echo "usage: $0 {install|start|stop|status|env}" >&2; exit 2 ;;
esac
