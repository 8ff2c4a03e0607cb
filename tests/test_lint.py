"""The habits of the field, checked with each run of `make test`: the Python of the engine, the
tests and the bench passes ruff's lint rules and is as ruff's formatter writes it (the settings
are pyproject.toml's [tool.ruff]). `make lint` runs the same commands alone."""

from __future__ import annotations

import subprocess

from conftest import BIN, ROOT

PATHS = ["hooks", "tests", "bench"]


def test_ruff_finds_nothing():
    result = subprocess.run([str(BIN / "ruff"), "check", "--no-cache", "--output-format", "concise", *PATHS],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_code_is_as_ruff_format_writes_it():
    result = subprocess.run([str(BIN / "ruff"), "format", "--check", "--no-cache", *PATHS],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
