#!/usr/bin/env bash
# Fetch the pinned DuckDB shared library and C header from the npm registry into .deps/duckdb.
# The library ships in @duckdb/node-bindings-linux-x64, the header in duckdb (src/duckdb/src/include).
# Both tarballs are checked against their pinned sha512 before anything is extracted.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${RP_DUCKDB_DIR:-$here/.deps/duckdb}"
lib_pkg="@duckdb/node-bindings-linux-x64@1.4.4-r.4"
lib_sha512="jBTL/WvfwxLToFa/pVHfT6elMtltJGnc3wSuxZD9OfMltit9YUdVFS37vBFQzXMT1Z8OWjtSjMh+zPKxOwHLHA=="
hdr_pkg="duckdb@1.4.4"
hdr_sha512="hEJJ5hyVF0VLj3dmOLpsWrQR0b3d4Ykqtygm6iUXjHJDDnSqg/USKxcb5qvNrOhFYPgktayU6dXCtgPqcmmpog=="

if [[ -f "$dest/lib/libduckdb.so" && -f "$dest/include/duckdb.h" && "$(cat "$dest/VERSION" 2>/dev/null)" == "$lib_pkg" ]]; then
  exit 0
fi
command -v npm >/dev/null || { echo "fetch_duckdb: npm is required (apt-get install npm)" >&2; exit 1; }
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$lib_pkg" "$hdr_pkg" >/dev/null 2>&1)
check() { # file expected-base64-sha512
  local got; got="$(openssl dgst -sha512 -binary "$1" | base64 -w0)"
  [[ "$got" == "$2" ]] || { echo "fetch_duckdb: checksum mismatch for $1" >&2; exit 1; }
}
check "$tmp"/duckdb-node-bindings-linux-x64-*.tgz "$lib_sha512"
check "$tmp"/duckdb-1.4.4.tgz "$hdr_sha512"
mkdir -p "$dest/lib" "$dest/include"
tar -xzf "$tmp"/duckdb-node-bindings-linux-x64-*.tgz -C "$tmp" package/libduckdb.so
cp "$tmp/package/libduckdb.so" "$dest/lib/"
rm -rf "$tmp/package"
tar -xzf "$tmp"/duckdb-1.4.4.tgz -C "$tmp" package/src/duckdb/src/include/duckdb.h
cp "$tmp/package/src/duckdb/src/include/duckdb.h" "$dest/include/"
echo "$lib_pkg" > "$dest/VERSION"
echo "fetch_duckdb: DuckDB 1.4.4 in $dest"
