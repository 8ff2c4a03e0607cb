"""The shapes that flow through the engine, in the order they are made.

    entry file --kb_yaml/kb_read--> Document --kb_check--> Entry (checked) --kb_render--> pages

A `Document` holds what a file says, whatever its shape. An `Entry` holds only what passed the
checks: every fact in it has the shape its schema declares, and a value that failed is left
out (its problem is reported), so rendering never meets a wrong shape. `Loaded` is the base as
read; `KnowledgeBase` the base as checked, the only thing the renderer sees. Settings,
vocabularies and schemas are checked the same way before any entry is read (`kb_settings`,
`kb_schema`). Nothing here knows about MkDocs or about the subject of the knowledge base.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.core.rules import Message, Problem, Where


@contextlib.contextmanager
def paused_gc():
    """Python's cycle collector paused while a whole base is read, checked or rendered.

    Those steps make millions of small dicts, lists and strings that hold no cycles and live
    until the step ends; the collector would scan them again and again as they pile up (a
    quarter of reading at 10,000 entries). It runs as before once the step is over."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class Document:
    """One Markdown file with front matter, as read from disk (not yet checked)."""

    path: str  # posix path relative to the project root
    meta: dict[str, Any]
    marks: dict[Where, tuple[int, int]]  # front-matter path -> (line, col), 1-based, in the file
    body: str
    body_line: int  # the file line on which the body starts

    def locate(self, path: Where) -> tuple[int, int]:
        """The line and column of a front-matter path, or of its nearest present ancestor."""
        return locate(self.marks, path)


def locate(marks: dict[Where, tuple[int, int]], path: Where) -> tuple[int, int]:
    path = tuple(path)
    while path:
        if path in marks:
            return marks[path]
        path = path[:-1]
    return (1, 1)


@dataclass(frozen=True)
class Text:
    """One language's prose of an entry: the file it comes from and its Markdown body."""

    path: str
    body: str
    body_line: int


@dataclass
class Entry:
    """One checked entry: facts that passed their schema, a title and a text per language."""

    collection: str
    id: str
    facts: dict[str, Any]
    titles: dict[str, str]  # language -> title (only languages whose title passed)
    texts: dict[str, Text]  # language -> text; the main language is always present

    @property
    def ref(self) -> tuple[str, str]:
        return (self.collection, self.id)

    @property
    def path(self) -> str:
        """The main file, which holds the facts."""
        return next(iter(self.texts.values())).path

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or next(iter(self.titles.values()), self.id)

    def text(self, lang: str) -> Text:
        return self.texts.get(lang) or next(iter(self.texts.values()))


@dataclass
class Collection:
    """A folder of entries under `kb/` and the checked schema its front matter follows."""

    name: str
    schema: dict[str, Any]  # checked JSON Schema, $refs inlined, vocabularies expanded into enums
    raw_schema: dict[str, Any]  # the schema as written (checked), for the editors' reference page
    path: str  # the schema file, relative to the project root
    validator: Any  # a jsonschema validator for `schema`, made once per load
    entries: dict[str, Entry] = field(default_factory=dict)  # filled by kb_check
    _outlines: dict = field(default_factory=dict, repr=False, compare=False)

    def outline(self, keywords: tuple[str, ...]) -> dict:
        """The schema cut down to the branches where some subschema has one of `keywords`
        (say x-ref): walking an entry's facts over it visits only the values those keywords
        speak of. Made once per collection and set of keywords."""
        if keywords not in self._outlines:
            self._outlines[keywords] = _outline(self.schema, keywords) or {}
        return self._outlines[keywords]

    @property
    def label(self) -> dict[str, str]:
        return self.schema.get("x-label") or {}

    @property
    def description(self) -> dict[str, str]:
        return self.schema.get("x-intro") or {}

    @property
    def properties(self) -> dict[str, dict]:
        return self.schema.get("properties") or {}

    @property
    def sections(self) -> list[dict[str, str]]:
        """Required body sections: a list of {language: heading}."""
        return list(self.schema.get("x-sections") or [])

    @property
    def columns(self) -> list[str]:
        return list(self.schema.get("x-catalog-columns") or ["title"])

    def role(self, name: str) -> str | None:
        """The field that plays a role (`x-role`) in this collection: sources, aliases, place…"""
        for key, prop in self.properties.items():
            if prop.get("x-role") == name:
                return key
        return None

    def name_of(self, lang: str) -> str:
        return self.label.get(lang) or self.name


def _outline(schema: Any, keywords: tuple[str, ...]) -> dict | None:
    if not isinstance(schema, dict):
        return None
    out: dict[str, Any] = {k: schema[k] for k in keywords if k in schema}
    props = {k: o for k, v in (schema.get("properties") or {}).items() if (o := _outline(v, keywords)) is not None}
    if props:
        out["properties"] = props
    items = _outline(schema.get("items"), keywords)
    if items is not None:
        out["items"] = items
    prefix = [_outline(s, keywords) for s in schema.get("prefixItems") or []]
    if any(p is not None for p in prefix):
        out["prefixItems"] = prefix
    return out or None


@dataclass
class Loaded:
    """The base as read: checked settings, vocabularies and schemas, and the entry documents
    (still unchecked), with the problems found so far."""

    root: Path
    settings: Any  # kb_settings.Settings
    vocabularies: dict[str, dict[str, dict[str, Any]]]  # name -> term -> {lang: label, other fields}
    vocabulary_fields: dict[str, dict[str, str]]  # vocabulary -> {term field: other vocabulary}
    collections: dict[str, Collection]
    documents: dict[tuple[str, str], dict[str, Document]]  # (collection, id) -> {lang: document}
    problems: list[Problem] = field(default_factory=list)
    fatal: bool = False  # settings too broken to read entries by
    # Files and folders under kb/ that are there but could not be read (each reported): a
    # translation in this set is not also reported missing, and `kb check` names them.
    unread: set[str] = field(default_factory=set)


@dataclass
class KnowledgeBase:
    """The checked base: what the renderer, the views, catalog.json and search read."""

    root: Path
    settings: Any  # kb_settings.Settings
    vocabularies: dict[str, dict[str, dict[str, Any]]]
    vocabulary_fields: dict[str, dict[str, str]]
    collections: dict[str, Collection]
    problems: list[Problem] = field(default_factory=list)  # every problem, sorted

    @property
    def languages(self) -> list[str]:
        return list(self.settings.languages)

    @property
    def default_language(self) -> str:
        return self.settings.languages[0]

    def entries(self):
        for collection in self.collections.values():
            yield from collection.entries.values()

    def entry(self, ref: tuple[str, str]) -> Entry | None:
        collection = self.collections.get(ref[0])
        return collection.entries.get(ref[1]) if collection else None

    def label(self, key: str, lang: str) -> str:
        return self.settings.label(key, lang)


@dataclass
class BuildCache:
    """Results kept between builds of one process (`mkdocs serve` rebuilds after every save), each
    under the key it was computed from, so a stale result is never returned. The MkDocs hook
    owns one and passes it down; `kb check` and the tests use a fresh one per run."""

    parsed: dict = field(default_factory=dict)  # (path, content digest) -> (Document | None, problems)
    checked: dict = field(default_factory=dict)  # (collection, id) -> (key, (Entry | None, problems))
    references: dict = field(default_factory=dict)  # (collection, id) -> (key, refs)
    pages: dict = field(default_factory=dict)  # (collection, id, lang) -> (key, page)
    drawn: dict = field(default_factory=dict)  # (what, view path) -> (key, drawing): the same in every language

    def get(self, store: dict, name: Any, key: tuple, make):
        """The value kept under `name` if it was made from an equal `key` (documents compare by
        identity: reading hands out the same object for unchanged content), else a new one."""
        held = store.get(name)
        if held is not None and len(held[0]) == len(key) and all(a is b or a == b for a, b in zip(held[0], key)):
            return held[1]
        if len(store) > 100_000:
            store.clear()
        value = make()
        store[name] = (key, value)
        return value


def did_you_mean(word: Any, choices) -> Message | str:
    """A '; did you mean …?' suffix naming the closest choice, or '' when none is close."""
    text = str(word)
    pool = [str(c) for c in choices]
    match = difflib.get_close_matches(text, pool, n=1, cutoff=0.6)
    if not match:
        lowered = {c.lower(): c for c in pool}
        match = [lowered[text.lower()]] if text.lower() in lowered else []
    return Message("did-you-mean", name=match[0]) if match else ""
