"""The preview equals a fresh build: after each kind of edit, every page and every file beside the
pages that `mkdocs serve --dirty` (what `make serve` runs) gives is the one a fresh build of the
same files makes, and a page whose source is gone answers 404.

One server runs for the whole sequence of edits, as an editor's does. The search index is left
out of the comparison on purpose: after an edit to one entry's text the preview keeps the index it
has (README, "make serve").
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import BIN, SAMPLE, write_project
from sample_kb import FILES, MEASURE, MEASURE_RU

SITE_URL = re.search(r"^site_url:\s*(\S+)", (SAMPLE / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
# The preview's reload script, which the server puts before </body> of every page it sends.
LIVERELOAD = re.compile(rb"<script>\s*var livereload = .*?</script>(?=</body>)", re.S)
SUB_PATH = re.sub(r"^https?://[^/]+", "", SITE_URL)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Preview:
    """`mkdocs serve --dirty` in a project, with its log read as it comes."""

    def __init__(self, root: Path):
        self.root, self.port = root, free_port()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        self.proc = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "--dirty", "--no-strict", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for_builds(1)

    def _read(self):
        for line in self.proc.stdout:
            self.log.append(line)

    def builds(self) -> int:
        return sum("Documentation built in" in line for line in self.log)

    def wait_for_builds(self, count: int, limit: float = 180) -> None:
        end = time.monotonic() + limit
        while self.builds() < count:
            assert self.proc.poll() is None, "".join(self.log[-40:])
            assert time.monotonic() < end, "the preview did not rebuild:\n" + "".join(self.log[-40:])
            time.sleep(0.1)
        # The server answers once the build has ended and the "Serving on" line is out.
        while not any("Serving on" in line for line in self.log):
            time.sleep(0.1)

    def get(self, rel: str) -> tuple[int, bytes]:
        """A file as the preview serves it, without the reload script it adds to every page."""
        url = f"http://127.0.0.1:{self.port}{SUB_PATH}{rel}"
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                return response.status, LIVERELOAD.sub(b"", response.read())
        except urllib.error.HTTPError as err:
            return err.code, b""

    def reloads(self) -> int:
        return sum("Reloading browsers" in line for line in self.log)

    def edit(self, change, limit: float = 180) -> None:
        """Make one change to the project's files and wait for the rebuild it starts to end (the
        server says so, built or not: a failed rebuild then shows as pages that differ)."""
        before = self.reloads()
        time.sleep(1.1)  # file times have a resolution the watcher compares in; keep edits apart
        change(self.root)
        end = time.monotonic() + limit
        while self.reloads() <= before:
            assert self.proc.poll() is None, "".join(self.log[-40:])
            assert time.monotonic() < end, "the preview did not rebuild:\n" + "".join(self.log[-40:])
            time.sleep(0.1)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def fresh_build(root: Path, site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--no-strict", "--site-dir", str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def compared_files(site: Path) -> list[str]:
    """Every file of a fresh build that the preview must give the same: the pages and the files
    beside them (downloads, tool data, feeds, catalog.json, the names index), but not the search
    index, the sitemap (the day it was made), the theme's own unchanged assets, or mkdocstrings'
    objects.inv (an inventory for other sites' cross-references, of the pages rendered in that
    build: under --dirty, of the changed ones)."""
    out = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if (
            not path.is_file()
            or rel.startswith(("pagefind/", "assets/javascripts/", "assets/stylesheets/", "assets/images/"))
            or rel.startswith("sitemap.xml")
            or rel == "objects.inv"
        ):
            continue
        out.append(rel)
    return out


def as_published(data: bytes, port: int) -> bytes:
    """A served file with the preview's own address (MkDocs serves under it) put back to the
    site's, written out and URL-encoded."""
    served = f"http://127.0.0.1:{port}{SUB_PATH}"
    for old, new in ((served, SITE_URL), (quote(served, safe=""), quote(SITE_URL, safe=""))):
        data = data.replace(old.encode(), new.encode())
    return data


def differing(preview: Preview, site: Path, port: int) -> list[str]:
    out = []
    for rel in compared_files(site):
        status, data = preview.get(rel)
        expected = site.joinpath(rel).read_bytes()
        if status != 200 or as_published(data, port) != expected:
            out.append(rel)
    return out


def replace_in(rel: str, old: str, new: str):
    def change(root: Path):
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def add_measure(root: Path):
    (root / "kb/measures/frp-grants.md").write_text(MEASURE.replace("title: FRP loans", "title: FRP grants"), encoding="utf-8")
    (root / "kb/measures/frp-grants.ru.md").write_text(MEASURE_RU.replace("title: Займы ФРП", "title: Гранты ФРП"), encoding="utf-8")


def delete_measure(root: Path):
    (root / "kb/measures/frp-grants.md").unlink()
    (root / "kb/measures/frp-grants.ru.md").unlink()


def rename_zone(root: Path):
    for suffix in (".md", ".ru.md"):
        (root / f"kb/zones/avangard{suffix}").rename(root / f"kb/zones/avangard-omsk{suffix}")
    for rel in ("kb/regions/omsk.md", "kb/regions/omsk.ru.md"):
        replace_in(rel, "../zones/avangard.md", "../zones/avangard-omsk.md")(root)


# Each kind of edit an editor makes, in the order one session of editing might make them. The
# ones marked with a page that must be gone check that the preview answers 404 there.
EDITS = [
    ("body", replace_in("kb/zones/avangard.md", "An industrial zone in", "A manufacturing zone in"), None),
    ("fact", replace_in("kb/zones/avangard.md", "residents: {value: 10,", "residents: {value: 14,"), None),
    ("key field", replace_in("kb/regions/omsk.md", "code: RU-OMS", "code: RU-TYU"), None),
    ("translation", replace_in("kb/zones/avangard.ru.md", "title: Авангард", "title: Авангард (Омск)"), None),
    ("new entry", add_measure, None),
    ("deleted entry", delete_measure, "measures/frp-grants/"),
    ("renamed entry", rename_zone, "zones/avangard/"),
    ("kb.yml", replace_in("kb/kb.yml", "site-name: {en: SEZ Leaders Knowledge Base,", "site-name: {en: SEZ Leaders Base,"), None),
    (
        "vocabulary label",
        replace_in("kb/vocabularies/zone-statuses.yml", "operating: {en: Operating,", "operating: {en: In operation,"),
        None,
    ),
]


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    root = write_project(tmp_path_factory.mktemp("preview"), FILES, with_docs=True)
    server = Preview(root)
    yield server
    server.stop()


def test_the_preview_equals_a_fresh_build_after_every_kind_of_edit(preview, tmp_path):
    """Fails on an engine that reuses a page, a navigation or a file beside the pages across
    an edit it depends on (the region's code, a label in kb.yml, a deleted entry...)."""
    report = {}
    for number, (kind, change, gone) in enumerate(EDITS):
        preview.edit(change)
        site = tmp_path / f"fresh-{number}"
        fresh_build(preview.root, site)
        stale = differing(preview, site, preview.port)
        if gone is not None:
            assert not (site / gone / "index.html").exists()
            status, _ = preview.get(f"{gone}index.html")
            if status != 404:
                stale.append(f"{gone} answers {status}")
        if stale:
            report[kind] = stale
    assert report == {}
