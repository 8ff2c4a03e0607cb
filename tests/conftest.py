"""Shared fixtures: throw-away knowledge bases written from a {path: text} dict, and one strict
build of the real site per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def write_project(tmp_path: Path, files: dict[str, str | bytes], with_docs: bool = False) -> Path:
    """A project in tmp_path with the real kb.yml, schemas and vocabularies, plus `files`."""
    kb = tmp_path / "kb"
    kb.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "kb" / "kb.yml", kb / "kb.yml")
    shutil.copytree(ROOT / "kb" / "schemas", kb / "schemas", dirs_exist_ok=True)
    shutil.copytree(ROOT / "kb" / "vocabularies", kb / "vocabularies", dirs_exist_ok=True)
    if with_docs:
        shutil.copytree(ROOT / "docs", tmp_path / "docs", dirs_exist_ok=True)
        shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
        shutil.copytree(ROOT / "hooks", tmp_path / "hooks", dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    for rel, content in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return tmp_path


@pytest.fixture
def project(tmp_path):
    """Factory: project({path: text}) -> root of a fresh project."""
    return lambda files, **kw: write_project(tmp_path, files, **kw)


def run_kb(root: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the installed `kb` command in `root`."""
    return subprocess.run([str(BIN / "kb"), *args], cwd=root, capture_output=True, text=True, timeout=120)


def build_site(root: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site_dir), *extra],
                          cwd=root, capture_output=True, text=True, timeout=600, env=env)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real knowledge base built once with `mkdocs build --strict`; the path of the site."""
    site = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


# Browser fixtures (one Chromium per session, shared by every test module that asks for it).
from browser import browser, page, site_url  # noqa: E402,F401
