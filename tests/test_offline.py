"""The offline copy: a zip of the built site with a small server, whose search works with no network."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile

from conftest import build_site
from sample_kb import FILES


def test_offline_copy_serves_the_site_and_its_search(project, tmp_path, browser):
    """Built with KB_OFFLINE_ZIP=1, the site offers a zip; unzipped anywhere, serve.py serves it and search finds entries."""
    root = project(FILES, with_docs=True)
    site = tmp_path / "site"
    env_before = os.environ.get("KB_OFFLINE_ZIP")
    os.environ["KB_OFFLINE_ZIP"] = "1"
    try:
        result = build_site(root, site)
    finally:
        if env_before is None:
            del os.environ["KB_OFFLINE_ZIP"]
        else:
            os.environ["KB_OFFLINE_ZIP"] = env_before
    assert result.returncode == 0, result.stderr
    home = (site / "ru" / "index.html").read_text()
    assert 'href="../download/sez-kb-offline.zip" download>Скачать для работы без сети' in home
    with zipfile.ZipFile(site / "download" / "sez-kb-offline.zip") as archive:
        names = archive.namelist()
        assert "sez-kb/serve.py" in names and "sez-kb/site/index.html" in names
        assert not any(n.startswith("sez-kb/site/download/") for n in names)
        archive.extractall(tmp_path / "unzipped")
    server = subprocess.Popen(
        [sys.executable, str(tmp_path / "unzipped" / "sez-kb" / "serve.py"), "--port", "0", "--no-browser"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        url = re.search(r"http://127\.0\.0\.1:\d+/", server.stdout.readline()).group(0)
        context = browser.new_context()
        outside = []
        context.route(
            "**/*",
            lambda route: route.continue_() if route.request.url.startswith(url) else (outside.append(route.request.url), route.abort()),
        )
        page = context.new_page()
        page.goto(url + "ru/search/?q=займы")
        page.wait_for_selector(".kb-result-link", timeout=15000)
        links = page.eval_on_selector_all(".kb-result-link", "els => els.map(e => e.getAttribute('href'))")
        assert any("/ru/measures/frp-loans/" in link for link in links)
        assert outside == []
        context.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
