"""The shapes that flow through the engine: problems, documents, entries and the whole base.

Reading (`kb_read`) fills these, checking (`kb_check`) adds problems to them, rendering
(`kb_render`) turns them into pages. Nothing here knows about MkDocs or about the subject
of the knowledge base.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Path_ = tuple[Any, ...]  # a path into front matter: ("residents", "as_of") or ("sources", 0, "url")


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake found in one place, phrased for an editor."""

    path: str  # posix path relative to the project root, e.g. "kb/zones/avangard.md"
    line: int
    col: int
    severity: str  # "error" or "warning"
    rule: str  # stable short name, listed on the editors' page
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity} [{self.rule}] {self.message}"

    def format_github(self) -> str:
        kind = "error" if self.severity == "error" else "warning"
        text = f"[{self.rule}] {self.message}".replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} file={self.path},line={self.line},col={self.col},title=kb check::{text}"


@dataclass
class Document:
    """One Markdown file with front matter, as read from disk."""

    path: str  # posix path relative to the project root
    meta: dict[str, Any]
    marks: dict[Path_, tuple[int, int]]  # front-matter path -> (line, col), 1-based, in the file
    body: str
    body_line: int  # the file line on which the body starts

    def locate(self, path: Path_) -> tuple[int, int]:
        """The line and column of a front-matter path, or of its nearest present ancestor."""
        path = tuple(path)
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return (1, 1)


@dataclass
class Entry:
    """One entry of a collection: its facts (from the default-language file) and its prose per language."""

    collection: str
    id: str
    docs: dict[str, Document] = field(default_factory=dict)  # language -> document

    @property
    def facts(self) -> dict[str, Any]:
        return self.main.meta

    @property
    def main(self) -> Document:
        return next(iter(self.docs.values()))

    def title(self, lang: str) -> str:
        doc = self.docs.get(lang) or self.main
        title = doc.meta.get("title")
        return title if isinstance(title, str) and title.strip() else self.id


@dataclass
class Collection:
    """A folder of entries under `kb/` and the schema that its front matter follows."""

    name: str
    schema: dict[str, Any]  # the JSON Schema, with vocabularies already expanded into enums
    raw_schema: dict[str, Any]  # the schema as written, for the editors' reference page
    label: dict[str, str]  # language -> plural name shown to readers
    description: dict[str, str]
    entries: dict[str, Entry] = field(default_factory=dict)
    validator: Any = None  # a jsonschema validator for `schema`, made once per load

    @property
    def sections(self) -> list[dict[str, str]]:
        """Required body sections: a list of {language: heading}."""
        return list(self.schema.get("x-sections", []))

    @property
    def columns(self) -> list[str]:
        return list(self.schema.get("x-catalog-columns", ["title"]))


@dataclass
class KnowledgeBase:
    """Everything under `kb/`: settings, vocabularies, collections and their entries."""

    root: Path  # the project root (the folder holding kb/)
    languages: list[str]  # first is the default, served at the site root
    settings: dict[str, Any]
    vocabularies: dict[str, dict[str, dict[str, Any]]]  # name -> term -> {lang: label, ...}
    collections: dict[str, Collection]
    problems: list[Problem] = field(default_factory=list)
    vocabulary_fields: dict[str, dict[str, str]] = field(default_factory=dict)  # vocab -> {term field: other vocab}

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def entries(self):
        for collection in self.collections.values():
            yield from collection.entries.values()

    def label(self, key: str, lang: str) -> str:
        """A user-interface label from `kb.yml` in the given language (falls back to the key)."""
        labels = self.settings.get("labels", {}).get(key, {})
        return labels.get(lang) or labels.get(self.default_language) or key


def did_you_mean(word: str, choices) -> str:
    """A '; did you mean …?' suffix naming the closest choice, or '' when none is close."""
    import difflib

    text = str(word)
    pool = [str(c) for c in choices]
    match = difflib.get_close_matches(text, pool, n=1, cutoff=0.6)
    if not match:
        lowered = {c.lower(): c for c in pool}
        match = [lowered[text.lower()]] if text.lower() in lowered else []
    return f"; did you mean '{match[0]}'?" if match else ""
