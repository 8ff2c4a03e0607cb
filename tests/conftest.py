"""Shared fixtures: throw-away knowledge bases written from a {path: text} dict, and one strict
build of the real site per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests: `make test` (and CI) use the derandomised `ci` profile, so every run tries the
# same examples and gives the same answer; `make fuzz` sets HYPOTHESIS_PROFILE=fuzz for a long
# randomised search.
_SLOW_FIXTURES = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
settings.register_profile("ci", derandomize=True, max_examples=40, deadline=None, suppress_health_check=_SLOW_FIXTURES, database=None)
settings.register_profile("fuzz", max_examples=3000, deadline=None, suppress_health_check=_SLOW_FIXTURES)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# The sample base the engine's tests run on: its settings, schemas, vocabularies and maps, home
# pages and mkdocs.yml (the entries are tests/sample_kb.py). It is the tests' own, so whoever
# replaces kb/, docs/ or mkdocs.yml keeps the engine's tests as they are.
SAMPLE = Path(__file__).resolve().parent / "sample"

# The tests of this knowledge base's content and of this repository (the real kb/, docs/,
# mkdocs.yml, its built site, its workflows), rather than of the engine: marked `content`, here
# and nowhere else. `pytest -m "not content"` runs the engine's tests alone; `make test` runs both.
# A test that asks for the real built site (the built_site fixture) is a content test wherever it is.
CONTENT_FILES = {
    "test_real_kb.py",
    "test_russian_pages.py",
    "test_source_titles.py",
    "test_search_answers.py",
    "test_terms.py",
    "test_workbooks.py",
    "test_browser.py",
    "test_reader.py",
    "test_layout.py",
    "test_second_engine.py",
    "test_workflows.py",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        name = item.path.name
        if name in CONTENT_FILES or "built_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.content)


def write_project(tmp_path: Path, files: dict[str, str | bytes], with_docs: bool = False) -> Path:
    """A project in tmp_path with the sample base's kb.yml, schemas, vocabularies and maps
    (tests/sample/), plus `files`; with_docs adds its home pages, mkdocs.yml and the engine."""
    shutil.copytree(SAMPLE / "kb", tmp_path / "kb", dirs_exist_ok=True)
    if with_docs:
        shutil.copytree(SAMPLE / "docs", tmp_path / "docs", dirs_exist_ok=True)
        shutil.copy(SAMPLE / "mkdocs.yml", tmp_path / "mkdocs.yml")
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


def checked(root: Path, today: str | None = None):
    """The checked knowledge base of a project, as the build and `kb check` see it."""
    import datetime as dt

    from kb.check.entries import check_kb
    from kb.read.load import load_kb

    return check_kb(load_kb(root), today=dt.date.fromisoformat(today) if today else None)


def pipeline(root: Path, today: str = "2026-11-28"):
    """Everything the build makes from kb/, short of MkDocs: the checked base, every generated
    page, the navigation, catalog.json and the names index. Returns (kb, {uri: markdown})."""
    import datetime as dt
    import json

    from kb.render.renderer import Renderer

    kb = checked(root, today)
    renderer = Renderer(kb, today=dt.date.fromisoformat(today))
    pages = {made.uri: made.markdown for made in renderer.pages()}
    for lang in kb.languages:
        renderer.nav(lang)
        json.dumps(renderer.names_index(lang))
    json.dumps(renderer.catalog())
    return kb, pages


def problems_of(root: Path, today: str, only: set[str] | None = None) -> list:
    """Every problem `kb check` reports for a project (limited to the files in `only`)."""
    return [p for p in checked(root, today).problems if only is None or p.path in only]


def run_kb(root: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the installed `kb` command in `root`."""
    return subprocess.run([str(BIN / "kb"), *args], cwd=root, capture_output=True, text=True, timeout=120)


def build_site(root: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site_dir), *extra],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real knowledge base built once with `mkdocs build --strict`; the path of the site."""
    site = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


# Browser fixtures (one Chromium per session, shared by every test module that asks for it).
from browser import browser, page, site_url  # noqa: E402,F401
