"""The second engine: the site built with ProperDocs is the site built with MkDocs.

ProperDocs (the maintained fork of MkDocs 1.6) lives in .venv-properdocs/, made by
`make .venv-properdocs/.installed` from requirements/properdocs.txt: build.txt's packages at the
same versions, with properdocs in place of mkdocs. That venv holds no MkDocs at all; the
`properdocs` command answers every `import mkdocs.*` (Material's, mkdocstrings', our
hooks/kb/adapters/mkdocs_hook.py's) with its own modules, so the hook runs unchanged.

Both builds are strict builds of this checkout. They must give the same files, each one the same
byte for byte, with one exception: the generator tag of every HTML page, which names the engine
(`mkdocs-1.6.1, …` against `mkdocs-ProperDocs 1.6.7, …`; hooks/kb/theme/main.html writes
`mkdocs-{{ mkdocs_version }}` and ProperDocs sets mkdocs_version to "ProperDocs <version>"). No
other difference was found, in the pages or in the files beside them (catalog.json, the search
index, the sitemap, the feeds), so none is allowed. The sitemap carries the day of the build,
which the comparison leaves out (so the answer does not depend on the hour the test runs).

`make test` makes the venv first; run alone, this module makes it itself. Only when that
cannot be done (no network for pip, no `make`) does it skip, and never under CI.
"""

from __future__ import annotations

import difflib
import gzip
import os
import re
import shutil
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest

from conftest import ROOT

PD_VENV = ROOT / ".venv-properdocs"
PD_STAMP = ".venv-properdocs/.installed"
GENERATOR = re.compile(r'<meta name="generator" content="([^"]*)">')


def _pinned(package: str) -> str:
    """The version requirements/properdocs.txt pins `package` at."""
    text = (ROOT / "requirements" / "properdocs.txt").read_text(encoding="utf-8")
    match = re.search(rf"^{re.escape(package)}==(\S+)", text, re.MULTILINE)
    assert match, f"requirements/properdocs.txt pins no {package}"
    return match.group(1)


def _no_venv(why: str):
    if os.environ.get("CI"):
        pytest.fail(f"the ProperDocs venv could not be made: {why}")
    pytest.skip(f"the ProperDocs venv could not be made: {why}")


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory) -> Path:
    """This checkout built with `properdocs build --strict`; the path of the site."""
    make = shutil.which("make")
    if make is None:
        _no_venv("no `make` on PATH")
    made = subprocess.run([make, "--no-print-directory", PD_STAMP], cwd=ROOT, capture_output=True, text=True, timeout=900)
    if made.returncode != 0:
        _no_venv(made.stdout[-1500:] + made.stderr[-1500:])
    site = tmp_path_factory.mktemp("site-properdocs")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [str(PD_VENV / "bin" / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_the_properdocs_venv_holds_no_mkdocs(properdocs_site):
    """What built the second site cannot have been MkDocs: its venv has no mkdocs to import
    outside the `properdocs` command, and it has the properdocs and Material the lock file pins."""
    python = str(PD_VENV / "bin" / "python")
    script = (
        "import importlib.metadata as m, importlib.util as u\n"
        "print(u.find_spec('mkdocs'), m.version('properdocs'), m.version('mkdocs-material'))"
    )
    result = subprocess.run([python, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["None", _pinned("properdocs"), _pinned("mkdocs-material")]


def test_both_engines_write_the_same_files(built_site, properdocs_site):
    """The same set of files: every page, asset, search index chunk and download."""
    mkdocs_files, properdocs_files = _files(built_site), _files(properdocs_site)
    assert sum(f.endswith("index.html") for f in mkdocs_files) > 300
    assert sorted(mkdocs_files - properdocs_files) == []
    assert sorted(properdocs_files - mkdocs_files) == []


LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")


def _comparable(path: Path) -> bytes:
    """A file's bytes, but for the sitemap's day of the build (the one thing the date changes)."""
    data = path.read_bytes()
    if path.name == "sitemap.xml.gz":
        data = gzip.decompress(data)
    return LASTMOD.sub(b"", data) if path.name.startswith("sitemap.xml") else data


def test_every_file_is_the_same_but_the_generator_tag(built_site, properdocs_site):
    """Each HTML page has one generator tag naming its engine, and is otherwise the same text;
    every other file is the same bytes."""
    material = version("mkdocs-material")
    assert _pinned("mkdocs-material") == material
    engines = (
        ("MkDocs", built_site, f"mkdocs-{version('mkdocs')}, mkdocs-material-{material}"),
        ("ProperDocs", properdocs_site, f"mkdocs-ProperDocs {_pinned('properdocs')}, mkdocs-material-{material}"),
    )
    differing, first_diff, pages = [], "", 0
    for rel in sorted(_files(built_site) & _files(properdocs_site)):
        a, b = (_comparable(site / rel) for _, site, _ in engines)
        if not rel.endswith(".html"):
            if a != b:
                differing.append(rel)
            continue
        pages += 1
        texts = []
        for name, site, tag in engines:
            text = (site / rel).read_text(encoding="utf-8")
            assert GENERATOR.findall(text) == [tag], f"{rel}, built by {name}"
            texts.append(GENERATOR.sub("", text))
        if texts[0] != texts[1]:
            differing.append(rel)
            first_diff = first_diff or "".join(
                list(difflib.unified_diff(texts[0].splitlines(True), texts[1].splitlines(True), f"MkDocs/{rel}", f"ProperDocs/{rel}", n=1))[
                    :40
                ]
            )
    assert pages > 300
    assert differing == [], first_diff
