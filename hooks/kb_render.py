"""Rendering: turn the checked knowledge base into Markdown pages, in every language.

Fourth step of the build. Everything here is a pure function of the `KnowledgeBase`: the
MkDocs hook adds the returned pages to the site as in-memory files, and tests compare them
with golden files. Pages link to each other with relative `.md` links, so MkDocs resolves and
checks them and the site works under any sub-path.

Layout: the main language at the root, other languages under `/<lang>/`; an entry at
`<collection>/<id>/`, a collection's catalogue at `<collection>/` (then `<collection>/p/2/` …),
views at their `path`, the editors' pages under `editors/`.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import json
import posixpath
import re
from dataclasses import dataclass
from typing import Any

from kb_check import RULES, blank_code, citations, iter_links, link_target, resolve_schema, review_due, walk_values
from kb_model import Entry, KnowledgeBase

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    "ru": ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"],
}
MONTHS_OF = {"ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"]}
BACKLINKS_SHOWN = 50
# Characters that Markdown would act on, written as HTML entities so that text stays text.
_MARKDOWN_ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in "|[]*_`\\"})


@dataclass
class GeneratedPage:
    uri: str  # path of the page in the site's docs tree, e.g. "ru/zones/avangard.md"
    lang: str
    markdown: str
    edit_path: str | None = None  # the source file an editor should open, relative to the project root


Ref = tuple[str, str]  # (collection, id)


def prefix(kb: KnowledgeBase, lang: str) -> str:
    return "" if lang == kb.default_language else f"{lang}/"


def entry_uri(kb: KnowledgeBase, lang: str, collection: str, entry_id: str) -> str:
    return f"{prefix(kb, lang)}{collection}/{entry_id}.md"


def catalogue_uri(kb: KnowledgeBase, lang: str, collection: str, page: int = 1) -> str:
    return f"{prefix(kb, lang)}{collection}/" + ("index.md" if page == 1 else f"p/{page}.md")


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
    """The address MkDocs gives a page with directory URLs: zones/avangard.md -> zones/avangard/."""
    stem = uri[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def href(from_uri: str, to_uri: str) -> str:
    """A relative address from one page to another, for raw HTML that MkDocs does not rewrite."""
    base = page_url(from_uri)
    target = page_url(to_uri)
    out = posixpath.relpath(target or ".", base or ".")
    return "./" if out == "." else out + ("/" if (target == "" or target.endswith("/")) and not out.endswith("/") else "")


def name_words(name: str) -> list[str]:
    """Words of a name as the search page compares them: lower case, ё as е, letters and digits only.
    kb.js normalises queries the same way (keep the two in step)."""
    return re.findall(r"[^\W_]+", name.lower().replace("ё", "е"))


def chunk_file(key: str) -> str:
    """File name of a names chunk: the key's UTF-8 bytes in hex, safe on every host."""
    return key.encode("utf-8").hex() + ".json"


def esc(text: Any) -> str:
    """Front-matter text made safe for Markdown and HTML alike."""
    return html.escape(str(text), quote=True).translate(_MARKDOWN_ENTITIES)


# --- values ----------------------------------------------------------------------------


def format_number(value: float | int, lang: str) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) and not value.is_integer() else f"{int(value):,}"
    if lang == "ru":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def format_date(value: Any, lang: str) -> str:
    text = str(value)
    months = MONTHS.get(lang, MONTHS["en"])
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = dt.date.fromisoformat(text)
            if lang == "ru":
                return f"{day.day} {MONTHS_OF['ru'][day.month - 1]} {day.year}\u00a0г."
            return f"{day.day} {months[day.month - 1]} {day.year}"
        if re.fullmatch(r"\d{4}-\d{2}", text):
            month = months[int(text[5:]) - 1]
            return f"{month} {text[:4]}" + ("\u00a0г." if lang == "ru" else "")
    except (ValueError, IndexError):
        return esc(text)
    return esc(text) + ("\u00a0г." if lang == "ru" and re.fullmatch(r"\d{4}", text) else "")


class Renderer:
    """Renders pages of one knowledge base; holds the reference index built once per build."""

    def __init__(self, kb: KnowledgeBase, today: dt.date | None = None):
        self.kb = kb
        self.today = today or dt.date.today()
        self.key_pages = self._index_keys()
        # What every entry page depends on besides its own files and backlinks: every title
        # (links show them), the schemas, vocabularies and settings, the key pages and the date.
        self.context = hashlib.blake2b(json.dumps([
            self.today.isoformat(), kb.settings, kb.vocabularies, {n: c.schema for n, c in kb.collections.items()},
            sorted(self.key_pages.items()), [[e.collection, e.id, [e.title(lg) for lg in kb.languages]] for e in kb.entries()],
        ], sort_keys=True, default=str).encode(), digest_size=16).digest()
        self.backlinks = self._index_references()

    # indexes ----------------------------------------------------------------------

    def _index_keys(self) -> dict[tuple[str, str], Ref]:
        """(vocabulary, term) -> the entry that is that term's page (fields marked x-key)."""
        pages: dict[tuple[str, str], Ref] = {}
        for collection in self.kb.collections.values():
            for name, prop in (collection.raw_schema.get("properties") or {}).items():
                if isinstance(prop, dict) and prop.get("x-key") and prop.get("x-vocab"):
                    for entry in collection.entries.values():
                        value = entry.facts.get(name)
                        if isinstance(value, str):
                            pages[(prop["x-vocab"], value)] = (collection.name, entry.id)
        return pages

    def references(self, entry: Entry) -> list[Ref]:
        """Every entry this entry points to: reference fields, vocabulary key pages, body links."""
        return _cached(_REFERENCES, (entry.collection, entry.id), (self.context, *entry.docs.values()), lambda: self._references(entry))

    def _references(self, entry: Entry) -> list[Ref]:
        out: list[Ref] = []
        schema = self.kb.collections[entry.collection].schema
        for path, sub, value in walk_values(schema, entry.facts, schema):
            if not isinstance(value, str):
                continue
            if sub.get("x-ref") and self.exists(sub["x-ref"], value):
                out.append((sub["x-ref"], value))
            elif sub.get("x-vocab") and not sub.get("x-key") and (sub["x-vocab"], value) in self.key_pages:
                out.append(self.key_pages[(sub["x-vocab"], value)])
        for doc in entry.docs.values():
            for _, url, _, _ in iter_links(blank_code(doc.body)):
                target = link_target(self.kb, doc, url)
                if target and target[0] in self.kb.collections and target[1] in self.kb.collections[target[0]].entries:
                    out.append(target)
        me = (entry.collection, entry.id)
        return list(dict.fromkeys(r for r in out if r != me))

    def _index_references(self) -> dict[Ref, list[Ref]]:
        backlinks: dict[Ref, list[Ref]] = {}
        for entry in self.kb.entries():
            for target in self.references(entry):
                backlinks.setdefault(target, []).append((entry.collection, entry.id))
        return backlinks

    def exists(self, collection: str, entry_id: str) -> bool:
        return collection in self.kb.collections and entry_id in self.kb.collections[collection].entries

    def entry(self, ref: Ref) -> Entry:
        return self.kb.collections[ref[0]].entries[ref[1]]

    def link(self, from_uri: str, ref: Ref, lang: str) -> str:
        return f"[{esc(self.entry(ref).title(lang))}]({rel(from_uri, entry_uri(self.kb, lang, *ref))})"

    # values -----------------------------------------------------------------------

    def value(self, schema: dict, value: Any, lang: str, from_uri: str, root: dict, entry: Entry | None = None, compact: bool = False) -> str:
        """One front-matter value as Markdown in the given language."""
        schema = resolve_schema(schema, root)
        if value is None:
            return ""
        if schema.get("x-ref") and isinstance(value, str):
            ref = (schema["x-ref"], value)
            return self.link(from_uri, ref, lang) if self.exists(*ref) else esc(value)
        if schema.get("x-vocab") and isinstance(value, str):
            return self.term(schema["x-vocab"], value, lang, from_uri, link=not schema.get("x-key"), compact=compact)
        if schema.get("format") in ("date", "partial-date"):
            return format_date(value, lang)
        if schema.get("format") == "url" and isinstance(value, str):
            return f'<a href="{esc(value)}" rel="noopener noreferrer">{esc(_host(value))}</a>'
        if isinstance(value, bool):
            return self.kb.label("yes" if value else "no", lang)
        if isinstance(value, (int, float)):
            unit = (schema.get("x-unit") or {}).get(lang)
            return format_number(value, lang) + (f"\u00a0{unit}" if unit else "")
        if isinstance(value, list):
            items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
            if schema.get("prefixItems") and all(isinstance(v, (int, float)) for v in value):
                return "; ".join(format_number(v, lang) for v in value)
            parts = [self.value(items, v, lang, from_uri, root, entry, compact) for v in value]
            return ("; " if not compact else ", ").join(p for p in parts if p)
        if isinstance(value, dict):
            props = schema.get("properties") or {}
            if "value" in props and "as_of" in props:
                return self.figure(schema, value, lang, entry, compact)
            if lang in value and isinstance(value[lang], str):
                text = esc(value[lang])
                if isinstance(value.get("url"), str):
                    text = f'<a href="{esc(value["url"])}" rel="noopener noreferrer">{text}</a>'
                return text
            return "; ".join(f"{esc(k)}: {self.value(props.get(k, {}), v, lang, from_uri, root, entry, compact)}" for k, v in value.items())
        return esc(value)

    def figure(self, schema: dict, value: dict, lang: str, entry: Entry | None, compact: bool) -> str:
        number = value.get("value")
        unit = (schema.get("x-unit") or {}).get(lang)
        text = format_number(number, lang) if isinstance(number, (int, float)) else esc(number)
        if unit:
            text += f"\u00a0{unit}"
        when = format_date(value.get("as_of"), lang)
        if compact:
            return f"{text} ({when})" if when else text
        text += f" ({self.kb.label('as-of', lang)} {when})"
        if isinstance(value.get("note"), dict) and value["note"].get(lang):
            text += f" — {esc(value['note'][lang])}"
        if entry is not None and value.get("source"):
            number_of = self.source_number(entry, value["source"])
            if number_of:
                text += f' <sup>[{number_of}](#source-{number_of})</sup>'
        if value.get("unconfirmed"):
            text += " " + self.badge(lang)
        return text

    def badge(self, lang: str) -> str:
        return f'<span class="kb-unconfirmed" title="{esc(self.kb.label("unconfirmed-note", lang))}">{esc(self.kb.label("unconfirmed", lang))}</span>'

    def source_number(self, entry: Entry, source_id: str) -> int | None:
        for i, source in enumerate(entry.facts.get("sources") or [], 1):
            if isinstance(source, dict) and source.get("id") == source_id:
                return i
        return None

    def term(self, vocab: str, value: str, lang: str, from_uri: str, link: bool = True, compact: bool = False) -> str:
        term = self.kb.vocabularies.get(vocab, {}).get(value, {})
        label = esc(term.get(lang) or term.get(self.kb.default_language) or value) if link else esc(value)
        page = self.key_pages.get((vocab, value))
        if link and page and page[1] in self.kb.collections[page[0]].entries:
            label = f"[{label}]({rel(from_uri, entry_uri(self.kb, lang, *page))})"
        if not compact:
            for key, other_vocab in self.kb.vocabulary_fields.get(vocab, {}).items():
                other = self.kb.vocabularies.get(other_vocab, {}).get(term.get(key), {})
                if other:
                    label += f" · {esc(other.get(lang) or term[key])}"
        return label

    # pages ------------------------------------------------------------------------

    def entry_page(self, entry: Entry, lang: str) -> GeneratedPage:
        key = (self.context, tuple(self.backlinks.get((entry.collection, entry.id), [])), *entry.docs.values())
        return _cached(_ENTRY_PAGES, (entry.collection, entry.id, lang), key, lambda: self._entry_page(entry, lang))

    def _entry_page(self, entry: Entry, lang: str) -> GeneratedPage:
        kb = self.kb
        collection = kb.collections[entry.collection]
        uri = entry_uri(kb, lang, entry.collection, entry.id)
        doc = entry.docs.get(lang) or entry.main
        schema = collection.schema
        out = [f"# {esc(entry.title(lang))}", ""]
        unconfirmed = set(entry.facts.get("unconfirmed") or [])
        rows = []
        for name, prop in (schema.get("properties") or {}).items():
            if name == "title" or name not in entry.facts or prop.get("x-show") is False:
                continue
            if name == "aliases":
                shown_value = self.aliases(entry, lang)
            else:
                shown_value = self.value(prop, entry.facts[name], lang, uri, schema, entry)
            if not shown_value:
                continue
            if prop.get("x-search-weight"):
                shown_value = f'<span data-pagefind-weight="{int(prop["x-search-weight"])}">{shown_value}</span>'
            if name in unconfirmed:
                shown_value += " " + self.badge(lang)
            rows.append(f"{esc(prop.get('x-label', {}).get(lang, name))}\n:   {shown_value}\n")
        if "aliases" not in entry.facts and self.aliases(entry, lang):
            rows.append(f"{esc(kb.label('aliases', lang))}\n:   {self.aliases(entry, lang)}\n")
        if rows:
            out += [f'<div class="kb-facts" markdown aria-label="{esc(kb.label("facts", lang))}">', "", *rows, "</div>", ""]
        out.append(self.body(entry, doc, lang).rstrip())
        out.append("")
        out += self.backlinks_section(entry, lang, uri)
        out += self.sources_section(entry, lang)
        return GeneratedPage(uri, lang, "\n".join(out).rstrip() + "\n", doc.path)

    def aliases(self, entry: Entry, lang: str) -> str:
        """Other names in every language, with the titles in the other languages, weighted for search."""
        others = [x for x in self.kb.languages if x != lang]
        aliases = entry.facts.get("aliases") if isinstance(entry.facts.get("aliases"), dict) else {}
        names = [n for lg in [lang, *others] for n in aliases.get(lg) or [] if isinstance(n, str)]
        names += [entry.title(lg) for lg in others]
        names = [n for n in dict.fromkeys(names) if n != entry.title(lang)]
        return f'<span data-pagefind-weight="5">{"; ".join(esc(n) for n in names)}</span>' if names else ""

    def body(self, entry: Entry, doc, lang: str) -> str:
        """The entry's text with links to translation files pointed at the page's language."""
        body = doc.body
        for other in self.kb.languages[1:]:
            if f".{other}.md" not in body:
                continue
            body = re.sub(rf"(\]\((?:\.\./)?[^)\s]*?)\.{other}\.md", r"\1.md", body)

        pieces, pos = [], 0
        for match in citations(body):
            number = self.source_number(entry, match.group(1))
            if number:
                pieces += [body[pos : match.start()], f'<sup class="kb-cite">[{number}](#source-{number})</sup>']
                pos = match.end()
        return "".join(pieces) + body[pos:]

    def backlinks_section(self, entry: Entry, lang: str, uri: str) -> list[str]:
        refs = self.backlinks.get((entry.collection, entry.id), [])
        if not refs:
            return []
        out = [f"## {esc(self.kb.label('referenced-by', lang))} {{ #referenced-by }}", ""]
        for name, collection in self.kb.collections.items():
            group = sorted((r for r in refs if r[0] == name), key=lambda r: self.entry(r).title(lang).casefold())
            if not group:
                continue
            links = ", ".join(self.link(uri, r, lang) for r in group[:BACKLINKS_SHOWN])
            if len(group) > BACKLINKS_SHOWN:
                links += f", … (+{len(group) - BACKLINKS_SHOWN} {self.kb.label('more', lang)}: [{esc(collection.label.get(lang, name))}]({rel(uri, catalogue_uri(self.kb, lang, name))}))"
            out.append(f"- **{esc(collection.label.get(lang, name))}** ({len(group)}): {links}")
        return out + [""]

    def sources_section(self, entry: Entry, lang: str) -> list[str]:
        kb = self.kb
        out = [f"## {esc(kb.label('sources', lang))} {{ #sources }}", "", '<ol class="kb-sources">']
        for i, source in enumerate(entry.facts.get("sources") or [], 1):
            if not isinstance(source, dict):
                continue
            title = esc(source.get("title", ""))
            if isinstance(source.get("url"), str):
                title = f'<a href="{esc(source["url"])}" rel="noopener noreferrer">{title}</a>'
            elif source.get("document"):
                title = f"{title} — {esc(source['document'])}" if source.get("document") != source.get("title") else title
            read = f", {kb.label('read-on', lang)} {format_date(source.get('read', ''), lang)}" if source.get("read") else ""
            out.append(f'<li id="source-{i}">{title}{read}</li>')
        out.append("</ol>")
        reviewed = entry.facts.get(kb.settings.get("review_field", "reviewed"))
        if reviewed:
            out += ["", f'<p class="kb-reviewed">{esc(kb.label("reviewed", lang))}: {format_date(reviewed, lang)}</p>']
        if entry.facts.get("unconfirmed") or any(isinstance(v, dict) and v.get("unconfirmed") for v in entry.facts.values()):
            out += ["", f'<p class="kb-note">{self.badge(lang)} {esc(kb.label("unconfirmed-note", lang))}</p>']
        return out + [""]

    def summary(self, entry: Entry, lang: str) -> str:
        """The first paragraph of the entry's text, as plain text, at most 200 characters."""
        doc = entry.docs.get(lang) or entry.main
        for block in re.split(r"\n\s*\n", blank_code(doc.body)):
            block = block.strip()
            if block and not block.startswith(("#", "<", "|", "!", "-", "*", ">")):
                text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", block)
                text = re.sub(r"[*_`]", "", " ".join(text.split()))
                return text if len(text) <= 200 else text[:199].rsplit(" ", 1)[0] + "…"
        return ""

    def cell(self, entry: Entry, column: str, lang: str, uri: str) -> str:
        collection = self.kb.collections[entry.collection]
        if column == "title":
            return self.link(uri, (entry.collection, entry.id), lang)
        if column == "@summary":
            return esc(self.summary(entry, lang))
        if column.startswith("@backlinks:"):
            other = column.split(":", 1)[1]
            return str(sum(1 for r in self.backlinks.get((entry.collection, entry.id), []) if r[0] == other))
        prop = (collection.schema.get("properties") or {}).get(column, {})
        return self.value(prop, entry.facts.get(column), lang, uri, collection.schema, entry, compact=True)

    def header(self, collection_name: str, column: str, lang: str) -> str:
        if column == "@summary":
            return esc(self.kb.label("summary", lang))
        if column.startswith("@backlinks:"):
            other = self.kb.collections.get(column.split(":", 1)[1])
            return esc(other.label.get(lang, other.name)) if other else column
        prop = (self.kb.collections[collection_name].schema.get("properties") or {}).get(column, {})
        return esc(prop.get("x-label", {}).get(lang, column))

    def sorted_entries(self, collection_name: str, lang: str) -> list[Entry]:
        entries = list(self.kb.collections[collection_name].entries.values())
        return sorted(entries, key=lambda e: (e.facts.get("order") if isinstance(e.facts.get("order"), int) else 10**9, e.title(lang).casefold()))

    def catalogue_pages(self, name: str, lang: str) -> list[GeneratedPage]:
        kb = self.kb
        collection = kb.collections[name]
        size = max(1, int(kb.settings.get("catalogue_page_size", 100)))
        entries = self.sorted_entries(name, lang)
        chunks = [entries[i : i + size] for i in range(0, len(entries), size)] or [[]]
        pages = []
        title = esc(collection.label.get(lang, name))
        for number, chunk in enumerate(chunks, 1):
            uri = catalogue_uri(kb, lang, name, number)
            out = [f"# {title}" + (f" — {esc(kb.label('page', lang))} {number}" if number > 1 else ""), ""]
            if collection.description.get(lang):
                out += [esc(collection.description[lang]), ""]
            out += [f"{esc(kb.label('entries', lang))}: {len(entries)}.", ""]
            columns = collection.columns
            out += ['<div class="kb-catalogue" markdown>', ""]
            out.append("| " + " | ".join(self.header(name, c, lang) for c in columns) + " |")
            out.append("|" + "---|" * len(columns))
            for entry in chunk:
                out.append("| " + " | ".join(self.cell(entry, c, lang, uri).replace("\n", " ") for c in columns) + " |")
            out += ["", self.filter_data(name, chunk, lang), "", "</div>"]
            if len(chunks) > 1:
                links = [f"[{n}]({rel(uri, catalogue_uri(kb, lang, name, n))})" if n != number else f"**{n}**" for n in range(1, len(chunks) + 1)]
                out += ["", f'<nav class="kb-pages" markdown>{esc(kb.label("page", lang))}: ' + " · ".join(links) + "</nav>"]
            pages.append(GeneratedPage(uri, lang, "\n".join(out) + "\n", f"{kb.settings.get('kb_dir', 'kb')}/schemas/{name}.schema.yml"))
        return pages

    def filter_data(self, name: str, entries: list[Entry], lang: str) -> str:
        """The values of a catalogue's filterable fields (x-filter) per row, as inert JSON for kb.js."""
        collection = self.kb.collections[name]
        props = collection.schema.get("properties") or {}
        filters = []
        for field, prop in props.items():
            if not prop.get("x-filter"):
                continue
            sub = resolve_schema(prop, collection.schema)
            items = resolve_schema(sub["items"], collection.schema) if isinstance(sub.get("items"), dict) else sub
            options: dict[str, str] = {}
            for entry in entries:
                for value in self._filter_values(entry.facts.get(field), items):
                    options[value] = self._filter_label(items, value, lang)
            filters.append({"key": field, "label": prop.get("x-label", {}).get(lang, field),
                            "options": sorted(options.items(), key=lambda kv: kv[1].casefold())})
        rows = [{f["key"]: self._filter_values(e.facts.get(f["key"]), self._items_schema(props[f["key"]], collection.schema)) for f in filters} for e in entries]
        labels = {k: self.kb.label(k, lang) for k in ("filter", "filter-all", "filter-reset", "filter-shown")}
        data = json.dumps({"filters": filters, "rows": rows, "labels": labels}, ensure_ascii=False, sort_keys=True)
        data = data.replace("</", "<\\/")  # JSON inside a script element must not close it
        return f'<script type="application/json" class="kb-filter-data">{data}</script>' if filters else ""

    def _items_schema(self, prop: dict, root: dict) -> dict:
        sub = resolve_schema(prop, root)
        return resolve_schema(sub["items"], root) if isinstance(sub.get("items"), dict) else sub

    def _filter_values(self, value: Any, schema: dict) -> list[str]:
        values = value if isinstance(value, list) else [value]
        out = []
        for v in values:
            if v is None or isinstance(v, (dict, list)):
                continue
            if schema.get("format") in ("date", "partial-date"):
                v = str(v)[:4]
            out.append(str(v))
        return out

    def _filter_label(self, schema: dict, value: str, lang: str) -> str:
        if schema.get("x-ref") and self.exists(schema["x-ref"], value):
            return self.entry((schema["x-ref"], value)).title(lang)
        if schema.get("x-vocab"):
            term = self.kb.vocabularies.get(schema["x-vocab"], {}).get(value, {})
            return str(term.get(lang) or value)
        return value

    def _groups(self, view: dict, lang: str) -> dict[str, Any]:
        """Groups of a chart: the entries of the group_by field's collection, with their colours."""
        from kb_charts import Group

        collection = self.kb.collections[view["collection"]]
        target = self._items_schema((collection.schema.get("properties") or {}).get(view["group_by"], {}), collection.schema).get("x-ref")
        groups = {}
        for entry in self.sorted_entries(target, lang) if target else []:
            groups[entry.id] = Group(entry.title(lang), str(entry.facts.get(view.get("colour_field", "color"), "#777777")))
        return groups

    def map_page(self, view: dict, lang: str) -> GeneratedPage:
        from kb_charts import Point, legend_html, map_svg

        kb = self.kb
        uri = f"{prefix(kb, lang)}{view['path']}.md"
        groups = self._groups(view, lang)
        points, rows = [], []
        for entry in self.sorted_entries(view["collection"], lang):
            coords = entry.facts.get(view["field"])
            if not (isinstance(coords, list) and len(coords) == 2 and all(isinstance(c, (int, float)) for c in coords)):
                continue
            group = groups.get(entry.facts.get(view["group_by"]))
            colour = group.colour if group else "#777777"
            region = self.cell(entry, "region", lang, uri) if "region" in entry.facts else ""
            plain_region = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", region)
            points.append(Point(coords[0], coords[1], f"{entry.title(lang)} — {html.unescape(plain_region)}" if plain_region else entry.title(lang),
                                href(uri, entry_uri(kb, lang, view["collection"], entry.id)), colour))
            rows.append(f"| {self.link(uri, (view['collection'], entry.id), lang)} | {esc(group.label) if group else ''} | {region} | {format_number(coords[0], lang)}; {format_number(coords[1], lang)} |")
        outline_path = kb.root / kb.settings.get("kb_dir", "kb") / view["outline"] if view.get("outline") else None
        outline = []
        if outline_path and outline_path.is_file():
            geometry = json.loads(outline_path.read_text(encoding="utf-8"))["geometry"]
            polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
            outline = [polygon[0] for polygon in polygons]
        title = view["title"].get(lang, view["path"])
        desc = view.get("intro", {}).get(lang, "")
        bounds = tuple(view["bounds"]) if isinstance(view.get("bounds"), list) and len(view["bounds"]) == 4 else (19, 41, 191, 82)
        svg = map_svg(points, outline, title, desc, bounds) + legend_html(list(groups.values()), kb.label("map-legend", lang))
        collection = kb.collections[view["collection"]]
        props = collection.schema.get("properties") or {}
        out = [f"# {esc(title)}", "", esc(desc), "", f'<figure class="kb-chart">\n{svg}\n</figure>', "",
               f"| {esc(collection.label.get(lang, view['collection']))} | {esc(props.get(view['group_by'], {}).get('x-label', {}).get(lang, ''))} | "
               f"{esc(props.get('region', {}).get('x-label', {}).get(lang, ''))} | {esc(kb.label('coordinates', lang))} |", "|---|---|---|---|", *rows]
        return GeneratedPage(uri, lang, "\n".join(out) + "\n", f"{kb.settings.get('kb_dir', 'kb')}/kb.yml")

    def timeline_page(self, view: dict, lang: str) -> GeneratedPage:
        from kb_charts import legend_html, timeline_svg

        kb = self.kb
        uri = f"{prefix(kb, lang)}{view['path']}.md"
        groups = self._groups(view, lang)
        counts: dict[int, dict[str, int]] = {}
        missing = []
        for entry in self.sorted_entries(view["collection"], lang):
            value = entry.facts.get(view["field"])
            year = str(value)[:4] if value is not None else ""
            if not year.isdigit():
                missing.append(entry)
                continue
            by_group = counts.setdefault(int(year), {})
            key = entry.facts.get(view["group_by"])
            by_group[key] = by_group.get(key, 0) + 1
        title = view["title"].get(lang, view["path"])
        desc = view.get("intro", {}).get(lang, "")
        out = [f"# {esc(title)}", "", esc(desc), ""]
        if counts:
            chart = timeline_svg(counts, groups, title, desc) + legend_html(list(groups.values()), kb.label("map-legend", lang))
            out += [f'<figure class="kb-chart">\n{chart}\n</figure>', ""]
            out.append(f"| {esc(kb.label('year', lang))} | " + " | ".join(esc(g.label) for g in groups.values()) + f" | {esc(kb.label('total', lang))} |")
            out.append("|---|" + "---:|" * (len(groups) + 1))
            for year in sorted(counts):
                row = counts[year]
                out.append(f"| {year} | " + " | ".join(str(row.get(k, 0)) for k in groups) + f" | {sum(row.values())} |")
        if missing:
            out += ["", f"{esc(kb.label('no-year', lang))}: " + ", ".join(self.link(uri, (view["collection"], e.id), lang) for e in missing) + "."]
        return GeneratedPage(uri, lang, "\n".join(out) + "\n", f"{kb.settings.get('kb_dir', 'kb')}/kb.yml")

    def search_page(self, lang: str) -> GeneratedPage:
        """The search page: kb.js loads the search index's interface into it."""
        uri = f"{prefix(self.kb, lang)}search.md"
        label = esc(self.kb.label("search", lang))
        base = href(uri, "index.md")
        return GeneratedPage(uri, lang, f'# {label}\n\n<div id="kb-search" data-bundle="{base}pagefind/" data-names="{base}names/{lang}/" '
                                        f'data-label="{esc(self.kb.label("search-placeholder", lang))}" data-direct="{esc(self.kb.label("direct-hits", lang))}"></div>\n')

    def matrix_page(self, view: dict, lang: str) -> GeneratedPage:
        kb = self.kb
        uri = f"{prefix(kb, lang)}{view['path']}.md"
        rows, columns, field_name = view["rows"], view["columns"], view["field"]
        out = [f"# {esc(view['title'].get(lang, view['path']))}", ""]
        if view.get("intro", {}).get(lang):
            out += [esc(view["intro"][lang]), ""]
        cols = self.sorted_entries(columns, lang)
        out.append(f"| {esc(kb.collections[rows].label.get(lang, rows))} | " + " | ".join(self.link(uri, (columns, c.id), lang) for c in cols) + " |")
        out.append("|---|" + ":---:|" * len(cols))
        for entry in self.sorted_entries(rows, lang):
            targets = entry.facts.get(field_name) or []
            marks = ["✓" if c.id in targets else "—" for c in cols]
            out.append(f"| {self.link(uri, (rows, entry.id), lang)} | " + " | ".join(marks) + " |")
        return GeneratedPage(uri, lang, "\n".join(out) + "\n", f"{kb.settings.get('kb_dir', 'kb')}/kb.yml")

    def schema_reference(self, lang: str) -> list[GeneratedPage]:
        """The editors' reference, generated from the schemas so it cannot drift from the checks:
        the rules (editors/), every collection's fields (editors/fields/), the vocabularies."""
        kb = self.kb
        p = prefix(kb, lang)
        kb_dir = kb.settings.get("kb_dir", "kb")
        title = esc(kb.label("editors", lang))
        rules = [f"# {title}", "",
                 "What `kb check` enforces, generated from the schemas in `kb/schemas/` and the vocabularies in "
                 "`kb/vocabularies/`: [the fields of each collection](fields.md) and [the allowed values](vocabularies.md). "
                 "Every problem it reports names one of the rules below.", "",
                 "## Checks { #rules }", "", "| Rule | Severity | Meaning | Example message |", "|---|---|---|---|"]
        for rule, (severity, meaning, example) in RULES.items():
            rules.append(f"| `{rule}` | {severity} | {esc(meaning)} | {esc(example)} |")
        fields = [f"# {title}: fields", ""]
        for name, collection in kb.collections.items():
            schema = collection.schema
            required = set(schema.get("required") or [])
            fields += [f"## {esc(collection.label.get(lang, name))} (`{kb_dir}/{name}/`) {{ #collection-{name} }}", "",
                       esc(collection.raw_schema.get("description", "")), ""]
            fields += ["| Field | Required | Value | Description |", "|---|---|---|---|"]
            for field, prop in (schema.get("properties") or {}).items():
                fields.append(f"| `{field}` | {'yes' if field in required else 'no'} | {self.kind(prop, schema)} | {esc(prop.get('description', ''))} |")
            if collection.sections:
                heads = "; ".join(" / ".join(f"`## {esc(s[lg])}`" for lg in kb.languages if s.get(lg)) for s in collection.sections)
                fields += ["", f"Required sections of the text: {heads}."]
            fields.append("")
        vocabularies = [f"# {title}: vocabularies", ""]
        for vocab, terms in kb.vocabularies.items():
            vocabularies += [f"## `{vocab}` {{ #vocab-{vocab} }}", "", "| Value | " + " | ".join(kb.languages) + " |", "|---|" + "---|" * len(kb.languages)]
            for term, labels in terms.items():
                vocabularies.append(f"| `{esc(term)}` | " + " | ".join(esc(labels.get(lg, "")) for lg in kb.languages) + " |")
            vocabularies.append("")
        return [
            GeneratedPage(f"{p}editors/index.md", lang, "\n".join(rules) + "\n", f"{kb_dir}/schemas/"),
            GeneratedPage(f"{p}editors/fields.md", lang, "\n".join(fields) + "\n", f"{kb_dir}/schemas/"),
            GeneratedPage(f"{p}editors/vocabularies.md", lang, "\n".join(vocabularies) + "\n", f"{kb_dir}/vocabularies/"),
        ]

    def kind(self, prop: dict, root: dict) -> str:
        name = prop.get("x-def") or prop.get("$ref", "").rsplit("/", 1)[-1]
        sub = resolve_schema(prop, root)
        if sub.get("x-ref"):
            return f"id of an entry in `{sub['x-ref']}`"
        if sub.get("x-vocab"):
            return f"a value of [`{sub['x-vocab']}`](vocabularies.md#vocab-{sub['x-vocab']})"
        items = sub.get("items") if isinstance(sub.get("items"), dict) else None
        if sub.get("type") == "array" and items:
            return "list of " + self.kind(items, root)
        if name == "figure":
            return "figure: `{value, as_of, source, unconfirmed, note}`"
        if name in ("text", "act", "names"):
            return f"per language: `{{{', '.join(self.kb.languages)}}}`" + (" and `url`" if name == "act" else "")
        if sub.get("format"):
            return {"date": "date `YYYY-MM-DD`", "partial-date": "date `YYYY[-MM[-DD]]`", "url": "web address"}.get(sub["format"], sub["format"])
        if sub.get("pattern"):
            return esc(sub.get("x-hint", f"text matching `{sub['pattern']}`"))
        types = sub.get("type")
        return " or ".join({"string": "text", "integer": "whole number", "number": "number", "boolean": "`true`/`false`", "object": "fields"}.get(t, t) for t in (types if isinstance(types, list) else [types or "any"]))

    def review_page(self, lang: str) -> GeneratedPage:
        kb = self.kb
        uri = f"{prefix(kb, lang)}editors/review.md"
        field = kb.settings.get("review_field", "reviewed")
        due = [e for e in kb.entries() if review_due(kb, e, self.today)]
        out = [f"# {esc(kb.label('review-due', lang))}", "",
               f"Entries whose `{field}` date is more than {kb.settings.get('review_months', 12)} months old: {len(due)}.", ""]
        if due:
            out += ["| Entry | Collection | Reviewed |", "|---|---|---|"]
            for entry in sorted(due, key=lambda e: str(e.facts.get(field, ""))):
                name = kb.collections[entry.collection].label.get(lang, entry.collection)
                out.append(f"| {self.link(uri, (entry.collection, entry.id), lang)} | {esc(name)} | {format_date(entry.facts.get(field, '—'), lang)} |")
        return GeneratedPage(uri, lang, "\n".join(out) + "\n")

    def pages(self) -> list[GeneratedPage]:
        out: list[GeneratedPage] = []
        for lang in self.kb.languages:
            for name in self.kb.collections:
                out += self.catalogue_pages(name, lang)
            for entry in self.kb.entries():
                out.append(self.entry_page(entry, lang))
            for view in self.kb.settings.get("views") or []:
                make = {"matrix": self.matrix_page, "map": self.map_page, "timeline": self.timeline_page}[view["kind"]]
                out.append(make(view, lang))
            out.append(self.search_page(lang))
            out += self.schema_reference(lang)
            out.append(self.review_page(lang))
        return out

    def catalog(self) -> dict[str, Any]:
        """Every fact of every entry, with titles and page addresses: the site's catalog.json."""
        kb = self.kb
        data: dict[str, Any] = {"languages": kb.languages, "collections": {}}
        for name, collection in kb.collections.items():
            data["collections"][name] = {
                "label": collection.label,
                "entries": [
                    {
                        "id": entry.id,
                        "title": {lang: entry.title(lang) for lang in kb.languages},
                        "url": {lang: entry_uri(kb, lang, name, entry.id)[:-3] + "/" for lang in kb.languages},
                        "facts": entry.facts,
                        "referenced_by": [f"{c}/{i}" for c, i in self.backlinks.get((name, entry.id), [])],
                    }
                    for entry in collection.entries.values()
                ],
            }
        return data

    def names_index(self, lang: str) -> dict[str, list[list[str]]]:
        """Every entry's names (titles in all languages, aliases, abbreviations) for the search page's
        direct hits, split into chunks by the first two characters of each word so that a query
        fetches one small file however large the base grows. Rows: [url, title, name, name, …]."""
        chunks: dict[str, list[list[str]]] = {}
        for entry in self.kb.entries():
            names = [entry.title(lg) for lg in self.kb.languages]
            aliases = entry.facts.get("aliases") if isinstance(entry.facts.get("aliases"), dict) else {}
            names += [n for lg in self.kb.languages for n in aliases.get(lg) or [] if isinstance(n, str)]
            abbreviation = entry.facts.get("abbreviation")
            if isinstance(abbreviation, dict):
                names += [v for v in abbreviation.values() if isinstance(v, str)]
            names = list(dict.fromkeys(names))
            row = [page_url(entry_uri(self.kb, lang, entry.collection, entry.id)), entry.title(lang), *names]
            keys = {word[:2] for name in names for word in name_words(name)}
            for key in sorted(keys):
                chunks.setdefault(key, []).append(row)
        return chunks

    def nav(self, lang: str) -> list[dict[str, str]]:
        """The navigation of one language: home, each collection's catalogue, views, editors."""
        kb = self.kb
        p = prefix(kb, lang)
        items = [{kb.label("home", lang): f"{p}index.md"}]
        items += [{c.label.get(lang, n): catalogue_uri(kb, lang, n)} for n, c in kb.collections.items()]
        items += [{v["title"].get(lang, v["path"]): f"{p}{v['path']}.md"} for v in kb.settings.get("views") or []]
        items.append({kb.label("editors", lang): [
            {kb.label("editors", lang): f"{p}editors/index.md"},
            {kb.label("fields", lang): f"{p}editors/fields.md"},
            {kb.label("vocabularies", lang): f"{p}editors/vocabularies.md"},
            {kb.label("review-due", lang): f"{p}editors/review.md"},
            *({page["title"].get(lang, page["path"]): page["path"]} for page in kb.settings.get("nav_pages") or []),
        ]})
        return items


# Results kept between builds of one process (`mkdocs serve` rebuilds after every save), each
# with the key it was computed from: the render context digest and the entry's Document objects,
# which kb_read hands out again, the same objects, for unchanged file content. A changed title,
# schema or backlink changes the key, so a stale page is never returned.
_REFERENCES: dict = {}
_ENTRY_PAGES: dict = {}


def _cached(store: dict, name: tuple, key: tuple, make):
    held = store.get(name)
    if held is not None and len(held[0]) == len(key) and all(a is b or a == b for a, b in zip(held[0], key)):
        return held[1]
    value = make()
    store[name] = (key, value)
    return value


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).netloc or url
