"""Markdown to HTML on every page: links out of the site get rel, and no script reaches the HTML.

A Python-Markdown extension, registered under `markdown_extensions:` in mkdocs.yml, so MkDocs
runs it on every page: the hand-written pages of docs/ and the pages `kb_render` generates.
It imports nothing from MkDocs; for the location in its messages it reads, when present, the
file that MkDocs' own `relpath` treeprocessor is rendering.

- `ExternalLinks` (a treeprocessor) adds `rel="noopener noreferrer"` to every Markdown link whose
  address is absolute http(s), and drops an address whose scheme could run code.
- `ScriptGuard` (a postprocessor, after raw HTML is put back) reads the finished HTML and logs an
  error for every executable `<script>`, frame or plug-in element, event-handler attribute and
  `javascript:`, `vbscript:` or `data:` address; `mkdocs build --strict` then fails. `kb check` finds
  the same things earlier, with lines and columns; this is the net under it, for whatever its
  patterns miss. Inert data blocks (`<script type="application/json">`) and the SVG charts that
  `kb_charts` draws are not scripts and pass.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from kb_text import _ATTR, _TAG_RE, url_scheme

log = logging.getLogger("mkdocs.plugins.kb")  # under "mkdocs": counted by --strict

REL = ("noopener", "noreferrer")
_EXTERNAL = re.compile(r"^https?://", re.IGNORECASE)
_CODE_SCHEMES = {"javascript", "vbscript", "data"}
_EXECUTABLE_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base"}
_DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "data"}


def _source(md: Markdown) -> str:
    """The page being rendered, as MkDocs names it, or '' outside MkDocs."""
    try:
        return md.treeprocessors["relpath"].file.src_uri  # type: ignore[attr-defined]
    except (KeyError, AttributeError):
        return ""


class ExternalLinks(Treeprocessor):
    """Links to other sites open without handing them this page (noopener) or its address (noreferrer)."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            attr = {"a": "href", "img": "src"}.get(element.tag)
            url = element.get(attr) if attr else None
            if url is None:
                continue
            if url_scheme(url) in _CODE_SCHEMES:
                del element.attrib[attr]
                log.error(f"kb: {_source(self.md) or 'a page'}: the address {url[:60]!r} was removed: it would run code")
            elif element.tag == "a" and _EXTERNAL.match(url.strip()):
                rel = (element.get("rel") or "").split()
                element.set("rel", " ".join(rel + [r for r in REL if r not in rel]))


class ScriptGuard(Postprocessor):
    """Fails the build on any HTML in a page's content that would run code in a reader's browser."""

    def run(self, text: str) -> str:
        for problem in find_scripts(text):
            log.error(f"kb: {_source(self.md) or 'a page'}: {problem}; the page must not run code")
        return text


def find_scripts(html: str) -> list[str]:
    """What in this HTML would run code: executable elements, event handlers, code addresses."""
    found = []
    for tag in _TAG_RE.finditer(html):
        name, attrs = tag.group(1).lower(), tag.group(2)
        values = {a.group(1).lower(): (a.group(2) or "").strip("\"'") for a in _ATTR.finditer(attrs)}
        if name in _EXECUTABLE_TAGS and not (name == "script" and values.get("type", "").strip().lower() in _DATA_SCRIPT_TYPES):
            found.append(f"<{name}> element")
        for attr, value in values.items():
            if attr.startswith("on"):
                found.append(f"event-handler attribute '{attr}' on <{name}>")
            elif attr in _URL_ATTRS and url_scheme(value) in _CODE_SCHEMES:
                found.append(f"{attr} {value[:60]!r} on <{name}>")
    return found


class KbMarkdown(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After inline links exist (priority 20) and before MkDocs makes addresses relative (0).
        md.treeprocessors.register(ExternalLinks(md), "kb_external_links", 3)
        # Last of all: after raw HTML is put back (30) and entities restored (20).
        md.postprocessors.register(ScriptGuard(md), "kb_script_guard", 1)


def makeExtension(**kwargs) -> KbMarkdown:  # the name Python-Markdown looks for
    return KbMarkdown(**kwargs)
