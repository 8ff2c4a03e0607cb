"""Browser fixtures: the built site served on 127.0.0.1 and Debian's Chromium driven by Playwright.

The tests skip only when Chromium or Playwright is truly absent on a developer's machine; in CI
(`CI` set) their absence is a failure, since `.ci/run` installs them.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Debian's Chromium here and in .ci/run; GitHub's Ubuntu runners have Google Chrome instead,
# which the pull-request workflow names through KB_CHROMIUM.
CHROMIUM = os.environ.get("KB_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
# The real site's own sub-path ("/sez-kb/"), under which GitHub Pages serves it: from mkdocs.yml's
# site_url (the root where it names none), for the content tests' site_url fixture.
_SITE = re.search(r"^site_url:\s*(\S+)", (Path(__file__).parent.parent / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE)
SITE_URL = _SITE.group(1) if _SITE else "http://127.0.0.1/"
SUB_PATH = urlsplit(SITE_URL).path
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def require_browser():
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("playwright is not installed")
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            raise RuntimeError(f"Chromium not found at {CHROMIUM}; .ci/run installs it")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


def serve(directory: Path):
    """Serve a folder on a free loopback port in a thread; returns (server, base URL)."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site as GitHub Pages serves it: under its sub-path, unknown addresses answered with 404.html."""
    server, url = serve_sub_path(built_site, SUB_PATH)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, site_url):
    """A fresh page that records every request leaving the site's origin, and console errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.outside = []
    page.console_errors = []

    def check(route):
        url = route.request.url
        if url.startswith(site_url) or url.startswith("data:") or url.startswith("blob:"):
            route.continue_()
        else:
            page.outside.append(url)
            route.abort()

    context.route("**/*", check)
    page.on("console", lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None)
    yield page
    assert page.outside == [], f"requests left the site's origin: {page.outside}"
    context.close()


def screenshot(page, name: str):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


class SubPathSite(http.server.SimpleHTTPRequestHandler):
    """The site under its project sub-path, as GitHub Pages serves it: 404.html for any address
    that has no page (the 404 page then decides the reader's language from the address)."""

    sub_path = "/"

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        if not path.startswith(self.sub_path):
            return "/nonexistent"
        return super().translate_path("/" + path[len(self.sub_path) :])

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


def serve_sub_path(directory: Path, sub_path: str):
    """Serve a built site at `sub_path` (e.g. "/sez-kb/"); returns (server, base URL with the sub-path)."""
    handler = type("Handler", (SubPathSite,), {"sub_path": sub_path})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{sub_path}"
