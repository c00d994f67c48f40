#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Private MariaDB and PostgreSQL servers on loopback, for the integration tests and for trying
# retailpipe against a real warehouse. Not the system services: each server keeps its data,
# socket, pid file and log under $RP_SERVICES_DIR (default <repo>/.services/).
#
#   scripts/services.sh install|start|stop|status|env [mariadb|postgres|all]
#   eval "$(scripts/services.sh env)"   # sets RP_TEST_MYSQL_URI and RP_TEST_POSTGRES_URI
#
# MariaDB listens on 127.0.0.1:13306, PostgreSQL on 127.0.0.1:15432 (RP_MYSQL_PORT and
# RP_POSTGRES_PORT override). Each has a database `retailpipe` and a user `retailpipe` whose
# random password is made once and kept in $RP_SERVICES_DIR/sql-password (mode 600). The folder
# ignores itself in git (a .gitignore holding `*`): it holds data files and that password.
# Idempotent: start when running and stop when stopped do nothing. Works as root (as CI runs:
# PostgreSQL then runs as the `postgres` OS user, which must be able to reach the folder) or as
# a user with sudo for the install step.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${RP_SERVICES_DIR:-$here/.services}"
mysql_port="${RP_MYSQL_PORT:-13306}"
pg_port="${RP_POSTGRES_PORT:-15432}"
wait_seconds="${RP_SERVICES_WAIT_SECONDS:-60}"
db_name=retailpipe
db_user=retailpipe

die() { echo "services: $*" >&2; exit 1; }
info() { echo "services: $*" >&2; }
is_root() { [[ $(id -u) -eq 0 ]]; }

# --- install -------------------------------------------------------------------------------

install_packages() {
  local missing=() p
  for p in mariadb-server mariadb-client postgresql; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  info "installing ${missing[*]}"
  local sudo_cmd=()
  is_root || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

prepare_services_dir() {
  mkdir -p "$dir"
  [[ -f $dir/.gitignore ]] || echo '*' >"$dir/.gitignore"
}

password() {
  local file="$dir/sql-password"
  if [[ ! -s $file ]]; then
    prepare_services_dir
    (umask 077 && head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$file")
  fi
  cat "$file"
}

# wait_until <what> <log> <pid> <command...>: poll until the command succeeds; fail early if
# process <pid> (when not empty) exits.
wait_until() {
  local what=$1 log=$2 pid=$3 i
  shift 3
  for ((i = 0; i < wait_seconds * 2; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    [[ -z $pid ]] || kill -0 "$pid" 2>/dev/null || die "$what exited while starting; see its log: $log"
    sleep 0.5
  done
  die "$what did not answer within ${wait_seconds}s; see its log: $log"
}

# --- MariaDB -------------------------------------------------------------------------------

my_dir() { echo "$dir/mariadb"; }
my_socket() { echo "$(my_dir)/mariadb.sock"; }
my_pid() { cat "$(my_dir)/mariadb.pid" 2>/dev/null || true; }
my_running() { local pid; pid=$(my_pid); [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; }
my_admin() { mariadb-admin --no-defaults --socket="$(my_socket)" -u "$(id -un)" "$@"; }
my_sql() { mariadb --no-defaults --socket="$(my_socket)" -u "$(id -un)" "$@"; }

my_start() {
  if my_running; then
    info "mariadb already running (pid $(my_pid)) on 127.0.0.1:$mysql_port"
    return 0
  fi
  command -v mariadbd >/dev/null || PATH="$PATH:/usr/sbin"
  command -v mariadbd >/dev/null || die "mariadbd not found; run: scripts/services.sh install"
  local d log user_opt=()
  d=$(my_dir)
  log="$d/mariadb.log"
  prepare_services_dir
  mkdir -p "$d"
  is_root && user_opt=(--user=root)
  if [[ ! -d $d/data/mysql ]]; then
    info "initialising mariadb in $d/data"
    mariadb-install-db --no-defaults "${user_opt[@]}" --datadir="$d/data" \
      --auth-root-authentication-method=socket --skip-test-db >>"$log" 2>&1 ||
      die "mariadb-install-db failed; see $log"
  fi
  setsid mariadbd --no-defaults "${user_opt[@]}" --datadir="$d/data" --socket="$(my_socket)" \
    --pid-file="$d/mariadb.pid" --log-error="$log" --port="$mysql_port" \
    --bind-address=127.0.0.1 --skip-name-resolve --innodb-buffer-pool-size=128M \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_bin \
    </dev/null >>"$log" 2>&1 &
  wait_until "mariadb on 127.0.0.1:$mysql_port" "$log" "$!" my_admin ping
  local pw
  pw=$(password)
  my_sql <<SQL || die "creating database and user in mariadb failed"
CREATE DATABASE IF NOT EXISTS $db_name CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER IF NOT EXISTS '$db_user'@'127.0.0.1' IDENTIFIED BY '$pw';
CREATE USER IF NOT EXISTS '$db_user'@'localhost' IDENTIFIED BY '$pw';
ALTER USER '$db_user'@'127.0.0.1' IDENTIFIED BY '$pw';
ALTER USER '$db_user'@'localhost' IDENTIFIED BY '$pw';
GRANT ALL ON $db_name.* TO '$db_user'@'127.0.0.1';
GRANT ALL ON $db_name.* TO '$db_user'@'localhost';
SQL
  info "mariadb running (pid $(my_pid)) on 127.0.0.1:$mysql_port, log $log"
}

my_stop() {
  my_running || { info "mariadb not running"; return 0; }
  local pid i
  pid=$(my_pid)
  kill -TERM "$pid"
  for ((i = 0; i < wait_seconds * 2; i++)); do
    kill -0 "$pid" 2>/dev/null || { info "mariadb stopped"; return 0; }
    sleep 0.5
  done
  die "mariadb (pid $pid) did not stop within ${wait_seconds}s; see $(my_dir)/mariadb.log"
}

my_status() {
  if my_running; then echo "mariadb: running (pid $(my_pid)) on 127.0.0.1:$mysql_port"; return 0; fi
  echo "mariadb: stopped"
  return 1
}

# --- PostgreSQL ----------------------------------------------------------------------------

pg_dir() { echo "$dir/postgres"; }
pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [[ -n $bin ]] || die "PostgreSQL not found; run: scripts/services.sh install"
  echo "$bin"
}
# Run a command as the server's OS user: `postgres` when we are root (the server refuses root).
pg_as() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_running() { [[ -f $(pg_dir)/data/PG_VERSION ]] && pg_as "$(pg_bin)/pg_ctl" status -D "$(pg_dir)/data" >/dev/null 2>&1; }
pg_sql() {
  pg_as "$(pg_bin)/psql" -X -q -v ON_ERROR_STOP=1 -h "$(pg_dir)" -p "$pg_port" -d postgres "$@"
}

pg_prepare_dir() {
  local d
  d=$(pg_dir)
  prepare_services_dir
  mkdir -p "$d"
  if is_root; then
    chown postgres:postgres "$d"
    runuser -u postgres -- test -w "$d" ||
      die "the postgres OS user cannot write $d (a parent folder is closed to it);" \
        "set RP_SERVICES_DIR to a folder it can reach, e.g. /tmp/retailpipe-services"
  fi
}

pg_start() {
  if pg_running; then
    info "postgres already running on 127.0.0.1:$pg_port"
    return 0
  fi
  local d bin log
  d=$(pg_dir)
  bin=$(pg_bin)
  log="$d/postgres.log"
  pg_prepare_dir
  pg_as touch "$log"
  if [[ ! -f $d/data/PG_VERSION ]]; then
    info "initialising postgres in $d/data"
    pg_as "$bin/initdb" -D "$d/data" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=peer --auth-host=scram-sha-256 >>"$log" 2>&1 ||
      die "initdb failed; see $log"
    # A throw-away test instance: durability is not worth the fsyncs.
    pg_as tee -a "$d/data/postgresql.conf" >/dev/null <<CONF
port = $pg_port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$d'
password_encryption = scram-sha-256
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  fi
  pg_as "$bin/pg_ctl" start -D "$d/data" -l "$log" -w -t "$wait_seconds" >/dev/null 2>&1 ||
    die "postgres on 127.0.0.1:$pg_port did not start within ${wait_seconds}s; see its log: $log"
  wait_until "postgres on 127.0.0.1:$pg_port" "$log" "" pg_as "$bin/pg_isready" -q -h "$d" -p "$pg_port"
  local pw
  pw=$(password)
  pg_sql <<SQL || die "creating database and user in postgres failed"
SELECT 'CREATE ROLE $db_user LOGIN' WHERE NOT EXISTS
  (SELECT FROM pg_roles WHERE rolname = '$db_user') \gexec
ALTER ROLE $db_user WITH LOGIN PASSWORD '$pw';
SELECT 'CREATE DATABASE $db_name OWNER $db_user' WHERE NOT EXISTS
  (SELECT FROM pg_database WHERE datname = '$db_name') \gexec
SQL
  info "postgres running on 127.0.0.1:$pg_port, log $log"
}

pg_stop() {
  pg_running || { info "postgres not running"; return 0; }
  pg_as "$(pg_bin)/pg_ctl" stop -D "$(pg_dir)/data" -m fast -w -t "$wait_seconds" >/dev/null ||
    die "postgres did not stop within ${wait_seconds}s; see $(pg_dir)/postgres.log"
  info "postgres stopped"
}

pg_status() {
  if pg_running; then echo "postgres: running on 127.0.0.1:$pg_port"; return 0; fi
  echo "postgres: stopped"
  return 1
}

# --- commands ------------------------------------------------------------------------------

print_env() {
  local pw
  [[ -s $dir/sql-password ]] || die "no servers were set up in $dir yet; run: scripts/services.sh start"
  pw=$(password)
  case $1 in
    mariadb | all) echo "export RP_TEST_MYSQL_URI=mysql://$db_user:$pw@127.0.0.1:$mysql_port/$db_name" ;;&
    postgres | all) echo "export RP_TEST_POSTGRES_URI=postgres://$db_user:$pw@127.0.0.1:$pg_port/$db_name" ;;
  esac
}

for_each() {  # for_each <action> <which>: run my_<action> and/or pg_<action>
  local rc=0
  case $2 in
    mariadb) "my_$1" || rc=$? ;;
    postgres) "pg_$1" || rc=$? ;;
    all) "my_$1" || rc=$?; "pg_$1" || rc=$? ;;
  esac
  return "$rc"
}

usage() {
  echo "usage: scripts/services.sh install|start|stop|status|env [mariadb|postgres|all]" >&2
  exit 2
}

main() {
  local action=${1:-} which=${2:-all}
  case $which in mariadb | postgres | all) ;; *) usage ;; esac
  case $action in
    install) install_packages ;;
    start) install_packages; for_each start "$which" ;;
    stop) for_each stop "$which" ;;
    status) for_each status "$which" ;;
    env) print_env "$which" ;;
    *) usage ;;
  esac
}

main "$@"
