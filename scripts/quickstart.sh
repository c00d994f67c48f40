#!/usr/bin/env bash
# One command on a fresh Debian 12 machine: install, build (release), and run the main job on
# the embedded defaults (everything under ./retailpipe-data). Re-running it is safe.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/install_deps.sh"
cmake --preset release -S "$here" >/dev/null
cmake --build --preset release -j"$(nproc)"
"$here/build/release/src/retailpipe/app/retailpipe" run "$@"
echo
echo "Next: $here/build/release/src/retailpipe/app/retailpipe sql \"SELECT * FROM sales_team_data_mart ORDER BY sales_month, store_id, total_sales DESC LIMIT 10\""
