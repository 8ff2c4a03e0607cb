"""The built site works under a project sub-path, as GitHub Pages serves it: every internal link
found from the home pages resolves, and none leaves the sub-path.

The sub-path is read from `site_url` in mkdocs.yml, the one setting that names it.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from functools import partial
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import urlopen

import pytest

from conftest import SAMPLE, build_site, write_project
from sample_kb import FILES

SITE_URL = re.search(r"^site_url:\s*(\S+)", (SAMPLE / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE).group(1)
SUB_PATH = urlsplit(SITE_URL).path  # "/sez-kb/"
MAX_PAGES = 400


class SubPathHandler(BaseHTTPRequestHandler):
    """Serves `site` at SUB_PATH only, like a project site on GitHub Pages; 404 everywhere else."""

    def __init__(self, *args, site: Path, **kwargs):
        self.site = site
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if not path.startswith(SUB_PATH):
            return self.send_error(404)
        target = (self.site / path[len(SUB_PATH) :]).resolve()
        if not target.is_relative_to(self.site):
            return self.send_error(404)
        if target.is_dir():
            if not path.endswith("/"):  # GitHub Pages redirects a folder to its slash form
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.end_headers()
                return None
            target = target / "index.html"
        if not target.is_file():
            return self.send_error(404)
        body = target.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8" if target.suffix == ".html" else "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def log_message(self, *args) -> None:  # keep the test output quiet
        pass


class LinkParser(HTMLParser):
    """Every href and src of a page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def serve(site: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SubPathHandler, site=site.resolve()))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def crawl(site: Path) -> tuple[int, list[str], list[str]]:
    """Follow internal links breadth-first from each language's home page and the 404 page.

    Returns (pages crawled, broken links, links that leave the sub-path), each link as
    'target (from page)'. Absolute links to `site_url` are followed on the local server.
    """
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        # The 404 page too: Pages serves it at any missing address, so its links must hold anywhere.
        queue = deque((f"{base}{SUB_PATH}{start}", "start") for start in ("", "ru/", "404.html"))
        seen = {url for url, _ in queue}
        broken, escaping = [], []
        pages = 0
        while queue and pages < MAX_PAGES:
            url, source = queue.popleft()
            try:
                with urlopen(url, timeout=10) as response:
                    body = response.read()
                    is_html = response.headers.get("Content-Type", "").startswith("text/html")
            except HTTPError as err:
                broken.append(f"{url[len(base) :]} -> {err.code} (from {source})")
                continue
            if not is_html:
                continue
            pages += 1
            parser = LinkParser()
            parser.feed(body.decode("utf-8"))
            for link in parser.links:
                if link.startswith(SITE_URL.rstrip("/")):
                    link = base + SUB_PATH + link[len(SITE_URL) :]
                target = urljoin(url, link)
                parts = urlsplit(target)
                if parts.scheme not in ("http", "https"):
                    continue  # mailto:, javascript: are not pages
                if parts.netloc == urlsplit(SITE_URL).netloc:
                    escaping.append(f"{link} (from {url[len(base) :]})")  # the site's host, outside its sub-path
                    continue
                if f"{parts.scheme}://{parts.netloc}" != base:
                    continue  # another site
                if not parts.path.startswith(SUB_PATH):
                    escaping.append(f"{link} (from {url[len(base) :]})")
                    continue
                clean = f"{base}{parts.path}"
                if clean not in seen:
                    seen.add(clean)
                    queue.append((clean, url[len(base) :]))
        return pages, broken, escaping
    finally:
        server.shutdown()
        server.server_close()


def assert_site_works_under_sub_path(site: Path, min_pages: int) -> None:
    pages, broken, escaping = crawl(site)
    assert broken == []
    assert escaping == []
    assert pages >= min_pages


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    """The small sample knowledge base with the real docs/, mkdocs.yml and hooks/, built strictly."""
    root = write_project(tmp_path_factory.mktemp("project"), FILES, with_docs=True)
    site = root / "site"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def test_server_serves_only_the_sub_path(sample_site):
    """The test server itself 404s outside the sub-path and for missing pages, like Pages would."""
    server = serve(sample_site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        for path, code in [(SUB_PATH, 200), ("/", 404), ("/index.html", 404), (f"{SUB_PATH}no-such-page/", 404)]:
            try:
                with urlopen(base + path, timeout=10) as response:
                    status = response.status
            except HTTPError as err:
                status = err.code
            assert (path, status) == (path, code)
    finally:
        server.shutdown()
        server.server_close()


def test_sample_site_works_under_sub_path(sample_site):
    """Every internal link of a site built from the sample knowledge base resolves under the sub-path."""
    assert_site_works_under_sub_path(sample_site, min_pages=30)


def test_real_site_works_under_sub_path(built_site):
    """Every internal link of the real site, found from both home pages, resolves under the sub-path."""
    assert_site_works_under_sub_path(built_site, min_pages=20)


def test_report_link_on_entry_and_hand_written_pages_only(sample_site):
    """Entry and docs pages link to the prefilled issue form naming the page; catalogues and 404 do not."""
    link = (
        '<a href="https://github.com/sez-leaders/sez-kb/issues/new?template=fact-wrong.yml&amp;title=Error+on+page%3A+'
        '%D0%90%D0%B2%D0%B0%D0%BD%D0%B3%D0%B0%D1%80%D0%B4&amp;page=https%3A%2F%2Fsez-leaders.github.io%2Fsez-kb%2Fru%2Fzones%2Favangard%2F"'
        ' rel="nofollow noopener" lang="ru">Сообщить об ошибке на этой странице</a>'
    )
    assert link in (sample_site / "ru/zones/avangard/index.html").read_text(encoding="utf-8")
    assert ">Report an error on this page</a>" in (sample_site / "zones/avangard/index.html").read_text(encoding="utf-8")
    assert ">Report an error on this page</a>" in (sample_site / "index.html").read_text(encoding="utf-8")
    for page in ["zones/index.html", "editors/index.html", "404.html"]:
        assert "kb-report" not in (sample_site / page).read_text(encoding="utf-8"), page
