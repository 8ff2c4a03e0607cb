"""Rendering: the checked knowledge base turned into Markdown pages, in every language.

The step after checking. `Renderer` builds the reference index once, then hands each kind of
page to its module: entry pages and catalogues (`kb.pages.entry_pages`), views (`kb.views.overview`), the editors'
pages (`kb.render.editors`). It also gives the navigation and the data files beside the pages
(`catalog.json`, the names index). Everything is a function of the checked `KnowledgeBase`:
the MkDocs hook adds the pages to the site as in-memory files, and tests compare them with
golden files. Pages link to each other with relative `.md` links, so MkDocs resolves and
checks them, and the site works under any sub-path.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from typing import Any

from kb.check.refs import References
from kb.core.model import BuildCache, KnowledgeBase
from kb.pages.entry_pages import Context, GeneratedPage, catalogue_pages, entry_names, entry_page, filter_file, search_page
from kb.pages.format import Formatter
from kb.pages.site import Layout, page_url
from kb.render.editors import editors_pages
from kb.views.registry import VIEWS


def fingerprint(kb: KnowledgeBase, today: dt.date) -> bytes:
    """The one key of everything a generated page may read besides its own entry's files: the
    date, the settings, vocabularies and schemas, and every entry's titles and facts (a page
    shows other entries' titles in links, their facts in backlinks, views and tools, and a
    vocabulary code resolves through another entry's facts). Results kept between the builds
    of one `mkdocs serve` (entry pages, backlinks) are reused only under an equal fingerprint,
    so an edit anywhere in the facts renders every page again; only pages whose Markdown then
    differs are rebuilt by MkDocs."""
    return hashlib.blake2b(
        json.dumps(
            [
                today.isoformat(),
                repr(kb.settings),
                kb.vocabularies,
                {n: c.schema for n, c in kb.collections.items()},
                [[e.collection, e.id, e.titles, e.facts] for e in kb.entries()],
            ],
            sort_keys=True,
            default=str,
        ).encode(),
        digest_size=16,
    ).digest()


class Renderer:
    """Renders the pages of one checked knowledge base."""

    def __init__(self, kb: KnowledgeBase, today: dt.date | None = None, cache: BuildCache | None = None):
        self.kb = kb
        today = today or dt.date.today()
        cache = cache or BuildCache()
        layout = Layout(tuple(kb.languages))
        digest = fingerprint(kb, today)
        refs = References(kb, cache, digest)
        self.ctx = Context(kb, today, layout, refs, Formatter(kb, layout, refs.key_pages), cache, digest)

    @property
    def layout(self) -> Layout:
        return self.ctx.layout

    def pages(self) -> list[GeneratedPage]:
        kb, ctx = self.kb, self.ctx
        out: list[GeneratedPage] = []
        for lang in kb.languages:
            for name in kb.collections:
                out += catalogue_pages(ctx, name, lang)
            out += [entry_page(ctx, entry, lang) for entry in kb.entries()]
            out += [VIEWS[view.kind].render(ctx, view, lang) for view in kb.settings.views]
            out.append(search_page(ctx, lang))
            out += editors_pages(ctx, lang)
        return [without_contents(page) for page in out]

    def nav(self, lang: str) -> list[dict[str, Any]]:
        """The navigation of one language: home, each collection's catalogue, views, editors."""
        kb, layout = self.kb, self.layout
        items: list[dict[str, Any]] = [{kb.label("home", lang): layout.home(lang)}]
        items += [{c.name_of(lang): layout.catalogue(lang, n)} for n, c in kb.collections.items()]
        items += [{v.title_in(lang): layout.view(lang, v.path)} for v in kb.settings.views]
        items.append(
            {
                kb.label("editors", lang): [
                    {kb.label("editors-rules", lang): layout.editors(lang)},
                    {kb.label("fields", lang): layout.editors(lang, "fields")},
                    {kb.label("vocabularies", lang): layout.editors(lang, "vocabularies")},
                    *([{kb.label("review-due", lang): layout.editors(lang, "review")}] if kb.settings.review_field is not None else []),
                    *({page["title"].get(lang) or page["path"]: page["path"]} for page in kb.settings.nav_pages),
                ]
            }
        )
        return items

    def catalog(self) -> dict[str, Any]:
        """Every checked fact of every entry, with titles and page addresses: the site's catalog.json."""
        kb, layout = self.kb, self.layout
        data: dict[str, Any] = {"languages": kb.languages, "collections": {}}
        for name, collection in kb.collections.items():
            data["collections"][name] = {
                "label": collection.label,
                "entries": [
                    {
                        "id": entry.id,
                        "title": {lang: entry.title(lang) for lang in kb.languages},
                        "url": {lang: page_url(layout.entry(lang, name, entry.id)) for lang in kb.languages},
                        "facts": entry.facts,
                        "referenced_by": [f"{c}/{i}" for c, i in self.ctx.refs.to(entry)],
                    }
                    for entry in collection.entries.values()
                ],
            }
        return data

    def names_index(self, lang: str) -> dict[str, list[list[str]]]:
        """Every entry's names (titles in all languages, aliases, abbreviations) for the search page's
        direct hits, split into chunks by the first two characters of each word so that a query
        fetches one small file however large the base grows. Rows: [url, title, below, name, name, …],
        where `below` is the address of the entry this one is a term for (kb.check.refs), shown before
        it, or "". That entry is found by the term's names too."""
        chunks: dict[str, list[list[str]]] = {}
        refs = self.ctx.refs
        for entry in self.kb.entries():
            names = entry_names(self.ctx, entry)
            for term in refs.terms.get(entry.ref, []):
                names += [n for n in entry_names(self.ctx, self.kb.at(term)) if n not in names]
            target = refs.stands_for.get(entry.ref)
            below = page_url(self.layout.entry(lang, *target)) if target else ""
            row = [page_url(self.layout.entry(lang, *entry.ref)), entry.title(lang), below, *names]
            for key in sorted({word[:2] for name in names for word in self.name_words(name)}):
                chunks.setdefault(key, []).append(row)
        return chunks

    def data_files(self, site_url: str) -> dict[str, bytes]:
        """The files beside the pages that readers download: each catalogue as a workbook (XLSX) and a CSV file in
        every language, with its entries' filter values when it has several pages, the Atom feed
        of changes of every language, and the data files of views (the finder's and the
        comparison's entries)."""
        from kb.views.changes import atom
        from kb.views.sheets import table_csv, table_xlsx

        out: dict[str, bytes] = {}
        for lang in self.kb.languages:
            for name in self.kb.collections:
                # From the facts, titles, settings and date alone: kept between the rebuilds of
                # `mkdocs serve` under an equal fingerprint.
                out.update(
                    self.ctx.cache.get(
                        self.ctx.cache.drawn,
                        ("catalogue", name, lang),
                        (self.ctx.digest,),
                        lambda name=name, lang=lang: {
                            self.layout.download(lang, name): table_csv(self.ctx, name, lang),
                            self.layout.download(lang, name, "xlsx"): table_xlsx(self.ctx, name, lang),
                            **filter_file(self.ctx, name, lang),
                        },
                    )
                )
            for view in self.kb.settings.views:
                if view.kind == "changes":
                    out[self.layout.feed(lang)] = atom(self.ctx, view, lang, site_url).encode("utf-8")
                data = VIEWS[view.kind].data
                if data is not None:
                    out.update(data(self.ctx, view, lang))
        return out

    def name_words(self, name: str) -> list[str]:
        """Words of a name as the search page compares them: lower case, the base's letter
        folding (name_folding in kb.yml), letters and digits only. The browser's names.js makes
        its words the same way, and strips the language's endings (name_endings) from both."""
        text = name.lower()
        for letter, plain in self.kb.settings.name_folding.items():
            text = text.replace(letter, plain)
        return re.findall(r"[^\W_]+", text)


def chunk_file(key: str) -> str:
    """File name of a names chunk: the key's UTF-8 bytes in hex, safe on every host."""
    return key.encode("utf-8").hex() + ".json"


def without_contents(page: GeneratedPage) -> GeneratedPage:
    """A page with no sections has no table of contents: the theme gives its column to the
    content, so that wide tables have room."""
    if "\n## " in page.markdown or page.markdown.startswith("---"):
        return page
    return dataclasses.replace(page, markdown="---\nhide: [toc]\n---\n" + page.markdown)


# Elements whose text keeps its line breaks and spaces as written.
_KEEP_SPACES = re.compile(r"(<(pre|textarea)\b.*?</\2\s*>)", re.S)
# A line break and the white space after it. It begins with the line break, which the regex
# engine skips to: one pass costs about a tenth of a millisecond per page.
_SPACES = re.compile(r"\n[ \t\r\n]+")
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def _plain_config(match: re.Match) -> str:
    """The theme's settings for its script, with letters as they are (not six bytes each)."""
    try:
        data = json.loads(match.group(2))
    except ValueError:
        return match.group(0)
    text = (
        json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )
    return match.group(1) + text + match.group(3)


def compact_html(page: str) -> str:
    """A finished page without the blank lines and indentation its templates leave (about a tenth
    of every page): a line break and the white space after it become one line break, which a
    browser shows as it showed them; and the theme's settings for its script as plain JSON
    (_plain_config). What is inside <pre> and <textarea> is left as it is."""
    if "\\u" in page:
        page = _CONFIG.sub(_plain_config, page, count=1)
    if "<pre" not in page and "<textarea" not in page:
        return _SPACES.sub("\n", page)
    parts = _KEEP_SPACES.split(page)
    # split() gives [text, kept element, its tag name, text, …]: squeeze the text only.
    return "".join(_SPACES.sub("\n", part) if i % 3 == 0 else part for i, part in enumerate(parts) if i % 3 != 2)
