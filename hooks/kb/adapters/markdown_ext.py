"""Markdown to HTML on every page: the HTML a browser receives passes an allow-list sanitiser.

A Python-Markdown extension, registered under `markdown_extensions:` in mkdocs.yml, so MkDocs
runs it on every page: the hand-written pages of docs/ and the pages `kb.render.renderer` generates.
It imports nothing from MkDocs; for the location in its messages it reads, when present, the
file that MkDocs' own `relpath` treeprocessor is rendering.

- `CodeLinks` (a treeprocessor) logs an error for every link or image whose address could run
  code (`javascript:`, `vbscript:`, `data:`); `mkdocs build --strict` then fails. The address is
  left for the sanitiser to drop, so MkDocs' own link handling still sees a link.
- `MarkedSections` (a preprocessor) writes '<![' that opens no CDATA section as text, before
  MkDocs hands the page to Python's HTML parser, which raises on it.
- `Sanitiser` (a postprocessor, last of all) passes the page's HTML through `kb.check.sanitise.clean`.
  On a hand-written page it first logs an error for everything the contributors' policy would
  remove. The engine reference pages (docs/api/, made by mkdocstrings from the engine's own
  docstrings) are left as they are; `kb.adapters.mkdocs_hook` allows only the one-line stubs there.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from kb.check.sanitise import CONTENT, PAGE, clean, removals
from kb.core.text import MARKED_SECTION
from kb.core.text import url_scheme as scheme

log = logging.getLogger("mkdocs.plugins.kb")  # under "mkdocs": counted by --strict

_CODE_SCHEMES = {"javascript", "vbscript", "data"}


def _file(md: Markdown):
    try:
        return md.treeprocessors["relpath"].file
    except (KeyError, AttributeError):
        return None


def _source(md: Markdown) -> str:
    file = _file(md)
    return getattr(file, "src_uri", "") or "a page"


class CodeLinks(Treeprocessor):
    """Links and images that would run code are errors (the sanitiser removes their address)."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            attr = {"a": "href", "img": "src"}.get(element.tag)
            url = element.get(attr) if attr else None
            if url is not None and scheme(url) in _CODE_SCHEMES:
                log.error(f"kb: {_source(self.md)}: the address {url[:60]!r} is removed: it would run code")


class Sanitiser(Postprocessor):
    """Every page's HTML through the allow-list; a hand-written page's removals are errors."""

    def run(self, text: str) -> str:
        file = _file(self.md)
        uri = getattr(file, "src_uri", "")
        if uri.startswith("api/") and uri != "api/index.md":
            return text  # mkdocstrings' rendering of the engine's docstrings (kb.adapters.mkdocs_hook allows only stubs)
        if file is not None and getattr(file, "generated_by", None) is None:
            for _, _, message in removals(text, CONTENT):
                log.error(f"kb: docs/{uri}: {message.replace(' in an entry', ' in a page')}")
        return clean(text, PAGE)


class MarkedSections(Preprocessor):
    """'<![' that opens no CDATA section is written as text ('&lt;![', which Markdown shows as
    it would have): MkDocs' anchor collector, the next step, would raise on it and end the
    build with a traceback. `kb check` reports it in an entry (rule bad-markup)."""

    def run(self, lines: list[str]) -> list[str]:
        return [MARKED_SECTION.sub("&lt;![", line) if "<![" in line else line for line in lines]


class KbMarkdown(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After inline links exist (priority 20) and before MkDocs makes addresses relative (0).
        md.treeprocessors.register(CodeLinks(md), "kb_code_links", 3)
        # Before MkDocs' raw-HTML scan (priority 21), which feeds the text to Python's HTML parser.
        md.preprocessors.register(MarkedSections(md), "kb_marked_sections", 22)
        # Last of all: after raw HTML is put back (30) and entities restored (20).
        md.postprocessors.register(Sanitiser(md), "kb_sanitiser", 1)


def makeExtension(**kwargs) -> KbMarkdown:  # the name Python-Markdown looks for
    return KbMarkdown(**kwargs)
