"""Addresses: the one place that knows where every page of the site lives.

The main language at the root, every other language under `/<lang>/`; an entry at
`<collection>/<id>/`, a collection's catalogue at `<collection>/` (then `<collection>/p/2/` …),
views at their `path`, the editors' pages under `editors/`, search at `search/`. Pages are
named by their path in the docs tree ("ru/zones/main.md"); MkDocs turns that into an address
with directory URLs, which `page_url` mirrors for raw HTML.
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass

EDITORS_PAGES = ("index", "fields", "vocabularies", "review")


@dataclass(frozen=True)
class Layout:
    """Where the pages of a base with these languages live; the first language is the main one."""

    languages: tuple[str, ...]

    def prefix(self, lang: str) -> str:
        return "" if lang == self.languages[0] else f"{lang}/"

    def home(self, lang: str) -> str:
        return f"{self.prefix(lang)}index.md"

    def entry(self, lang: str, collection: str, entry_id: str) -> str:
        return f"{self.prefix(lang)}{collection}/{entry_id}.md"

    def catalogue(self, lang: str, collection: str, page: int = 1) -> str:
        return f"{self.prefix(lang)}{collection}/" + ("index.md" if page == 1 else f"p/{page}.md")

    def view(self, lang: str, path: str) -> str:
        return f"{self.prefix(lang)}{path}.md"

    def search(self, lang: str) -> str:
        return f"{self.prefix(lang)}search.md"

    def editors(self, lang: str, name: str = "index") -> str:
        return f"{self.prefix(lang)}editors/{name}.md"

    def download(self, lang: str, collection: str, kind: str = "csv") -> str:
        """A collection's table as a file beside the pages (not a page): kind csv or xlsx."""
        return f"downloads/{lang}/{collection}.{kind}"

    def feed(self, lang: str) -> str:
        """The Atom feed of changes of one language (beside the pages)."""
        return f"{self.prefix(lang)}feed.xml"

    def names(self, lang: str) -> str:
        """The folder of the names index (beside the pages, not a page)."""
        return f"names/{lang}/"

    def language_of(self, uri: str) -> tuple[str, str]:
        """A page's language and its path within that language: ("ru", "zones/main.md")."""
        first, _, rest = uri.partition("/")
        if first in self.languages[1:]:
            return first, rest
        return self.languages[0], uri

    def is_searched(self, uri: str) -> bool:
        """Whether the search index holds the page: not the editors' pages, the search page or the 404."""
        _, bare = self.language_of(uri)
        return not bare.startswith(("editors/", "search.md", "404"))


@functools.lru_cache(maxsize=65536)
def rel(from_uri: str, to_uri: str) -> str:
    """A relative link from one page of the docs tree to another (both relative, normalised
    paths: no filesystem look-up, unlike posixpath.relpath, which asks for the working folder)."""
    here = from_uri.split("/")[:-1]
    there = to_uri.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def page_url(uri: str) -> str:
    """The address MkDocs gives a page with directory URLs: zones/main.md -> zones/main/."""
    stem = uri[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def href(from_uri: str, to_uri: str) -> str:
    """A relative address from one page to another, for raw HTML that MkDocs does not rewrite."""
    base = page_url(from_uri)
    target = page_url(to_uri) if to_uri.endswith(".md") else to_uri
    out = posixpath.relpath(target or ".", base or ".")
    return "./" if out == "." else out + ("/" if (target == "" or target.endswith("/")) and not out.endswith("/") else "")


def page_chunks(entries: list, size: int) -> list[list]:
    """A catalogue's entries split into pages of `size`; a last page of less than a fifth of a
    page joins the one before (52 entries with pages of 50 make one page, not 50 and 2)."""
    chunks = [entries[i : i + size] for i in range(0, len(entries), size)] or [[]]
    if len(chunks) > 1 and len(chunks[-1]) < size / 5:
        chunks[-2:] = [chunks[-2] + chunks[-1]]
    return chunks


def page_numbers(current: int, total: int, around: int = 2) -> list[int | None]:
    """The page numbers a pager shows: the first, the last and those near the current page, with
    None for each gap of two or more pages (a gap of one shows the number), so that the pager
    stays one short line however many pages there are."""
    keep = sorted(n for n in {1, total, *range(current - around, current + around + 1)} if 1 <= n <= total)
    out: list[int | None] = []
    for n in keep:
        if out and n - out[-1] == 2:
            out.append(n - 1)
        elif out and n - out[-1] > 2:
            out.append(None)
        out.append(n)
    return out
