"""Checking: every entry against its schema and the other entries, giving the checked model.

The step between reading and rendering:

    Loaded (documents as read) --check_kb--> KnowledgeBase (checked entries) + problems

Each entry's facts are validated (`kb.read.validate`); then the checks no schema can express run on
the values that passed: references between entries, sources, dates, translations, required
sections, links and unsafe content in the text. A value that fails any check is reported and
left out of the entry's facts, so a preview still shows everything else, and the renderer
never meets a wrong shape. `kb check` and the MkDocs hook both call `check_kb`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import html
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from kb.check.sanitise import CONTENT, removals
from kb.core.model import BuildCache, Collection, Document, Entry, Field, KnowledgeBase, Loaded, Text, did_you_mean, paused_gc
from kb.core.rules import INVISIBLE, Message, Problem, Where, invisible_message, report
from kb.core.text import (
    _ATTR,
    _SAFE_SCHEMES,
    _TAG_RE,
    _UNSAFE_TAGS,
    MARKED_SECTION,
    attr_lists,
    blank_code,
    citations,
    html_view,
    iter_links,
    link_target,
    section_headings,
    url_scheme,
)
from kb.read.validate import Target, check_value, field_name, prune, shown


@paused_gc()
def check_kb(loaded: Loaded, today: dt.date | None = None, cache: BuildCache | None = None) -> KnowledgeBase:
    """The checked base, with every problem of the base sorted by file and line."""
    today = today or dt.date.today()
    cache = cache or BuildCache()
    problems = list(loaded.problems)
    ids = {name: {entry_id for (c, entry_id) in loaded.documents if c == name} for name in loaded.collections}
    # What every entry's result depends on besides its own files: the ids that exist, the
    # schemas (with vocabularies expanded), the settings and the date.
    context = hashlib.blake2b(
        json.dumps(
            [
                sorted((k, sorted(v)) for k, v in ids.items()),
                today.isoformat(),
                repr(loaded.settings),
                {n: c.schema for n, c in loaded.collections.items()},
            ],
            sort_keys=True,
            default=str,
        ).encode(),
        digest_size=16,
    ).digest()
    links: dict = {}
    for (name, entry_id), docs in loaded.documents.items():
        collection = loaded.collections[name]
        key = (
            context,
            *docs.values(),
            *(lang for lang in loaded.settings.languages if lang not in docs and _file_of(loaded, name, entry_id, lang) in loaded.unread),
        )
        entry, found = cache.get(
            cache.checked, (name, entry_id), key, lambda: EntryCheck(loaded, collection, entry_id, docs, ids, today, links).run()
        )
        problems += found
        collection.entries[entry_id] = entry
    kb = KnowledgeBase(loaded.root, loaded.settings, loaded.vocabularies, loaded.vocabulary_fields, loaded.collections)
    kb.problems = sorted(set(problems), key=lambda p: (p.path, p.line, p.col, p.rule, p.message))
    return kb


class EntryCheck:
    """Every check of one entry: its facts, its references, and each language's text."""

    def __init__(
        self,
        loaded: Loaded,
        collection: Collection,
        entry_id: str,
        docs: dict[str, Document],
        ids: dict,
        today: dt.date,
        links: dict | None = None,
    ):
        self.loaded, self.collection, self.id, self.docs, self.ids, self.today = loaded, collection, entry_id, docs, ids, today
        self.links = {} if links is None else links  # (folder, url, lacks alt text) -> problems, shared by one check_kb
        self.settings = loaded.settings
        self.main = docs[self.settings.languages[0]]
        self.problems: list[Problem] = []

    def run(self) -> tuple[Entry, list[Problem]]:
        facts, self.problems = check_value(
            self.collection.validator, self.main.meta, Target(self.main.path, self.main.marks, self.collection.name)
        )
        cross = list(self.cross(facts))
        if cross:  # pruned again from the front matter as written, where the paths of both point
            facts = prune(self.collection.validator, self.main.meta, [p.where for p in self.problems + cross if p.where])
            self.problems += cross
        named = facts.get(self.collection.name_field)
        titles = {self.settings.languages[0]: named} if isinstance(named, str) and named.strip() else {}
        texts: dict[str, Text] = {}
        section_count = None
        for lang in self.settings.languages:
            doc = self.docs.get(lang)
            if doc is None and _file_of(self.loaded, self.collection.name, self.id, lang) in self.loaded.unread:
                continue  # there, but not read: that problem is reported, and only that one
            if doc is None:
                self.add("missing-translation", self.main, (1, 1), Message("missing-translation", lang=lang, path=self.main.path[:-3]))
                continue
            if doc is not self.main:
                title = self.translation(doc)
                if title:
                    titles[lang] = title
            self.body(doc, lang, facts)
            headings = section_headings(doc.body)
            self.sections(doc, lang, headings)
            if section_count is None:
                section_count = len(headings)
            elif len(headings) != section_count:
                self.add(
                    "section-mismatch",
                    doc,
                    (doc.body_line, 1),
                    Message("section-mismatch", lang=lang, n=len(headings), main=self.settings.languages[0], m=section_count),
                )
            texts[lang] = Text(doc.path, doc.body, doc.body_line)
        return Entry(self.collection.name, self.id, facts, titles, texts), self.problems

    def add(self, rule: str, doc: Document, at: tuple[int, int], message: Message, where: Where | None = None) -> None:
        self.problems.append(report(rule, doc.path, at[0], at[1], message, where))

    # facts ------------------------------------------------------------------------------

    def cross(self, facts: dict) -> Iterator[Problem]:
        """What the schema cannot see, in one walk over the checked facts: references resolve
        (entry ids with x-ref, source ids, field names), no date lies in the future, and an old
        review date is a warning."""
        sources = self.collection.role("sources")
        source_ids = [s["id"] for s in facts.get(sources) or [] if "id" in s] if sources else []
        field, months = self.settings.review_field, self.settings.review_months
        # The values as written, less those the schema refused and the rest of the group or item
        # each was in: a list item left out of `facts` would move the items after it, and each
        # problem must name the item where it is written.
        failed = {w[:-1] if len(w) > 1 and isinstance(w[-1], str) else w for p in self.problems if (w := p.where)}
        for path, sub, value in walk_values(self.collection.outline(CROSS_KEYWORDS), self.main.meta):
            if failed and any(path[: len(w)] == w for w in failed):
                continue
            if isinstance(value, str):
                yield from self.references(facts, source_ids, path, sub, value)
            when = as_date(value) if sub.is_date and isinstance(value, (str, int)) else None
            if when is None:
                continue
            if when > self.today and not sub.future:
                yield report(
                    "future-date",
                    self.main.path,
                    *self.main.locate(path),
                    Message("future-date", field=field_name(path), value=value),
                    path,
                )
            elif path == (field,) and when < months_before(self.today, months):
                yield report(
                    "stale-review",
                    self.main.path,
                    *self.main.locate(path),
                    Message("stale-review", field=field, value=value, months=months),
                )

    def references(self, facts: dict, source_ids: list[str], path: Where, sub: Field, value: str) -> Iterator[Problem]:
        target = sub.ref
        if target and value not in self.ids.get(target, set()):
            yield report(
                "broken-ref",
                self.main.path,
                *self.main.locate(path),
                Message(
                    "broken-ref",
                    field=field_name(path),
                    value=value,
                    collection=target,
                    suggest=did_you_mean(value, self.ids.get(target, ())),
                ),
                path,
            )
        if sub.source_ref and value not in source_ids:
            listed = ", ".join(source_ids) or Message("no-source-ids")
            yield report(
                "unknown-source",
                self.main.path,
                *self.main.locate(path),
                Message("unknown-source", field=field_name(path), value=value, ids=listed),
                path,
            )
        if sub.field_name and value not in facts:
            yield report(
                "unknown-field-name",
                self.main.path,
                *self.main.locate(path),
                Message("unknown-field-name", field=field_name(path), value=value, suggest=did_you_mean(value, facts)),
                path,
            )

    def translation(self, doc: Document) -> str | None:
        """A translation holds only its name (the collection's name field); the name it gives,
        if it gives a usable one."""
        named = self.collection.name_field
        for key in doc.meta:
            if key != named:
                self.add(
                    "translation-fields", doc, doc.locate((key,)), Message("translation-fields", field=key, path=self.main.path, name=named)
                )
        title = doc.meta.get(named)
        if title is not None and not isinstance(title, str):
            self.add(
                "wrong-type",
                doc,
                doc.locate((named,)),
                Message("wrong-type", field=named, kind=Message("type.string"), value=shown(title)),
                (named,),
            )
        elif title is None or not title.strip():
            self.add("missing-field", doc, (1, 1), Message("missing-field.title", field=named))
        else:
            return title
        return None

    # text -------------------------------------------------------------------------------

    def sections(self, doc: Document, lang: str, headings: list[str]) -> None:
        for required in self.collection.sections:
            heading = required.get(lang)
            if heading and heading not in headings:
                self.add("missing-section", doc, (doc.body_line, 1), Message("missing-section", heading=heading))

    def body(self, doc: Document, lang: str, facts: dict) -> None:
        """Links resolve, citations name sources, images have alt text, nothing unsafe is embedded,
        and no rejected variant of a term is written."""
        body = blank_code(doc.body)
        line_starts: list[int] = []  # made when the first problem needs a position

        def at(offset: int) -> tuple[int, int]:
            if not line_starts:
                line_starts[:] = [0] + [m.end() for m in re.finditer("\n", body)]
            line = bisect.bisect_right(line_starts, offset) - 1
            return doc.body_line + line, offset - line_starts[line] + 1

        for offset, url, text, is_image in iter_links(body):
            self.link(doc, lambda: at(offset), url, text, is_image)
        sources = self.collection.role("sources")
        source_ids = {s["id"] for s in facts.get(sources) or [] if "id" in s} if sources else set()
        for m in citations(body):
            cited = m.group(1)
            if cited not in source_ids and re.fullmatch(r"s\d+", cited):
                listed = ", ".join(sorted(source_ids)) or Message("no-source-ids")
                self.add("unknown-source", doc, at(m.start()), Message("unknown-source.text", cited=cited, ids=listed))
        for m in _TAG_RE.finditer(body):
            self.tag(doc, at(m.start()), m.group(1).lower(), m.group(2))
        self.raw_html(doc, at)
        self.terms(doc, lang, body, at, facts)
        for m in INVISIBLE.finditer(doc.body):  # in code too: an override reorders code as well
            self.add("invisible-character", doc, at(m.start()), invisible_message("the text", m.group(0)))
        for m in MARKED_SECTION.finditer(doc.body) if "<![" in doc.body else ():
            self.add("bad-markup", doc, at(m.start()), Message("bad-markup"))

    def terms(self, doc: Document, lang: str, body: str, at, facts: dict) -> None:
        """Rejected variants of kb.yml's terms in this language: in the text, the title and the
        facts written in it. Sources and other names are left alone: they quote how others write."""
        terms = self.settings.terms.get(lang)
        if not terms:
            return
        pattern = term_pattern(terms)
        for m in pattern.finditer(body):
            self.add("rejected-term", doc, at(m.start()), rejected(m, terms))
        title = doc.meta.get(self.collection.name_field)
        if isinstance(title, str):
            for m in pattern.finditer(title):
                self.add("rejected-term", doc, doc.locate((self.collection.name_field,)), rejected(m, terms))
        skip = {self.collection.role("sources"), self.collection.role("aliases")}
        for path, text in texts_in(facts, lang):
            if path[0] not in skip:
                for m in pattern.finditer(text):
                    self.add("rejected-term", self.main, self.main.locate(path), rejected(m, terms))

    def raw_html(self, doc: Document, at) -> None:
        """What the sanitiser would remove from the HTML the text passes on raw, read by a real HTML
        tokenizer, which the patterns above can miss (raw blocks, casings, parser tricks)."""
        said = {p.message for p in self.problems if p.path == doc.path}
        for rule, tag, message in removals(html_view(doc.body), CONTENT):
            if rule == "unsafe-url" or message in said:
                continue  # addresses are checked above, with their exact place
            said.add(message)
            found = re.search(rf"<\s*{re.escape(tag)}\b", doc.body, re.IGNORECASE) if tag else None
            if found is None and "'" in message:
                found = re.search(re.escape(message.split("'")[1]), doc.body)
            self.add(rule, doc, at(found.start()) if found else (doc.body_line, 1), message)
        for offset, tag, attrs in attr_lists(doc.body):
            fake = f"<{tag or 'span'} " + " ".join(f'{name}="{html.escape(value)}"' for name, value in attrs) + ">"
            for rule, _, message in removals(fake, CONTENT):
                if message not in said:
                    said.add(message)
                    self.add(
                        rule,
                        doc,
                        at(offset),
                        message
                        if tag or message.key != "unsafe-html.attribute"
                        else Message("unsafe-html.attribute-list", **message.values),
                    )

    def link(self, doc: Document, at: Callable[[], tuple[int, int]], url: str, text: str, is_image: bool) -> None:
        """One link's problems; `at` gives its position, worked out only when there is one. What
        a link gets is the same for every entry of a folder, so it is worked out once per check."""
        key = (doc.path.rpartition("/")[0], url, is_image and not text.strip())
        found = self.links.get(key)
        if found is None:
            found = self.links[key] = tuple(self.link_problems(doc.path, url, key[2]))
        for rule, message in found:
            self.add(rule, doc, at(), message)

    def link_problems(self, path: str, url: str, no_alt: bool) -> Iterator[tuple[str, str]]:
        scheme = url_scheme(url)
        if scheme not in _SAFE_SCHEMES:
            yield "unsafe-url", Message("unsafe-url", url=shown(url), scheme=scheme)
            return
        if no_alt:
            yield "image-alt", Message("image-alt", url=shown(url), address=url)
        target = link_target(self.settings.kb_dir, self.settings.languages, path, url)
        if target is None:
            return
        collection, entry_id = target
        if f"{collection}/{entry_id}" in {view.path for view in self.settings.views}:
            return  # a generated view's page, e.g. ../overview/map.md
        if collection not in self.ids:
            yield "broken-link", Message("broken-link.outside", url=shown(url))
        elif entry_id not in self.ids[collection]:
            yield (
                "broken-link",
                Message("broken-link", url=shown(url), collection=collection, suggest=did_you_mean(entry_id, self.ids[collection])),
            )

    def tag(self, doc: Document, at: tuple[int, int], tag: str, attrs: str) -> None:
        if tag in _UNSAFE_TAGS:
            self.add("unsafe-html", doc, at, Message("unsafe-html", tag=tag))
            return
        has_alt = False
        for a in _ATTR.finditer(attrs):
            name = a.group(1).lower()
            value = (a.group(2) or "").strip("\"'")
            if name.startswith("on"):
                self.add("unsafe-html", doc, at, Message("unsafe-html.handler", name=name))
            elif (
                name in ("href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "background")
                and url_scheme(value) not in _SAFE_SCHEMES
            ):
                self.add("unsafe-url", doc, at, Message("unsafe-url.attribute", name=name, url=shown(value), scheme=url_scheme(value)))
            elif name == "alt" and value.strip():
                has_alt = True
        if tag == "img" and not has_alt:
            self.add("image-alt", doc, at, Message("image-alt.img"))


@functools.cache
def term_pattern(terms: tuple[tuple[str, tuple[str, ...]], ...]) -> re.Pattern:
    """One pattern for every rejected variant of a language's terms, as whole words whatever the
    case, a word ending in * taking any ending; the group t<i> matches term i's variants."""

    def variant(text: str) -> str:
        return r"\s+".join(re.escape(word.rstrip("*")) + (r"\w*" if word.endswith("*") else "") for word in text.split())

    groups = (
        f"(?P<t{i}>" + "|".join(variant(v) for v in sorted(variants, key=len, reverse=True)) + ")" for i, (_, variants) in enumerate(terms)
    )
    return re.compile(r"(?<!\w)(?:" + "|".join(groups) + r")(?!\w)", re.IGNORECASE)


def rejected(match: re.Match, terms: tuple[tuple[str, tuple[str, ...]], ...]) -> Message:
    return Message("rejected-term", variant=" ".join(match.group(0).split()), use=terms[int(str(match.lastgroup)[1:])][0])


def texts_in(value: Any, lang: str, path: Where = ()) -> Iterator[tuple[Where, str]]:
    """Every text of checked facts written in one language: the value of a key named after it."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == lang and isinstance(item, str):
                yield path + (key,), item
            elif key == lang and isinstance(item, list):
                yield from ((path + (key, i), x) for i, x in enumerate(item) if isinstance(x, str))
            else:
                yield from texts_in(item, lang, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from texts_in(item, lang, path + (i,))


def _file_of(loaded: Loaded, collection: str, entry_id: str, lang: str) -> str:
    suffix = "" if lang == loaded.settings.languages[0] else f".{lang}"
    return f"{loaded.settings.kb_dir}/{collection}/{entry_id}{suffix}.md"


CROSS_KEYWORDS = ("ref", "source_ref", "field_name", "future", "format")  # what EntryCheck.cross reads


def walk_values(schema: Field, value: Any, path: Where = ()) -> Iterator[tuple[Where, Field, Any]]:
    """Every value of a checked front matter with the (inlined) subschema that describes it, in
    document order. Only where the schema describes the value: walking an outline
    (Collection.outline) visits just the values it keeps."""
    stack: list[tuple[Where, Field | None, Any]] = [(path, schema, value)]
    while stack:
        path, sub, value = stack.pop()
        if sub is None:
            continue
        yield path, sub, value
        if isinstance(value, dict):
            props = sub.properties
            if props:
                stack += reversed([(path + (key,), props[key], item) for key, item in value.items() if key in props])
        elif isinstance(value, list):
            prefix, items = sub.prefix_items, sub.items
            stack += reversed([(path + (i,), prefix[i] if i < len(prefix) else items, item) for i, item in enumerate(value)])


def as_date(value: Any) -> dt.date | None:
    """The day a date, year-month or year stands for (its first day), or None."""
    text = str(value)
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        if len(text) == 7:
            return dt.date(int(text[:4]), int(text[5:]), 1)
        if len(text) == 4:
            return dt.date(int(text), 1, 1)
    except ValueError:
        return None
    return None


def months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, 28))


def review_due(kb: KnowledgeBase, entry: Entry, today: dt.date) -> bool:
    """True when the entry's review date is missing or older than the review interval."""
    if kb.settings.review_field is None:  # the base has no review workflow
        return False
    value = entry.facts.get(kb.settings.review_field)
    when = as_date(value) if isinstance(value, str) else None
    return when is None or when < months_before(today, kb.settings.review_months)
