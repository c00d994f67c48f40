#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# An S3-compatible server on loopback for the integration tests (tests/integration/s3).
#   scripts/s3_server.sh install   build MinIO through the Go module proxy (time-limited);
#                                  if that fails, install moto's server from PyPI into a venv
#   scripts/s3_server.sh start     start it on 127.0.0.1:19000 and create the test bucket
#   scripts/s3_server.sh stop      stop it
#   scripts/s3_server.sh env       print the exports the tests and the binary need
# State lives under $RP_SERVICES_DIR (default <repo>/.services): s3/ holds data, pid and log.
# RP_S3_SERVER=minio|moto picks the emulator; the default is MinIO when it is installed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
services="${RP_SERVICES_DIR:-$here/.services}"
state="$services/s3"
bin_dir="$services/bin"
venv="$services/moto-venv"
host=127.0.0.1
port=19000
bucket=retailpipe-test
access_key=rptestaccess
secret_key=rptestsecret0000
minio_module="github.com/minio/minio@v0.0.0-20260212201848-7aac2a2c5b7c"
moto_spec="moto[server]==5.2.5"
build_timeout="${RP_MINIO_BUILD_TIMEOUT:-1500}"

log() { echo "s3_server: $*" >&2; }

which_server() {
  if [[ -n "${RP_S3_SERVER:-}" ]]; then echo "$RP_S3_SERVER"; return; fi
  if [[ -x "$bin_dir/minio" ]]; then echo minio; else echo moto; fi
}

install_minio() {
  [[ -x "$bin_dir/minio" ]] && return 0
  command -v go >/dev/null || { log "go is not installed"; return 1; }
  mkdir -p "$bin_dir"
  log "building MinIO ($minio_module), at most ${build_timeout}s"
  GOBIN="$bin_dir" GOFLAGS=-mod=mod timeout "$build_timeout" go install "$minio_module"
}

install_moto() {
  [[ -x "$venv/bin/moto_server" ]] && return 0
  log "installing $moto_spec into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "$moto_spec"
}

cmd_install() {
  case "${RP_S3_SERVER:-}" in
    moto) install_moto; return ;;
    minio) install_minio; return ;;
  esac
  install_minio || { log "MinIO build failed or timed out; falling back to moto"; install_moto; }
}

running() {
  [[ -f "$state/server.pid" ]] && kill -0 "$(cat "$state/server.pid")" 2>/dev/null
}

# Sign with curl's built-in SigV4, so no AWS CLI is needed.
s3_curl() {
  curl -sS --aws-sigv4 "aws:amz:us-east-1:s3" --user "$access_key:$secret_key" "$@"
}

wait_ready() {
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null "http://$host:$port/"; then return 0; fi
    running || { log "server exited; see $state/server.log"; tail -20 "$state/server.log" >&2; return 1; }
    sleep 0.2
  done
  log "server did not answer on $host:$port within 20s"; return 1
}

cmd_start() {
  if running; then log "already running (pid $(cat "$state/server.pid"))"; return 0; fi
  mkdir -p "$state/data"
  local server; server="$(which_server)"
  case "$server" in
    minio)
      [[ -x "$bin_dir/minio" ]] || { log "MinIO is not installed: run $0 install"; exit 1; }
      MINIO_ROOT_USER="$access_key" MINIO_ROOT_PASSWORD="$secret_key" MINIO_BROWSER=off \
        nohup "$bin_dir/minio" server --quiet --address "$host:$port" \
        --console-address "$host:$((port + 1))" "$state/data" >"$state/server.log" 2>&1 &
      ;;
    moto)
      [[ -x "$venv/bin/moto_server" ]] || { log "moto is not installed: run $0 install"; exit 1; }
      # moto keeps objects in memory; the data folder stays empty.
      nohup "$venv/bin/moto_server" -H "$host" -p "$port" >"$state/server.log" 2>&1 &
      ;;
    *) log "unknown RP_S3_SERVER=$server (minio or moto)"; exit 2 ;;
  esac
  echo $! >"$state/server.pid"
  echo "$server" >"$state/server.kind"
  wait_ready
  local code
  code="$(s3_curl -o /dev/null -w '%{http_code}' -X PUT "http://$host:$port/$bucket")"
  [[ "$code" == 200 || "$code" == 409 ]] || { log "creating bucket $bucket answered $code"; exit 1; }
  log "$server listening on http://$host:$port (bucket $bucket)"
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

cmd_env() {
  echo "export RP_TEST_S3_URI=s3://$bucket/prefix RP_TEST_S3_ENDPOINT=http://$host:$port" \
    "AWS_ENDPOINT_URL_S3=http://$host:$port AWS_ACCESS_KEY_ID=$access_key" \
    "AWS_SECRET_ACCESS_KEY=$secret_key AWS_REGION=us-east-1"
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  env) cmd_env ;;
  *) echo "usage: $0 {install|start|stop|env}" >&2; exit 2 ;;
esac
