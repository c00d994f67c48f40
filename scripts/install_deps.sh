#!/usr/bin/env bash
# Install everything retailpipe needs to build and test on Debian 12: Debian packages, then the
# pinned DuckDB library (scripts/fetch_duckdb.sh). Idempotent; skips apt when all is present.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
packages=(
  build-essential cmake ninja-build pkg-config ccache clang-format git openssl curl
  libspdlog-dev libfmt-dev libcli11-dev libyaml-cpp-dev libcurl4-openssl-dev libsodium-dev
  libxxhash-dev libexpat1-dev libgtest-dev libgmock-dev libbenchmark-dev librdkafka-dev libsimdjson-dev
  libmariadb-dev libpq-dev libssl-dev python3 python3-pytest python3-venv
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install_deps: installing ${missing[*]}"
  sudo_cmd=(); [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! command -v npm >/dev/null; then
  sudo_cmd=(); [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq npm >/dev/null
fi
"$here/scripts/fetch_duckdb.sh"
