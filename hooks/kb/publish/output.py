"""Publishing: the files written beside the built pages, after MkDocs has written the pages.

Last step of the build: `catalog.json` (every fact, machine-readable), the names index the
search page uses for direct hits, Pagefind's search index over the finished HTML, and, when
KB_OFFLINE_ZIP=1, a zip of the whole site with a small server for offline use. Nothing here
knows MkDocs; the hook calls `write_site_files` from `on_post_build`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from kb.render.renderer import Renderer, chunk_file


class PublishError(Exception):
    """A step of publishing failed; the message says which and why."""


def offline_zip(renderer: Renderer) -> str:
    """Where the offline copy is served from, named by the base's `offline_name`."""
    return f"download/{renderer.kb.settings.offline_name}-offline.zip"


def offline_enabled() -> bool:
    """The offline copy is made when KB_OFFLINE_ZIP=1 (the Pages workflow sets it): zipping the
    whole site on every local rebuild would only slow editors down."""
    return os.environ.get("KB_OFFLINE_ZIP") == "1"


def write_site_files(renderer: Renderer, site_dir: Path, offline: bool = False, site_url: str = "", search: bool = True) -> None:
    """Everything the site needs beside its pages (the search index only when `search`)."""
    for rel, data in renderer.data_files(site_url or "/").items():
        path = site_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    catalog = site_dir / "catalog.json"
    catalog.write_text(json.dumps(renderer.catalog(), ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    for lang in renderer.kb.languages:
        folder = site_dir / "names" / lang
        folder.mkdir(parents=True, exist_ok=True)
        for key, rows in renderer.names_index(lang).items():
            (folder / chunk_file(key)).write_text(json.dumps(rows, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        # The language's typography for search excerpts: Pagefind gives them with plain spaces.
        rules = renderer.kb.settings.typography.get(lang, {})
        (folder / "typography.json").write_text(json.dumps(rules, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    if search:
        build_search_index(site_dir)
    if offline:
        kb = renderer.kb
        message = " / ".join(dict.fromkeys(kb.label("offline-serving", lang) for lang in kb.languages))
        write_offline_copy(site_dir, site_dir / offline_zip(renderer), kb.settings.offline_name, message)


IGNORED = ("sup.kb-cite", "a.headerlink")  # what Pagefind leaves out of every page


def build_search_index(site_dir: Path) -> None:
    """Index the built pages with Pagefind (stemming by each page's language, index split in chunks).

    Pagefind ships as a binary inside its Python wheel, so the index is built with no download.
    """
    # Citation marks and headings' permanent links are not words (indexed, «зоны²³» would be the
    # word «зоны23» in excerpts): named here once rather than marked on each of them in every page.
    ignored = [arg for selector in IGNORED for arg in ("--exclude-selectors", selector)]
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent", *ignored], capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0:
        raise PublishError(f"building the search index failed: {(result.stderr or result.stdout).strip()[-2000:]}")
    # Pagefind lists the languages in hash-map order, which changes from run to run; sorted, two
    # builds of one commit give the same file (tests/test_hostile.py compares them byte for byte).
    entry = site_dir / "pagefind" / "pagefind-entry.json"
    if entry.exists():
        data = json.loads(entry.read_text(encoding="utf-8"))
        entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True), encoding="utf-8")


def write_offline_copy(site_dir: Path, out: Path, folder: str, message: str = "Serving at {url}") -> None:
    """Zip the built site with a small server script, so the site and its search work without a network."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(Path(__file__).with_name("offline_serve.py"), f"{folder}/serve.py")
        archive.writestr(f"{folder}/serving.txt", message)
        for path in sorted(site_dir.rglob("*")):
            if path.is_file() and path != tmp and out.parent not in path.parents and not path.name.startswith("."):
                archive.write(path, f"{folder}/site/{path.relative_to(site_dir).as_posix()}")
    tmp.replace(out)
