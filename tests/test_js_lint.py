"""The browser modules: each one small enough to read on its own, and clean under the JavaScript
linter that package-lock.json pins (eslint.config.js: ESLint's recommended rules and a few more),
with no warning. `make test` installs the linter first (npm ci); run alone, the test installs it
the same way when node_modules/ lacks it. Skipped only where Node.js itself is missing."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import ROOT
from kb.adapters.init import BROWSER_ASSETS

MAX_LINES = 300
ESLINT = ROOT / "node_modules" / ".bin" / "eslint"

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")


def _locked_eslint() -> str:
    """The version of ESLint package-lock.json pins, installed from the lock if it is not yet."""
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    pinned = lock["packages"]["node_modules/eslint"]["version"]
    installed = ROOT / "node_modules" / "eslint" / "package.json"
    if not installed.is_file() or json.loads(installed.read_text(encoding="utf-8"))["version"] != pinned:
        result = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-2000:]
    return pinned


def test_the_modules_are_each_at_most_300_lines():
    modules = sorted(BROWSER_ASSETS.glob("*.js"))
    assert len(modules) >= 10 and (BROWSER_ASSETS / "main.js") in modules
    lengths = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in modules}
    assert {name: n for name, n in lengths.items() if n > MAX_LINES} == {}


def test_eslint_passes_with_no_warning():
    pinned = _locked_eslint()
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert package["devDependencies"]["eslint"] == pinned  # pinned exactly, not a range
    result = subprocess.run(
        [str(ESLINT), "--format", "json", "--max-warnings", "0", "."], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    reports = json.loads(result.stdout)
    linted = {r["filePath"] for r in reports}
    assert {str(path) for path in BROWSER_ASSETS.glob("*.js")} <= linted  # every module is linted
    problems = [f"{r['filePath']}:{m.get('line')}:{m.get('column')}: {m['ruleId']} {m['message']}" for r in reports for m in r["messages"]]
    assert problems == [] and result.returncode == 0, "\n".join(problems) or result.stderr
