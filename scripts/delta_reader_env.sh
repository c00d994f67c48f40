#!/usr/bin/env bash
# Create the Python venv the independent Delta reader test uses (tests/delta_reader): delta-rs
# (`deltalake` from PyPI) and pyarrow, pinned. Idempotent: does nothing when the venv already
# has the pinned versions. Prints the venv's python path on success.
#   scripts/delta_reader_env.sh            # venv in .venv-delta/ (git-ignored)
#   RP_DELTA_VENV=/some/dir scripts/delta_reader_env.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${RP_DELTA_VENV:-$here/.venv-delta}"
pins=(deltalake==1.6.6 pyarrow==21.0.0 pytest==8.3.5)
stamp="$venv/.rp-pins"
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "${pins[*]}" ]]; then
  echo "$venv/bin/python"
  exit 0
fi
echo "delta_reader_env: installing ${pins[*]} into $venv" >&2
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "${pins[@]}" >&2
echo "${pins[*]}" >"$stamp"
echo "$venv/bin/python"
