"""The shapes that flow through the engine, in the order they are made.

    entry file --read--> Document --check--> Entry (checked) --render--> pages

A `Document` holds what a file says, whatever its shape. An `Entry` holds only what passed the
checks: every fact in it has the shape its schema declares, and a value that failed is left
out (its problem is reported), so rendering never meets a wrong shape. `Loaded` is the base as
read; `KnowledgeBase` the base as checked, the only thing the renderer sees. Settings,
vocabularies and schemas are checked the same way before any entry is read (`kb.read.settings`,
`kb.read.schema`), and typed here: `Settings` and its `View`s, a collection's `Field`s. Nothing
here knows about MkDocs or about the subject of the knowledge base.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kb.core.rules import LANGUAGE, RULES, Message, Problem, Where


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

    def fact(self, name: str | None, default: Any = None) -> Any:
        """The value of field `name`, or `default` when the entry has none or no field is named
        (a role its collection gives no field: `Collection.role`)."""
        return self.facts.get(name, default) if name is not None else default

    def text(self, lang: str) -> Text:
        return self.texts.get(lang) or next(iter(self.texts.values()))


def in_language(texts: Mapping[str, str], lang: str) -> str:
    """A text per language in `lang`, else in the first language it has (the main one), else ''."""
    return texts.get(lang) or next(iter(texts.values()), "")


@dataclass(frozen=True, eq=False)
class Field:
    """A subschema of a collection as the engine reads it: the engine's keywords (x-…) typed,
    and the fields of its properties and items. Made once per collection by `kb.read.schema`,
    the only module that reads those keywords; every other module asks a Field."""

    schema: dict[str, Any] = field(repr=False)  # the checked JSON Schema node, $refs inlined
    label: Mapping[str, str] = field(default_factory=dict)  # x-label: the field's name per language
    description: Mapping[str, str] = field(default_factory=dict)  # description (main language first), x-description
    hint: Mapping[str, str] = field(default_factory=dict)  # x-hint (main language first), x-hint-translated
    example: Any = None  # x-example (None when there is none)
    ref: str | None = None  # x-ref: values are ids of this collection's entries
    vocab: str | None = None  # x-vocab: values are this vocabulary's terms
    key: bool = False  # x-key: the entry is the page of the term it holds
    stands_for: bool = False  # x-stands-for
    show: bool = True  # x-show: false keeps it out of the fact box
    unit: Mapping[str, str] = field(default_factory=dict)  # x-unit per language
    filter: bool = False  # x-filter: catalogues offer a filter on it
    search_weight: int | None = None  # x-search-weight
    source_ref: bool = False  # x-source-ref: the value is a source's id
    field_name: bool = False  # x-field-name: the value names a field of the entry
    future: bool = False  # x-future: the date may lie in the future
    role: str | None = None  # x-role
    definition: str | None = None  # x-def: the shared definition it was inlined from
    format: str | None = None
    types: tuple[str, ...] = ()  # JSON Schema type(s)
    required: tuple[str, ...] = ()
    properties: dict[str, Field] = field(default_factory=dict)
    items: Field | None = None
    prefix_items: tuple[Field, ...] = ()

    @property
    def values(self) -> Field:
        """The field of each value: its items' for a list, else itself."""
        return self.items or self

    @property
    def is_figure(self) -> bool:
        """A number with the date it was true on ({value, as_of, …})."""
        return "value" in self.properties and "as_of" in self.properties

    @property
    def is_date(self) -> bool:
        return self.format in ("date", "partial-date")

    def label_in(self, lang: str, default: str) -> str:
        return self.label.get(lang) or default

    def outline(self, keywords: tuple[str, ...]) -> Field | None:
        """The field cut down to the branches where some subfield has one of the attributes
        `keywords` set (say ref): walking values over it visits only those they speak of."""
        props = {k: o for k, v in self.properties.items() if (o := v.outline(keywords)) is not None}
        items = self.items.outline(keywords) if self.items else None
        prefix = tuple(p.outline(keywords) for p in self.prefix_items)
        if not (props or items or any(p is not None for p in prefix) or any(getattr(self, k) for k in keywords)):
            return None
        return replace(self, properties=props, items=items, prefix_items=tuple(p or BARE for p in prefix))


BARE = Field({})  # a subschema that says nothing the engine reads


@dataclass
class Collection:
    """A folder of entries under `kb/` and the checked schema its front matter follows."""

    name: str
    schema: dict[str, Any]  # checked JSON Schema, $refs inlined, vocabularies expanded into enums
    raw_schema: dict[str, Any]  # the schema as written (checked), for the editors' reference page
    path: str  # the schema file, relative to the project root
    validator: Any  # a jsonschema validator for `schema`, made once per load
    root: Field = BARE  # the schema's fields, typed (kb.read.schema)
    label: Mapping[str, str] = field(default_factory=dict)  # x-label: the collection's name per language
    about: Mapping[str, str] = field(default_factory=dict)  # its description per language, as written
    intro: Mapping[str, str] = field(default_factory=dict)  # x-intro: its catalogue's introduction
    changed: Mapping[str, str] = field(default_factory=dict)  # x-changed
    changed_several: Mapping[str, str] = field(default_factory=dict)  # x-changed-several
    sections: list[Mapping[str, str]] = field(default_factory=list)  # x-sections: required body sections, {language: heading}
    name_field: str = "title"  # x-name-field: the field that names each entry
    columns: list[str] = field(default_factory=lambda: ["title"])  # x-catalog-columns, else the name field
    entries: dict[str, Entry] = field(default_factory=dict)  # filled by kb.check.entries
    _outlines: dict = field(default_factory=dict, repr=False, compare=False)

    def outline(self, keywords: tuple[str, ...]) -> Field:
        """The fields cut down to those where some subfield has one of `keywords` (Field
        attributes, say ref): walking an entry's facts over it visits only the values those
        keywords speak of. Made once per collection and set of keywords."""
        if keywords not in self._outlines:
            self._outlines[keywords] = self.root.outline(keywords) or BARE
        return self._outlines[keywords]

    @property
    def properties(self) -> dict[str, Field]:
        return self.root.properties

    def role(self, name: str) -> str | None:
        """The field that plays a role (`x-role`) in this collection: sources, aliases, place…"""
        for key, prop in self.properties.items():
            if prop.role == name:
                return key
        return None

    def name_of(self, lang: str) -> str:
        return self.label.get(lang) or self.name


@dataclass(frozen=True)
class View:
    """One generated overview page: its kind, address, title and the kind's own settings."""

    kind: str
    path: str
    title: dict[str, str]
    intro: dict[str, str]
    options: dict[str, Any]
    index: int  # its place in kb.yml's views, for messages

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or next(iter(self.title.values()), self.path)


@dataclass(frozen=True)
class Settings:
    """Every setting of the base, checked; `settings_schema()` holds what each one means."""

    kb_dir: str
    languages: tuple[str, ...]
    language_names: dict[str, str]
    collections: tuple[str, ...]
    review_field: str | None  # None: no review workflow
    review_months: int
    data_folders: tuple[str, ...]
    catalogue_page_size: int
    page_items_max: int
    views: tuple[View, ...]
    labels: dict[str, dict[str, str]]
    rule_meanings: dict[str, dict[str, str]]
    rule_messages: dict[str, dict[str, str]]  # message id -> {language: template}, for Problem.format
    nav_pages: tuple[dict[str, Any], ...]
    name_folding: dict[str, str]
    offline_name: str
    terms: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = field(default_factory=dict)  # language -> ((use, variants), ...)
    name_endings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # language -> endings search strips from name words
    typography: dict[str, dict[str, Any]] = field(default_factory=dict)
    marks: dict = field(default_factory=dict, compare=False, repr=False)  # kb.yml's positions, for later messages

    def at(self, *where) -> tuple[int, int]:
        """The line and column of a setting in kb.yml (or of its nearest present parent)."""
        return locate(self.marks, where)

    def label(self, key: str, lang: str) -> str:
        """An interface label in the given language (then the main language, then English, the
        engine's own, then the key); kb.yml's words replace hooks/kb/read/words.yml's (kb.read.settings)."""
        labels = self.labels.get(key, {})
        return labels.get(lang) or labels.get(self.languages[0]) or labels.get(LANGUAGE) or key

    def rule_meaning(self, rule: str, lang: str) -> str:
        """What a rule means, in the given language where kb.yml gives it, else in the engine's."""
        return self.rule_meanings.get(rule, {}).get(lang) or RULES[rule].meaning

    def language_name(self, lang: str) -> str:
        return self.language_names.get(lang, lang)


@dataclass
class Loaded:
    """The base as read: checked settings, vocabularies and schemas, and the entry documents
    (still unchecked), with the problems found so far."""

    root: Path
    settings: Settings  # made by kb.read.settings
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
    settings: Settings  # made by kb.read.settings
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

    def at(self, ref: tuple[str, str]) -> Entry:
        """The entry a checked reference names (references to missing entries are reported and
        left out by the checks, so one that reaches the pages names an entry)."""
        return self.collections[ref[0]].entries[ref[1]]

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
    drawn: dict = field(default_factory=dict)  # (what, view path or collection[, language]) -> (key, drawing or files)

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
