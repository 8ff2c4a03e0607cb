"""Values on a page: escaping, numbers and dates in each language, terms, figures and links.

Used by every page. Numbers and dates follow each language's conventions through Babel (CLDR
data), so no language's words are written here. Every value from the base reaches a page
through `esc` or through a formatter built on it; raw HTML comes only from this engine.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from typing import Any
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_date
from babel.dates import format_skeleton
from babel.numbers import format_decimal

from kb.core.model import BARE, Entry, Field, KnowledgeBase
from kb.pages.site import Layout, rel

# Characters that Markdown would act on, written as HTML entities so that text stays text.
_MARKDOWN_ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in "|[]*_`\\{}"})


def esc(text: Any) -> str:
    """Any value made safe for Markdown and HTML alike: it shows as the text it is, and nothing in it
    can start a list, a heading or a table, wherever on a line it is put."""
    return _esc(text) if type(text) is str and len(text) < 512 else _esc.__wrapped__(str(text))


# What would start a block where a line begins: a list («5. Dezember 2018», "1) …", "- …", "+ …"),
# a heading ("# …"), a setext underline or a fence ("===", "~~~"). Its mark is written as an entity.
_BLOCK_START = re.compile(r"(?m)^([ \t]*)(?:(\d{1,9})([.)])|([#+\-=~]))")


def _not_a_block(match: re.Match) -> str:
    indent, number, after, mark = match.groups()
    return f"{indent}{number}&#{ord(after)};" if number else f"{indent}&#{ord(mark)};"


@functools.lru_cache(maxsize=65536)  # titles and labels are escaped again on every page that names them
def _esc(text: str) -> str:
    return _BLOCK_START.sub(_not_a_block, html.escape(text, quote=True).translate(_MARKDOWN_ENTITIES))


def format_number(value: float | int, lang: str) -> str:
    return _number(isinstance(value, float), value, lang)


@functools.lru_cache(maxsize=16384)  # Babel takes longer than a page's other values; numbers repeat
def _number(is_float: bool, value: float | int, lang: str) -> str:  # 1 and 1.0 kept apart
    return format_decimal(value, "#,##0.##", locale=lang)


def format_date(value: Any, lang: str) -> str:
    """A date, a year and month, or a year, written as the language writes it."""
    return _date(str(value), lang)


@functools.lru_cache(maxsize=16384)  # a base has a few thousand distinct dates, each on many pages
def _date(text: str, lang: str) -> str:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return esc(babel_date(dt.date.fromisoformat(text), "long", locale=lang))
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return esc(format_skeleton("yMMMM", dt.date(int(text[:4]), int(text[5:]), 1), locale=lang))
    except ValueError:
        pass
    return esc(text)


def host(url: str) -> str:
    return urlsplit(url).netloc or url


def external(url: str, text: str) -> str:
    """A link out of the site: the text is already escaped."""
    return f'<a href="{esc(url)}" rel="noopener noreferrer">{text}</a>'


@functools.lru_cache(maxsize=256)
def language_name(code: str, lang: str) -> str:
    """The name of a language in another, from the CLDR (Babel): 'английский', 'Russian'."""
    try:
        return Locale.parse(lang).languages.get(code) or code
    except (ValueError, UnknownLocaleError):
        return code


class Formatter:
    """Formats the checked values of one base: every value has the shape its schema declares."""

    def __init__(self, kb: KnowledgeBase, layout: Layout, key_pages: dict):
        self.kb, self.layout, self.key_pages = kb, layout, key_pages

    def link(self, from_uri: str, ref: tuple[str, str], lang: str) -> str:
        entry = self.kb.entry(ref)
        title = entry.title(lang) if entry else ref[1]
        return f"[{esc(title)}]({rel(from_uri, self.layout.entry(lang, *ref))})" if entry else esc(title)

    def label(self, key: str, lang: str) -> str:
        return esc(self.kb.label(key, lang))

    def phrase(self, key: str, lang: str, **parts: str) -> str:
        """A label with {name} places filled by the engine's Markdown: the label's own text is
        escaped, each known place gets its part as it is, and an unknown one stays as text."""
        pieces = re.split(r"\{([a-z_]+)\}", self.kb.label(key, lang))
        return "".join(esc(piece) if i % 2 == 0 else parts.get(piece, esc(f"{{{piece}}}")) for i, piece in enumerate(pieces))

    def value(self, schema: Field, value: Any, lang: str, from_uri: str, entry: Entry | None = None, compact: bool = False) -> str:
        """One checked front-matter value as Markdown in the given language."""
        if value is None:
            return ""
        if schema.ref:
            return self.link(from_uri, (schema.ref, value), lang)
        if schema.vocab:
            return self.term(schema.vocab, value, lang, from_uri, link=not schema.key, compact=compact)
        if schema.is_date:
            return format_date(value, lang)
        if schema.format == "url":
            return external(value, esc(host(value)))
        if isinstance(value, bool):
            return self.label("yes" if value else "no", lang)
        if isinstance(value, (int, float)):
            return format_number(value, lang) + self.unit(schema, lang)
        if isinstance(value, list):
            if schema.prefix_items:
                return "; ".join(self.value(s, v, lang, from_uri, entry, compact) for s, v in zip(schema.prefix_items, value))
            items = schema.items or BARE
            parts = [self.value(items, v, lang, from_uri, entry, compact) for v in value]
            return ("; " if not compact else ", ").join(p for p in parts if p)
        if isinstance(value, dict):
            return self.mapping(schema, value, lang, from_uri, entry, compact)
        return esc(value)

    def unit(self, schema: Field, lang: str) -> str:
        unit = schema.unit.get(lang)
        return f"\u00a0{esc(unit)}" if unit else ""

    def mapping(self, schema: Field, value: dict, lang: str, from_uri: str, entry: Entry | None, compact: bool) -> str:
        props = schema.properties
        if schema.is_figure:
            return self.figure(schema, value, lang, entry, compact)
        if set(value) <= {*self.kb.languages, "url"} and isinstance(value.get(lang), str):
            text = esc(value[lang])
            return external(value["url"], text) if isinstance(value.get("url"), str) else text
        return "; ".join(f"{esc(k)}: {self.value(props.get(k, BARE), v, lang, from_uri, entry, compact)}" for k, v in value.items())

    def figure(self, schema: Field, value: dict, lang: str, entry: Entry | None, compact: bool) -> str:
        number = value.get("value")
        text = (format_number(number, lang) if isinstance(number, (int, float)) else esc(number)) + self.unit(schema, lang)
        when = format_date(value["as_of"], lang) if "as_of" in value else ""
        if compact:
            return f"{text} ({when})" if when else text
        if when:
            text += f" ({self.label('as-of', lang)} {when})"
        note = value.get("note")
        if isinstance(note, dict) and note.get(lang):
            text += f" — {esc(note[lang])}"
        number_of = self.source_number(entry, value.get("source")) if entry is not None else None
        if number_of:
            text += f'<sup class="kb-cite">[{number_of}](#source-{number_of})</sup>'
        if value.get("unconfirmed"):
            text += " " + self.badge(lang)
        return text

    def badge(self, lang: str) -> str:
        return f'<span class="kb-unconfirmed" title="{self.label("unconfirmed-note", lang)}">{self.label("unconfirmed", lang)}</span>'

    def sources(self, entry: Entry) -> list[dict]:
        field = self.kb.collections[entry.collection].role("sources")
        return list(entry.facts.get(field) or []) if field else []

    def source_title(self, source: dict, lang: str) -> tuple[str, str]:
        """A source's title as a page in `lang` shows it, and the mark of its language (plain
        text, both). A source written in another language (`language`) shows its title in this
        one where `title_translated` gives it, marked «(английский язык)», "(in Russian)"."""
        title = str(source.get("title", ""))
        language = source.get("language")
        if not isinstance(language, str) or language == lang:
            return title, ""
        translated = (source.get("title_translated") or {}).get(lang)
        return (translated or title), self.phrase_text("source-language", lang, language=language_name(language, lang))

    def phrase_text(self, key: str, lang: str, **parts: str) -> str:
        """A label with its {name} places filled, as plain text."""
        return re.sub(r"\{([a-z_]+)\}", lambda m: parts.get(m.group(1), m.group(0)), self.kb.label(key, lang))

    def source_number(self, entry: Entry, source_id: Any) -> int | None:
        for i, source in enumerate(self.sources(entry), 1):
            if source_id is not None and source.get("id") == source_id:
                return i
        return None

    def term(self, vocab: str, value: str, lang: str, from_uri: str, link: bool = True, compact: bool = False) -> str:
        term = self.kb.vocabularies.get(vocab, {}).get(value, {})
        label = esc(term.get(lang) or term.get(self.kb.default_language) or value) if link else esc(value)
        page = self.key_pages.get((vocab, value))
        if link and page and self.kb.entry(page):
            label = f"[{label}]({rel(from_uri, self.layout.entry(lang, *page))})"
        if not compact:
            for key, other_vocab in self.kb.vocabulary_fields.get(vocab, {}).items():
                other = self.kb.vocabularies.get(other_vocab, {}).get(term[key], {}) if key in term else {}
                if other:
                    label += f" · {esc(other.get(lang) or term[key])}"
        return label

    def term_label(self, vocab: str, value: str, lang: str) -> str:
        """A term's label as plain text (not escaped)."""
        term = self.kb.vocabularies.get(vocab, {}).get(value, {})
        return str(term.get(lang) or term.get(self.kb.default_language) or value)


def title_key(title: str) -> str:
    """How titles sort: by their letters, without case and without the quotes or other marks a
    title may open with (a quoted name sorts under its first letter, beside the unquoted ones)."""
    return _LEADING_MARKS.sub("", title.casefold())


_LEADING_MARKS = re.compile(r"^[\W_]+")
