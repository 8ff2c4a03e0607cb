"""Entry pages and catalogues: the pages every collection gets, in every language.

Part of rendering (`kb.render.renderer` calls these). An entry page is its title, its lead (the text
before the first section, so that the answer comes first), a fact box of the checked facts,
the rest of the text with citations linked to the numbered sources, its backlinks, its
sources and its review date; a catalogue is a table of a collection's entries, with filter
data for filters.js (and, for a catalogue of several pages, every entry's filter values in a file
beside its first page). Pure functions of the render `Context`.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kb.check.refs import References
from kb.core.model import BARE, BuildCache, Entry, Field, KnowledgeBase, Text
from kb.core.text import blank_code, citations, split_lead
from kb.pages.format import Formatter, esc, external, format_date, title_key
from kb.pages.site import Layout, href, page_chunks, page_numbers, page_url, rel

BACKLINKS_SHOWN = 20


@dataclass
class GeneratedPage:
    uri: str  # path of the page in the site's docs tree, e.g. "ru/zones/main.md"
    lang: str
    markdown: str
    edit_path: str | None = None  # the source file an editor should open, relative to the project root


@dataclass(frozen=True)
class ViewKind:
    """How one kind of generated view (`kb.views.registry`) is drawn; its settings are its
    schema file's (`kb.read.views`)."""

    render: Callable  # (ctx, view, lang) -> GeneratedPage
    data: Callable | None = None  # (ctx, view, lang) -> {file beside the pages: bytes}, for the browser to fetch


@dataclass
class Context:
    """What every page of one build is rendered from."""

    kb: KnowledgeBase
    today: dt.date
    layout: Layout
    refs: References
    fmt: Formatter
    cache: BuildCache
    digest: bytes  # of everything an entry page depends on besides its own files and backlinks
    _order: dict = field(default_factory=dict)  # (collection, lang) -> {entry ref: (previous, next)}

    def neighbours(self, entry: Entry, lang: str) -> tuple[Entry | None, Entry | None]:
        """The entries before and after one in its collection's reading order."""
        key = (entry.collection, lang)
        if key not in self._order:
            ordered = self.sorted_entries(entry.collection, lang)
            self._order[key] = {
                e.ref: (ordered[i - 1] if i else None, ordered[i + 1] if i + 1 < len(ordered) else None) for i, e in enumerate(ordered)
            }
        return self._order[key].get(entry.ref, (None, None))

    def sorted_entries(self, collection: str, lang: str) -> list[Entry]:
        """A collection's entries in reading order: by the order field, if any, then by title."""
        entries = list(self.kb.collections[collection].entries.values())
        order = self.kb.collections[collection].role("order")
        return sorted(entries, key=lambda e: (e.facts.get(order, 10**9) if order else 10**9, title_key(e.title(lang))))

    def settings_path(self) -> str:
        return f"{self.kb.settings.kb_dir}/kb.yml"


def view_page(ctx: Context, view, lang: str, body: list[str]) -> GeneratedPage:
    """A generated view's page: its title, its introduction, then the view's own Markdown."""
    out = [f"# {esc(view.title_in(lang))}", ""]
    if view.intro.get(lang):
        out += [esc(view.intro[lang]), ""]
    return GeneratedPage(ctx.layout.view(lang, view.path), lang, "\n".join(out + body) + "\n", ctx.settings_path())


def entry_page(ctx: Context, entry: Entry, lang: str) -> GeneratedPage:
    around = tuple(e.ref if e else None for e in ctx.neighbours(entry, lang))
    key = (ctx.digest, tuple(ctx.refs.to(entry)), around, entry.facts, *entry.texts.values())
    return ctx.cache.get(ctx.cache.pages, (*entry.ref, lang), key, lambda: _entry_page(ctx, entry, lang))


def _entry_page(ctx: Context, entry: Entry, lang: str) -> GeneratedPage:
    uri = ctx.layout.entry(lang, *entry.ref)
    text = entry.text(lang)
    # The title in front matter (JSON's quoted string is YAML's): the breadcrumbs come before the
    # heading, and MkDocs takes a page's title only from a heading that opens the page.
    # The description is what search engines and link previews show (templates/main.html).
    description = " ".join(_CITATION_MARK.sub("", summary(entry, lang)).split())
    out = [
        "---",
        f"title: {json.dumps(entry.title(lang), ensure_ascii=False)}",
        *([f"description: {json.dumps(description, ensure_ascii=False)}"] if description else []),
        "---",
        breadcrumbs(ctx, entry, lang, uri),
        "",
        f"# {esc(entry.title(lang))}",
        "",
    ]
    target = ctx.refs.stands_for.get(entry.ref)
    if target:  # a term for another entry: names.js shows that entry before this one among results
        out += [f'<span hidden data-pagefind-meta="below:{esc(page_url(ctx.layout.entry(lang, *target)))}"></span>', ""]
    lead, rest = split_lead(body(ctx, entry, text))
    if lead:
        out += [lead, ""]
    rows = fact_rows(ctx, entry, lang, uri)
    if rows:
        out += [f'<div class="kb-facts" markdown aria-label="{ctx.fmt.label("facts", lang)}">', "", *rows, "</div>", ""]
    links = tool_links(ctx, entry, lang, uri)
    if links:
        out += [links, ""]
    out += [rest.rstrip(), ""]
    out += backlinks_section(ctx, entry, lang, uri)
    out += sources_section(ctx, entry, lang)
    out += ["", neighbour_links(ctx, entry, lang, uri)]
    return GeneratedPage(uri, lang, "\n".join(out).rstrip() + "\n", text.path)


def breadcrumbs(ctx: Context, entry: Entry, lang: str, uri: str) -> str:
    """Where the page sits: home › the collection's catalogue › the entry."""
    collection = ctx.kb.collections[entry.collection]
    home = href(uri, ctx.layout.home(lang))
    catalogue = href(uri, ctx.layout.catalogue(lang, entry.collection))
    return (
        f'<nav class="kb-crumbs" aria-label="{ctx.fmt.label("breadcrumbs", lang)}"><ol>'
        f'<li><a href="{home}">{ctx.fmt.label("home", lang)}</a></li>'
        f'<li><a href="{catalogue}">{esc(collection.name_of(lang))}</a></li>'
        f'<li aria-current="page">{esc(entry.title(lang))}</li></ol></nav>'
    )


def neighbour_links(ctx: Context, entry: Entry, lang: str, uri: str) -> str:
    """Links to the previous and the next entry of the same collection, in the catalogue's order."""
    links = []
    for other, rel_name, label in zip(ctx.neighbours(entry, lang), ("prev", "next"), ("previous-entry", "next-entry")):
        if other is not None:
            target = href(uri, ctx.layout.entry(lang, *other.ref))
            links.append(
                f'<a class="kb-{rel_name}" href="{target}"><span class="kb-neighbour-label">'
                f"{ctx.fmt.label(label, lang)}</span> {esc(other.title(lang))}</a>"
            )
    return f'<nav class="kb-neighbours" aria-label="{ctx.fmt.label("neighbours", lang)}">{"".join(links)}</nav>' if links else ""


def tool_links(ctx: Context, entry, lang: str, uri: str) -> str:
    """Links from an entry's page to the tools that cover its collection ("compare with…", the
    finder, the checklist of its steps, its workbook) and to the tools whose settings name it."""
    out = []
    for view in ctx.kb.settings.views:
        if view.kind == "finder" and view.options["collection"] == entry.collection:
            target = href(uri, ctx.layout.view(lang, view.path))
            out.append(f'<p class="kb-tool-link"><a href="{target}">{ctx.fmt.label("finder-link", lang)}</a></p>')
        if view.kind == "compare" and view.options["collection"] == entry.collection:
            target = href(uri, ctx.layout.view(lang, view.path))
            out.append(
                f'<p class="kb-tool-link"><a href="{target}?{esc(entry.collection)}={esc(entry.id)}">{ctx.fmt.label("compare-with", lang)}</a></p>'
            )
        if view.kind == "workbooks":
            target = href(uri, ctx.layout.view(lang, view.path))
            if view.options["collection"] == entry.collection and (
                not view.options.get("select") or entry.facts.get(view.options["select"]) is True
            ):
                out.append(
                    f'<p class="kb-tool-link kb-workbook-links">{ctx.fmt.label("workbook-of-entry", lang)} '
                    f'<a href="{target}{esc(entry.id)}.docx">{ctx.fmt.label("workbook-docx", lang)}</a> · '
                    f'<a href="{target}{esc(entry.id)}.xlsx">{ctx.fmt.label("workbook-xlsx", lang)}</a></p>'
                )
            if f"{entry.collection}/{entry.id}" in view.options.get("link_from", []):
                out.append(f'<p class="kb-tool-link"><a href="{target}">{esc(view.title_in(lang))}</a></p>')
        if view.kind == "checklist" and (
            view.options["collection"] == entry.collection or f"{entry.collection}/{entry.id}" in view.options.get("link_from", [])
        ):
            out.append(
                f'<p class="kb-tool-link"><a href="{href(uri, ctx.layout.view(lang, view.path))}">{esc(view.title_in(lang))}</a></p>'
            )
    return "\n".join(out)


def fact_rows(ctx: Context, entry: Entry, lang: str, uri: str) -> list[str]:
    """The fact box: one definition per shown field, in the schema's order."""
    collection = ctx.kb.collections[entry.collection]
    unconfirmed = set(entry.fact(collection.role("unconfirmed"), []))
    aliases_field = collection.role("aliases")
    rows = []
    for name, prop in collection.properties.items():
        if name == collection.name_field or name not in entry.facts or not prop.show:
            continue
        shown_value = aliases(ctx, entry, lang) if name == aliases_field else ctx.fmt.value(prop, entry.facts[name], lang, uri, entry)
        if not shown_value:
            continue
        if prop.search_weight:
            shown_value = f'<span data-pagefind-weight="{prop.search_weight}">{shown_value}</span>'
        if name in unconfirmed:
            shown_value += " " + ctx.fmt.badge(lang)
        rows.append(f"{esc(prop.label_in(lang, name))}\n:   {shown_value}\n")
    if aliases_field not in entry.facts and aliases(ctx, entry, lang):
        rows.append(f"{ctx.fmt.label('aliases', lang)}\n:   {aliases(ctx, entry, lang)}\n")
    return rows


def entry_names(ctx: Context, entry: Entry) -> list[str]:
    """Every name of an entry: its titles, its other names, and its short names (abbreviations)."""
    collection = ctx.kb.collections[entry.collection]
    names = [entry.title(lang) for lang in ctx.kb.languages]
    for lang in ctx.kb.languages:
        names += entry.fact(collection.role("aliases"), {}).get(lang, [])
    names += [v for v in entry.fact(collection.role("names"), {}).values() if isinstance(v, str)]
    return list(dict.fromkeys(names))


def aliases(ctx: Context, entry: Entry, lang: str) -> str:
    """Other names in the page's language, weighted for search. Names in the other languages
    are left to the search page, which finds an entry by any of its names (entry_names)."""
    given = entry.fact(ctx.kb.collections[entry.collection].role("aliases"), {})
    names = [n for n in dict.fromkeys(given.get(lang, [])) if n != entry.title(lang)]
    return f'<span data-pagefind-weight="5">{"; ".join(esc(n) for n in names)}</span>' if names else ""


def body(ctx: Context, entry: Entry, text: Text) -> str:
    """The entry's text with links to translation files pointed at the page's language, and
    each citation [s1] a link to its numbered source."""
    out = text.body
    for other in ctx.kb.languages[1:]:
        if f".{other}.md" in out:
            out = re.sub(rf"(\]\((?:\.\./)?[^)\s]*?)\.{other}\.md", r"\1.md", out)
    pieces, pos = [], 0
    for match in citations(out):
        number = ctx.fmt.source_number(entry, match.group(1))
        if number:
            # The mark sits on the word it follows: "word [s1]" reads "word¹", not "word ¹".
            pieces += [out[pos : match.start()].rstrip(" "), f'<sup class="kb-cite">[{number}](#source-{number})</sup>']
            pos = match.end()
    return "".join(pieces) + out[pos:]


_CITATION_MARK = re.compile(r"\s*\[[a-z0-9][a-z0-9-]*\](?!\()")


def backlinks_section(ctx: Context, entry: Entry, lang: str, uri: str) -> list[str]:
    refs = ctx.refs.to(entry)
    if not refs:
        return []
    out = [f"## {ctx.fmt.label('referenced-by', lang)} {{ #referenced-by }}", ""]
    for name, collection in ctx.kb.collections.items():
        group = sorted((r for r in refs if r[0] == name), key=lambda r: title_key(ctx.kb.at(r).title(lang)))
        if not group:
            continue
        links = ", ".join(ctx.fmt.link(uri, r, lang) for r in group[:BACKLINKS_SHOWN])
        if len(group) > BACKLINKS_SHOWN:
            links += (
                f", … (+{len(group) - BACKLINKS_SHOWN} {ctx.fmt.label('more', lang)}: "
                f"[{esc(collection.name_of(lang))}]({rel(uri, ctx.layout.catalogue(lang, name))}))"
            )
        out.append(f"- **{esc(collection.name_of(lang))}** ({len(group)}): {links}")
    return out + [""]


def sources_section(ctx: Context, entry: Entry, lang: str) -> list[str]:
    """The entry's sources (none, heading included, where it has none: a schema need not have
    them), its review date and the note on unconfirmed facts."""
    fmt = ctx.fmt
    sources = fmt.sources(entry)
    out = [f"## {fmt.label('sources', lang)} {{ #sources }}", "", '<ol class="kb-sources">'] if sources else []
    for i, source in enumerate(sources, 1):
        shown, mark = fmt.source_title(source, lang)
        title = esc(shown)
        if "url" in source:
            title = external(source["url"], title)
        elif source.get("document") and source.get("document") not in (source.get("title"), shown):
            title = f"{title} — {esc(source['document'])}"
        if mark:
            title += f' <span class="kb-source-language">{esc(mark)}</span>'
        read = f", {fmt.label('read-on', lang)} {format_date(source['read'], lang)}" if "read" in source else ""
        out.append(f'<li id="source-{i}">{title}{read}</li>')
    if sources:
        out.append("</ol>")
    reviewed = entry.fact(ctx.kb.settings.review_field)
    if reviewed:
        out += ["", f'<p class="kb-reviewed">{fmt.label("reviewed", lang)}: {format_date(reviewed, lang)}</p>']
    unconfirmed_field = ctx.kb.collections[entry.collection].role("unconfirmed")
    if entry.fact(unconfirmed_field) or any(isinstance(v, dict) and v.get("unconfirmed") is True for v in entry.facts.values()):
        out += ["", f'<p class="kb-note">{fmt.badge(lang)} {fmt.label("unconfirmed-note", lang)}</p>']
    return out + [""]


def summary(entry: Entry, lang: str) -> str:
    """The first paragraph of the entry's text, as plain text, at most 200 characters."""
    for block in re.split(r"\n\s*\n", blank_code(entry.text(lang).body)):
        block = block.strip()
        if block and not block.startswith(("#", "<", "|", "!", "-", "*", ">")):
            text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", block)
            text = re.sub(r"[*_`]", "", " ".join(text.split()))
            return text if len(text) <= 200 else text[:199].rsplit(" ", 1)[0] + "…"
    return ""


def cell(ctx: Context, entry: Entry, column: str, lang: str, uri: str) -> str:
    if column == ctx.kb.collections[entry.collection].name_field:
        return ctx.fmt.link(uri, entry.ref, lang)
    if column == "@summary":
        return esc(summary(entry, lang))
    if column.startswith("@backlinks:"):
        other = column.split(":", 1)[1]
        return str(sum(1 for r in ctx.refs.to(entry) if r[0] == other))
    prop = ctx.kb.collections[entry.collection].properties.get(column, BARE)
    return ctx.fmt.value(prop, entry.facts.get(column), lang, uri, entry, compact=True)


def header(ctx: Context, collection_name: str, column: str, lang: str) -> str:
    if column == "@summary":
        return ctx.fmt.label("summary", lang)
    if column.startswith("@backlinks:"):
        other = ctx.kb.collections.get(column.split(":", 1)[1])
        return esc(other.name_of(lang)) if other else esc(column)
    prop = ctx.kb.collections[collection_name].properties.get(column, BARE)
    return esc(prop.label_in(lang, column))


def catalogue_pages(ctx: Context, name: str, lang: str) -> list[GeneratedPage]:
    collection = ctx.kb.collections[name]
    size = ctx.kb.settings.catalogue_page_size
    entries = ctx.sorted_entries(name, lang)
    chunks = page_chunks(entries, size)
    title = esc(collection.name_of(lang))
    columns = collection.columns
    filters, rows = filter_table(ctx, name, entries, lang)
    src = page_url(ctx.layout.catalogue(lang, name)) + FILTER_DATA
    pages = []
    for number, chunk in enumerate(chunks, 1):
        uri = ctx.layout.catalogue(lang, name, number)
        more = {"page": number, "size": size, "src": href(uri, src)} if len(chunks) > 1 else {}
        out = [f"# {title}" + (f" — {ctx.fmt.label('page', lang)} {number}" if number > 1 else ""), ""]
        if collection.intro.get(lang):
            out += [esc(collection.intro[lang]), ""]
        xlsx, csv = (href(uri, ctx.layout.download(lang, name, kind)) for kind in ("xlsx", "csv"))
        out += [
            f"{ctx.fmt.label('entries', lang)}: {len(entries)}.",
            "",
            f'<p class="kb-download">{ctx.fmt.label("download", lang)}: <a href="{xlsx}" download>{ctx.fmt.label("download-xlsx", lang)}</a> '
            f'{ctx.fmt.label("download-xlsx-for", lang)}; <a href="{csv}" download>{ctx.fmt.label("download-csv", lang)}</a> '
            f"{ctx.fmt.label('download-csv-for', lang)}.</p>",
            "",
            '<div class="kb-catalogue" markdown>',
            "",
        ]
        out.append("| " + " | ".join(header(ctx, name, c, lang) for c in columns) + " |")
        out.append("|" + "---|" * len(columns))
        for entry in chunk:
            out.append("| " + " | ".join(cell(ctx, entry, c, lang, uri).replace("\n", " ") for c in columns) + " |")
        out += ["", filter_data(ctx, lang, filters, rows[(number - 1) * size : (number - 1) * size + len(chunk)], **more), "", "</div>"]
        if len(chunks) > 1:
            links = [
                "…" if n is None else f"**{n}**" if n == number else f"[{n}]({rel(uri, ctx.layout.catalogue(lang, name, n))})"
                for n in page_numbers(number, len(chunks))
            ]
            out += ["", f'<nav class="kb-pages" markdown>{ctx.fmt.label("page", lang)}: ' + " · ".join(links) + "</nav>"]
        pages.append(GeneratedPage(uri, lang, "\n".join(out) + "\n", collection.path))
    return pages


def filter_values(value: Any, schema: Field) -> list[str]:
    out = []
    for v in value if isinstance(value, list) else [value]:
        if v is None or isinstance(v, (dict, list)):
            continue
        out.append(str(v)[:4] if schema.is_date else str(v))
    return out


def filter_label(ctx: Context, schema: Field, value: str, lang: str) -> str:
    entry = ctx.kb.entry((schema.ref, value)) if schema.ref else None
    if entry:
        return entry.title(lang)
    return ctx.fmt.term_label(schema.vocab, value, lang) if schema.vocab else value


FILTER_DATA = "filters.json"  # beside a catalogue's first page, when it has several
FILTER_LABELS = ("filter", "filter-all", "filter-reset", "filter-shown", "filter-none")
FILTER_MORE_LABELS = ("filter-more-page", "filter-more-pages", "filter-elsewhere-page", "filter-elsewhere-pages")


def filter_table(ctx: Context, name: str, entries: list[Entry], lang: str) -> tuple[list[dict], list[list]]:
    """A collection's filterable fields (x-filter), each with the options of all the entries
    (value and label, sorted by label), and each entry's values as indices into them: a number for one
    value, a list for none or several."""
    filters, columns = [], []
    for prop_name, prop in ctx.kb.collections[name].properties.items():
        if prop.filter:
            items = prop.values
            values = [filter_values(e.facts.get(prop_name), items) for e in entries]
            options = sorted({v: filter_label(ctx, items, v, lang) for vs in values for v in vs}.items(), key=lambda kv: kv[1].casefold())
            index = {v: i for i, (v, _) in enumerate(options)}
            filters.append({"key": prop_name, "label": prop.label_in(lang, prop_name), "options": options})
            columns.append([index[vs[0]] if len(vs) == 1 else [index[v] for v in vs] for vs in values])
    return filters, [list(row) for row in zip(*columns)]


def filter_data(ctx: Context, lang: str, filters: list[dict], rows: list[list], **more: Any) -> str:
    """One catalogue page's filters and rows (filter_table) as inert JSON for filters.js; `more` says,
    for a catalogue of several pages, which page this is, the page size and where the file of
    every entry's values is (filter_file)."""
    if not filters:
        return ""
    labels = {k: ctx.kb.label(k, lang) for k in FILTER_LABELS + (FILTER_MORE_LABELS if more else ())}
    data = json.dumps(
        {"filters": filters, "rows": rows, "labels": labels, **more}, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    # An attribute, not a script element: escaped like any value, it cannot end early or hide markup.
    return f'<div class="kb-filter-data" data-filters="{html.escape(data, quote=True)}" hidden></div>'


def filter_file(ctx: Context, name: str, lang: str) -> dict[str, bytes]:
    """For a catalogue of several pages with filters, a file beside its first page: every entry's
    values in catalogue order (filter_table) and the address of each page from there, so that
    filters.js can tell which other pages a filter matches."""
    entries = ctx.sorted_entries(name, lang)
    size = ctx.kb.settings.catalogue_page_size
    filters, rows = filter_table(ctx, name, entries, lang)
    count = len(page_chunks(entries, size))
    if not filters or count == 1:
        return {}
    first = ctx.layout.catalogue(lang, name)
    pages = [href(first, ctx.layout.catalogue(lang, name, n)) for n in range(1, count + 1)]
    data = json.dumps({"pages": pages, "rows": rows}, ensure_ascii=False, separators=(",", ":"))
    return {page_url(first) + FILTER_DATA: data.encode("utf-8")}


PAGE_LABELS = ("table-scroll",)  # the words the browser modules need on every page
SEARCH_LABELS = (
    "search",
    "search-placeholder",
    "direct-hits",
    "search-all",
    "search-none",
    "search-results-one",
    "search-results-few",
    "search-results-many",
    "search-results-other",
    "search-more",
    "search-here",
    "letters",
)


def search_settings(kb: KnowledgeBase, layout: Layout, lang: str) -> dict[str, Any]:
    """What the search (searcher.js) needs in one language, from the header box or the search page:
    addresses relative to the site root, the words it shows, and each language's letters, so
    that a query written in another language's letters is offered that language's results. Names
    are matched as kb.render.renderer.name_words makes their words (`fold`: kb.yml's name_folding), less
    each language's endings (kb.yml's name_endings)."""

    def one(other: str) -> dict[str, Any]:
        return {
            "lang": other,
            "names": layout.names(other),
            "page": page_url(layout.search(other)),
            "letters": kb.label("letters", other),
            "here": kb.label("search-here", other),
            "direct": kb.label("direct-hits", other),
            "endings": list(kb.settings.name_endings.get(other, ())),
        }

    return {
        **one(lang),
        "bundle": "pagefind/",
        "fold": kb.settings.name_folding,
        "labels": {key: kb.label(key, lang) for key in SEARCH_LABELS},
        "others": [one(other) for other in kb.languages if other != lang],
    }


def search_page(ctx: Context, lang: str) -> GeneratedPage:
    """The search page: search-page.js runs the search of the header box here, with every result."""
    uri = ctx.layout.search(lang)
    data = esc(json.dumps(search_settings(ctx.kb, ctx.layout, lang), ensure_ascii=False, sort_keys=True))
    root = href(uri, ctx.layout.home(ctx.kb.default_language))
    # What to do when a query finds nothing: search-page.js shows this block then.
    catalogues = "".join(
        f'<li><a href="{href(uri, ctx.layout.catalogue(lang, name))}">{esc(collection.name_of(lang))}</a></li>'
        for name, collection in ctx.kb.collections.items()
    )
    none = f'<div class="kb-search-none" hidden><p>{esc(ctx.fmt.label("search-none-help", lang))}</p><ul>{catalogues}</ul></div>'
    return GeneratedPage(
        uri,
        lang,
        f"# {ctx.fmt.label('search', lang)}\n\n"
        f'<div id="kb-search" class="kb-search-page" data-root="{root}" data-kb="{data}"></div>\n\n{none}\n',
    )
