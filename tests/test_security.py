"""Contributor content cannot run script, send readers away, take over the theme, or leak files.

Each vector found in review is tried three ways where it applies: the exact located error from
`kb check`, the build (strict fails; nothing planted reaches `site/`), and, for what a reader
would meet, Chromium on a preview build: no planted script runs and the page stays on its origin.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from browser import serve
from conftest import build_site, problems_of, run_kb, write_project
from sample_kb import FILES, TODAY, ZONE

Z = "kb/zones/avangard.md"
TYPE = "kb/sez-types/industrial-production.md"


def with_body(text: str) -> dict:
    return {Z: ZONE.replace("## Overview\n", "## Overview\n\n" + text + "\n", 1)}


def line_of(files: dict, path: str, needle: str) -> int:
    return files[path].split("\n").index(needle) + 1


BODY_VECTORS = {
    # A parser trick: a browser reads a script element here; the old pattern did not.
    "script-parser-trick": ('<script a=< src="../../assets/x.js"></script>', "<script> is not allowed in an entry"),
    "meta-in-div-backticks": (
        '<div>\n`<meta http-equiv="refresh" content="0; url=https://example.org/">`\n</div>',
        "<meta> is not allowed in an entry",
    ),
    "theme-config-id": (
        '<div id="__config">{"base": "https://example.org/"}</div>',
        "the id '__config' is reserved for the site's own elements; choose another",
    ),
    "search-attribute": (
        "## Hidden {: data-pagefind-ignore=all }",
        "the attribute 'data-pagefind-ignore' on <h2> is not allowed in an entry",
    ),
    "META-upper-case": (
        '<div>\n<META HTTP-EQUIV="refresh" CONTENT="0; url=https://example.org/">\n</div>',
        "<meta> is not allowed in an entry",
    ),
    "form": ('<form action="https://example.org/"><input name="q"></form>', "<form> is not allowed in an entry"),
    "style": ("<style>body{display:none}</style>", "<style> is not allowed in an entry"),
}


@pytest.mark.parametrize("text,message", BODY_VECTORS.values(), ids=list(BODY_VECTORS))
def test_body_markup_the_sanitiser_removes_is_a_located_error(project, text, message):
    """Markup in an entry's text that the sanitiser would remove is an error on its line."""
    files = {**FILES, **with_body(text)}
    found = [p for p in problems_of(project(files), TODAY) if p.message == message]
    assert found and found[0].path == Z
    first = text.split("\n")[0]
    assert found[0].line >= line_of(files, Z, first)


def test_sanitiser_removes_what_contributors_may_not_write():
    """The allow-list keeps text markup and drops script, meta, forms, handlers, theme ids, data- and code links."""
    from kb.check.sanitise import CONTENT, PAGE, clean

    html = (
        '<p onclick="x()">a<script>alert(1)</script><meta http-equiv="refresh" content="0">'
        '<a href="javascript:alert(1)">j</a><a href="https://example.org/">e</a></p>'
        '<div id="__config" data-pagefind-ignore="all">b</div><form><input></form><img src="x.png" alt="x" onerror="y()">'
    )
    out = clean(html, CONTENT)
    assert out == ('<p>a<a>j</a><a href="https://example.org/" rel="noopener noreferrer">e</a></p><div>b</div><img src="x.png" alt="x">')
    assert 'data-pagefind-ignore="all"' in clean('<div data-pagefind-ignore="all">b</div>', PAGE)  # the engine's own


LABEL_VECTORS = {
    "site-name": (
        "  site-name: {en: SEZ Leaders Knowledge Base, ru: База знаний «Лидеры ОЭЗ»}",
        '  site-name: {en: "<meta http-equiv=refresh content=0;url=https://example.org/>", ru: База знаний «Лидеры ОЭЗ»}',
    ),
    "compare-with": (
        "  compare-with: {en: Compare with other zones, ru: Сравнить с другими зонами}",
        '  compare-with: {en: "<b onmouseover=x()>Compare</b>", ru: Сравнить с другими зонами}',
    ),
}


@pytest.mark.parametrize("old,new", LABEL_VECTORS.values(), ids=list(LABEL_VECTORS))
def test_markup_in_a_label_is_a_located_error(project, old, new):
    """A label of kb.yml holding markup is refused on its line; the default label is used instead."""
    root = project(FILES)
    text = (root / "kb/kb.yml").read_text()
    assert old in text
    (root / "kb/kb.yml").write_text(text.replace(old, new), encoding="utf-8")
    line = text.split("\n").index(old) + 1
    problems = problems_of(root, TODAY)
    assert [(p.path, p.line, p.rule) for p in problems] == [("kb/kb.yml", line, "bad-format")]
    assert "must be plain text, without < or >" in problems[0].message


def test_markup_in_a_vocabulary_label_or_unit_is_refused(project):
    """Vocabulary labels and schema units are plain text too."""
    root = project(FILES)
    vocab = root / "kb/vocabularies/zone-statuses.yml"
    vocab.write_text(vocab.read_text().replace("ru: Прекращена досрочно}", 'ru: "<img src=x onerror=alert(1)>"}'), encoding="utf-8")
    schema = root / "kb/schemas/zones.schema.yml"
    schema.write_text(schema.read_text().replace("x-unit: {en: ha, ru: га}", 'x-unit: {en: ha, ru: "<b>га</b>"}'), encoding="utf-8")
    rules = sorted((p.path, p.rule) for p in problems_of(root, TODAY))
    assert rules == [("kb/schemas/zones.schema.yml", "bad-format"), ("kb/vocabularies/zone-statuses.yml", "bad-format")]


def test_title_cannot_set_attributes_or_break_the_catalogue(project, tmp_path):
    """A title ending in an attribute list, or holding a comment opener, stays text: the page keeps
    Material's one __config, and the catalogue keeps every row and its filters."""
    files = {
        **FILES,
        Z: ZONE.replace("title: Avangard", 'title: "Avangard {: #__config }"'),
        TYPE: FILES[TYPE].replace("title: Industrial-production zone", 'title: "Industrial <!--<script/ zone"'),
    }
    root = project(files, with_docs=True)
    result = build_site(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    page = (tmp_path / "site/zones/avangard/index.html").read_text()
    assert page.count('id="__config"') == 1
    catalogue = (tmp_path / "site/zones/index.html").read_text()
    assert "<!--" not in catalogue.split("<article")[1] and 'class="kb-filter-data"' in catalogue
    assert catalogue.count("<tr>") == 2  # the header and the zone


@pytest.fixture
def docs_project(tmp_path):
    root = write_project(tmp_path / "p", FILES, with_docs=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("SECRET-FILE")
    return root, outside


def test_docs_holds_only_pages(docs_project, tmp_path):
    """HTML, SVG and scripts in docs/ and symlinks to outside files, folders or /proc are errors
    that name the file, and none of them reaches site/."""
    root, outside = docs_project
    docs = root / "docs"
    (docs / "anything.html").write_text("<script>alert(1)</script>")
    (docs / "anything.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    (docs / "assets").mkdir(exist_ok=True)
    (docs / "assets/x.js").write_text("alert(1)")
    (docs / "secret.md").symlink_to(outside / "secret.txt")
    (docs / "outside").symlink_to(outside, target_is_directory=True)
    (docs / "environ.md").symlink_to("/proc/self/environ")
    (docs / "api/evil.md").write_text("# x\n\n<script>alert(1)</script>\n")
    result = _build_with_env(root, tmp_path / "site", {"KB_PLANTED_SECRET": "SECRET-ENV"})
    for name, why in [
        ("anything.html", "only Markdown pages"),
        ("anything.svg", "only Markdown pages"),
        ("assets/x.js", "only Markdown pages"),
        ("secret.md", "symbolic links"),
        ("environ.md", "symbolic links"),
        ("outside/secret.txt", "symbolic links"),
        ("api/evil.md", "an engine reference page must be exactly the stub"),
    ]:
        assert re.search(rf"kb: docs/{re.escape(name)}: {why}", result.stderr), name
    site = tmp_path / "site"
    assert [p for p in site.rglob("*") if p.is_file() and b"SECRET-" in p.read_bytes()] == []
    assert [
        n for n in ["anything.html", "anything.svg", "assets/x.js", "secret", "outside", "environ", "api/evil"] if (site / n).exists()
    ] == []


def _build_with_env(root: Path, site: Path, env: dict):
    import subprocess
    import sys

    return subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "--no-strict", "--site-dir", str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
    )


def test_docs_page_markup_and_code_links_are_errors_not_crashes(docs_project, tmp_path):
    """A docs/ page with a meta refresh, a javascript: link, an attribute list setting href, and a
    front-matter title with markup: strict build fails with located messages and no traceback;
    the preview's HTML has none of them."""
    root, _ = docs_project
    (root / "docs/vectors.md").write_text(
        '---\ntitle: "<meta http-equiv=refresh content=0;url=https://example.org/>"\n---\n# Vectors\n\n'
        '<meta http-equiv="refresh" content="0; url=https://example.org/">\n\n'
        "[go](javascript:alert(1)) and [data](data:text/html,x) and [attr](https://example.org/){: href=javascript:alert(2) }\n"
    )
    strict = build_site(root, tmp_path / "strict")
    assert strict.returncode != 0 and "Traceback" not in strict.stderr and "AssertionError" not in strict.stderr
    assert "kb: docs/vectors.md: <meta> is not allowed in a page" in strict.stderr
    assert "kb: vectors.md: the address 'javascript:alert(1)' is removed: it would run code" in strict.stderr
    preview = build_site(root, tmp_path / "preview", "--no-strict")
    assert preview.returncode == 0, preview.stderr[-2000:]
    html = (tmp_path / "preview/vectors/index.html").read_text()
    assert "javascript:" not in html and "data:text/html" not in html and 'http-equiv="refresh"' not in html.lower()
    assert "&lt;meta http-equiv=refresh" in html  # the title shows as text


def test_kb_as_a_symlink_and_outside_outline_are_refused(tmp_path):
    """kb/ itself as a symlink, the map outline as a symlink, and an outline path leaving kb/ are errors."""
    real = write_project(tmp_path / "real", FILES)
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "kb").symlink_to(real / "kb", target_is_directory=True)
    assert [p.format() for p in problems_of(linked, TODAY)] == [
        "kb:1:1: error [symlink] kb/ is a symbolic link; it must be a folder of the project"
    ]
    land = real / "kb/maps/land.geojson"
    (tmp_path / "land.geojson").write_bytes(land.read_bytes())
    land.unlink()
    land.symlink_to(tmp_path / "land.geojson")
    assert any("views[2].outline 'maps/land.geojson' is a symbolic link" in p.message for p in problems_of(real, TODAY))
    text = (real / "kb/kb.yml").read_text().replace("outline: maps/land.geojson", "outline: ../../land.geojson")
    (real / "kb/kb.yml").write_text(text)
    assert any("views[2].outline must name a file in one of the data folders (maps)" in p.message for p in problems_of(real, TODAY))


def test_file_names_cannot_write_workflow_commands_or_terminal_escapes(project):
    """A file name with a newline, '::warning' or ',line=99,title=X', or an ESC character, is
    printed escaped: one annotation per problem, and nothing the terminal acts on."""
    root = project(FILES)
    evil = root / "kb/zones" / "x\n::warning file=a::owned,line=99,title=X\x1b[31m.md"
    evil.write_text(ZONE)
    result = run_kb(root, "check", "--format", "github", "--today", TODAY)
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "::error file=kb/zones/x\\n%3A%3Awarning file=a%3A%3Aowned%2Cline=99%2Ctitle=X\\x1b[31m.md,line=1,col=1,title=kb check::"
    )
    text = run_kb(root, "check", "--today", TODAY).stdout
    assert "\x1b" not in text and "x\\n::warning" in text


def test_browser_runs_no_planted_script_and_stays_on_the_site(tmp_path, browser):
    """In Chromium, the preview of a base with every body vector planted runs none of them and
    stays on its own origin."""
    files = {
        **FILES,
        **with_body(
            "\n\n".join(text for text, _ in BODY_VECTORS.values())
            + '\n\n<img src="x.png" alt="x" onerror="window.kbOwned=1">\n\n[j](javascript:window.kbOwned=2)'
        ),
    }
    root = write_project(tmp_path / "p", files, with_docs=True)
    (root / "docs/assets").mkdir(exist_ok=True)
    (root / "docs/assets/x.js").write_text("window.kbOwned = 3;")
    result = build_site(root, tmp_path / "site", "--no-strict")
    assert result.returncode == 0, result.stderr[-2000:]
    server, url = serve(tmp_path / "site")
    try:
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in ["zones/avangard/", "ru/zones/avangard/", "zones/"]:
            page.goto(url + path)
            page.wait_for_timeout(1200)
            assert page.url == url + path, f"{path} sent the reader to {page.url}"
            assert page.evaluate("window.kbOwned === undefined")
            page.click("a:text('j')") if path == "zones/avangard/" else None
            assert page.evaluate("window.kbOwned === undefined")
        assert dialogs == []
        page.close()
    finally:
        server.shutdown()
