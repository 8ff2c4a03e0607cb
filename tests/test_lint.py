"""The habits of the field, checked with each run of `make test`: the Python of the engine, the
tests and the bench passes ruff's lint rules and is as ruff's formatter writes it, and the engine
type-checks clean with mypy (the settings of both are pyproject.toml's). `make lint` runs the same
commands alone; tests/test_js_lint.py holds the browser modules to ESLint."""

from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import BIN, ROOT

PATHS = ["hooks", "tests", "bench"]
ENGINE = ROOT / "hooks" / "kb"


def test_ruff_finds_nothing():
    result = subprocess.run(
        [str(BIN / "ruff"), "check", "--no-cache", "--output-format", "concise", *PATHS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_code_is_as_ruff_format_writes_it():
    result = subprocess.run(
        [str(BIN / "ruff"), "format", "--check", "--no-cache", *PATHS], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def _mypy(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mypy", "--no-color-output", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def test_mypy_finds_nothing_in_the_engine():
    """mypy reports no error in hooks/kb, and it checked every module of the package."""
    result = _mypy()
    modules = len(list(ENGINE.rglob("*.py")))
    assert result.stdout == f"Success: no issues found in {modules} source files\n", result.stdout


def test_mypy_catches_a_view_data_hook_called_where_it_may_be_none(tmp_path):
    """The configuration checks the bodies of functions: the call of a view kind's optional data
    hook without testing it for None, as the renderer once made, is an error."""
    shutil.copytree(ROOT / "hooks", tmp_path / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    renderer = tmp_path / "hooks" / "kb" / "render" / "renderer.py"
    text = renderer.read_text(encoding="utf-8")
    safe = "                data = VIEWS[view.kind].data\n                if data is not None:\n                    out.update(data(self.ctx, view, lang))\n"
    assert safe in text
    renderer.write_text(text.replace(safe, "                out.update(VIEWS[view.kind].data(self.ctx, view, lang))\n"), encoding="utf-8")
    line = text[: text.index(safe)].count("\n") + 1
    result = _mypy("--cache-dir", str(tmp_path / "cache"), "--no-error-summary", cwd=tmp_path)
    assert result.stdout.splitlines() == [f'hooks/kb/render/renderer.py:{line}: error: "None" not callable  [misc]'], result.stdout
