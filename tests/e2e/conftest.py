# SPDX-License-Identifier: Apache-2.0
"""Fixtures for the end-to-end tests: they run the built retailpipe binary in a fresh folder."""
import csv
import io
import os
import subprocess

import pytest


class Retailpipe:
    """Runs the binary with --data-dir pointing at a private folder."""

    def __init__(self, binary, data_dir):
        self.binary = binary
        self.data_dir = data_dir
        self.store = os.path.join(data_dir, "store")

    def run(self, *args, env=None, check=True):
        full_env = dict(os.environ)
        full_env.pop("RP_KILLPOINT", None)
        full_env.update(env or {})
        proc = subprocess.run([self.binary, "--data-dir", self.data_dir, "--log-level", "warn", *args],
                              capture_output=True, text=True, env=full_env, cwd=self.data_dir)
        if check and proc.returncode not in (0, 3):
            raise AssertionError(f"retailpipe {' '.join(args)} exited {proc.returncode}:\n"
                                 f"{proc.stdout}\n{proc.stderr}")
        return proc

    def sql(self, query):
        """Return the rows of `query` as a list of dicts of strings (empty string for NULL)."""
        proc = self.run("sql", "--format", "csv", query)
        return list(csv.DictReader(io.StringIO(proc.stdout)))

    def store_files(self, prefix):
        root = os.path.join(self.store, prefix)
        out = []
        for dirpath, _, names in os.walk(root):
            for n in names:
                out.append(os.path.relpath(os.path.join(dirpath, n), root))
        return sorted(out)


@pytest.fixture
def rp(tmp_path):
    binary = os.environ.get("RETAILPIPE_BIN")
    if not binary:
        pytest.fail("set RETAILPIPE_BIN to the retailpipe binary (ctest does)")
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    return Retailpipe(binary, str(data_dir))
