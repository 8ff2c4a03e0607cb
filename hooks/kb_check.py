"""Checks: everything that can be wrong with the knowledge base, collected at once.

Third step of the build, after reading. `check_kb` runs the schema of every entry (through
`kb_schema`) and the checks no schema can express: references between entries, Markdown
links, sources, dates, translations, required sections and unsafe content. `kb check` and the
MkDocs hook both call `check_kb`, so an editor sees the same list in both places.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import json
import html
import re
from typing import Any, Iterator

from kb_model import Document, Entry, KnowledgeBase, Path_, Problem, did_you_mean
from kb_schema import check_front_matter, field_name, shown

# Every rule: (severity, what it means, an example message). The editors' page lists them all.
RULES: dict[str, tuple[str, str, str]] = {
    "front-matter": ("error", "The file must start with front matter between two '---' lines.", "the file must start with front matter: a line '---', the fields, then a line '---'"),
    "yaml-syntax": ("error", "The front matter is not valid YAML.", "front matter is not valid YAML: mapping values are not allowed here"),
    "tab": ("error", "Front matter is indented with tabs.", "front matter must be indented with spaces, not tabs"),
    "duplicate-key": ("error", "A field is given twice; YAML would silently keep only the last one.", "'region' is given twice (first on line 4); keep one"),
    "yaml-tag": ("error", "A YAML tag such as !!python/object is used.", "YAML tag 'tag:yaml.org,2002:python/object' is not allowed; write a plain value"),
    "yaml-alias": ("error", "YAML anchors and aliases (& and *) are used.", "front matter must not use YAML anchors and aliases (& and *); write the value out"),
    "too-complex": ("error", "The front matter is too large or too deeply nested.", "front matter must be nested at most 12 levels deep"),
    "file-too-large": ("error", "The file is larger than an entry can be.", "the file is 900 KB; an entry must be at most 256 KB"),
    "bom": ("error", "The file starts with a byte-order mark.", "the file starts with a byte-order mark; save it as UTF-8 without BOM"),
    "not-utf8": ("error", "The file is not UTF-8 text.", "byte 0xff is not valid UTF-8; save the file as UTF-8"),
    "line-ends": ("error", "The file uses Windows (CRLF) line ends.", "the file must use LF line ends, not CRLF or CR (set your editor to LF)"),
    "unreadable": ("error", "The file cannot be opened.", "the file cannot be read: Permission denied"),
    "missing-field": ("error", "A required field is absent.", "'region' is required (ISO 3166-2 code of the region); add e.g. 'region: RU-OMS'"),
    "unknown-field": ("error", "A field that the collection does not have (often a typo).", "'establshed' is not a field of zones; did you mean 'established'?"),
    "wrong-type": ("error", "A value of the wrong kind, e.g. text where a number is expected.", "area_ha.value must be a number (got 'about 160')"),
    "not-allowed": ("error", "A value outside a closed list of values.", "status must be one of the values of vocabulary 'zone-statuses': operating, planned, closed (got 'active')"),
    "bad-format": ("error", "A malformed date, web address, code or coordinate.", "established must be a date written YYYY-MM-DD (got '2020-13-01')"),
    "out-of-range": ("error", "A number outside its range, or a list or text too short or long.", "coordinates[1] must be at most 90 (got 95)"),
    "bad-value": ("error", "Any other value the schema does not accept.", "aliases must not list the same value twice"),
    "no-source": ("error", "The entry lists no source.", "sources must list at least 1 item"),
    "bad-id": ("error", "A file name that is not a valid id.", "file name 'Avangard_2' must be an id: lowercase Latin letters, digits and single hyphens (e.g. 'baikal-harbor')"),
    "unknown-collection": ("error", "A folder under kb/ that is not a collection.", "'zone' is not a collection; collections are: glossary, measures, …; did you mean 'zones'?"),
    "misplaced-file": ("error", "A file that is not an entry, or an entry in a sub-folder.", "only Markdown entries (.md) belong in a collection folder"),
    "symlink": ("error", "A symbolic link under kb/.", "symbolic links are not allowed under kb/; copy the content in"),
    "broken-ref": ("error", "A field names an entry that does not exist.", "type names 'industrial' but there is no such entry in sez-types; did you mean 'industrial-production'?"),
    "broken-link": ("error", "A Markdown link points to an entry that does not exist.", "link '../measures/fpr-loan.md' points to no entry; did you mean 'frp-loans'?"),
    "unknown-source": ("error", "A fact cites a source id that the entry's sources do not have.", "residents.source names 's3' but sources have ids: s1, s2"),
    "unknown-field-name": ("error", "'unconfirmed' names a field the entry does not have.", "unconfirmed names 'decre', which is not a field of this entry; did you mean 'decree'?"),
    "future-date": ("error", "A date after today.", "reviewed is 2031-01-01, a date in the future"),
    "stale-review": ("warning", "The entry was last reviewed more than the review interval ago.", "reviewed is 2024-05-01, more than 12 months ago; check the facts and update it"),
    "missing-translation": ("error", "An entry lacks its text in one of the languages.", "there is no ru text: create kb/zones/avangard.ru.md with a title and the same sections"),
    "translation-fields": ("error", "A translation file carries facts; facts live once, in the main file.", "'region' belongs in kb/zones/avangard.md; a translation holds only 'title' and the text"),
    "missing-section": ("error", "A required section heading is absent from the text.", "the text must have a section '## Lessons'"),
    "section-mismatch": ("error", "The languages have different numbers of sections.", "the ru text has 4 sections (## headings) but the en text has 5; they must match"),
    "unsafe-html": ("error", "Script, frame or event-handler HTML in the text.", "<script> is not allowed in an entry"),
    "unsafe-url": ("error", "A javascript:, data: or similar link.", "link 'javascript:alert(1)' uses the 'javascript:' scheme; only http(s), mailto and relative links are allowed"),
    "image-alt": ("error", "An image without alternative text.", "the image 'map.png' needs alternative text: ![what it shows](map.png)"),
    "bad-schema": ("error", "A mistake in a schema, vocabulary or kb.yml (for maintainers).", "field 'area_ha' must have a description"),
}

# The patterns below run over text that anyone can write, so none may backtrack for long:
# tests/test_hostile.py times each on 250 KB of adversarial input. Character classes stop at
# the character that opens the next candidate ('[', '<'), and quantifiers that could trade
# characters with their neighbours are possessive (*+, ++). Fenced blocks are paired by
# `fenced_blocks` in one pass, not by a DOTALL regex that rescans the rest of the text from
# every unclosed fence.
_FENCE_OPEN = re.compile(r"^(?:```|~~~)", re.MULTILINE)
_FENCE_CLOSE = {fence: re.compile(rf"^{fence}[ \t]*+$", re.MULTILINE) for fence in ("```", "~~~")}
# A code span; a backslash-escaped backtick opens none (Markdown prints it as a backtick and
# renders what follows, HTML included).
_CODE = re.compile(r"(?<!\\)`[^`\n]*+`")
_HEADING = re.compile(r"^##[ \t]+(.+)$", re.MULTILINE)
# Starts with the literal '[' so that the regex engine can skip ahead to each '['; an optional
# leading '!' here made it try every position and cost more than the rest of the checks. Whether
# a link is an image is read from the character before the match (see iter_links).
_INLINE_LINK = re.compile(r"\[([^\[\]\n]*+)\]\(\s*+<?([^)\s>]*+)>?(?:\s++[\"'][^\"'\n]*+[\"'])?\s*+\)")
# Any link destination, whatever its text: Markdown lets link text nest brackets and run over
# lines, which _INLINE_LINK does not follow; this finds the destination of such links too.
_LINK_DEST = re.compile(r"\]\(\s*+<?([^)\s>]*+)")
# A reference definition, also inside a block quote or list, and with the address on the next
# line (Markdown accepts both).
_REF_DEF = re.compile(r"\[[^\[\]\n]++\]:[ \t]*+(?:\n[ \t>]*+)?<?(\S+?)>?(?=\s|\Z)")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.\-]*+:[^<>\s]*+)>")
# A start tag as a browser reads it: a quoted value after '=' may hold '>' (<a title="a>b"
# onclick=…>); a quote anywhere else is a plain character.
_TAG_RE = re.compile(r"<\s*+([a-zA-Z][a-zA-Z0-9:-]*+)((?:=\s*+\"[^\"]*+\"|=\s*+'[^']*+'|[^<>])*+)>")
_ATTR = re.compile(r"([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*(?:=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_UNSAFE_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link", "form", "style", "svg", "math"}
_SAFE_SCHEMES = {"http", "https", "mailto", ""}
_BRACKETED = re.compile(r"\[([a-z0-9][a-z0-9-]*)\](?!\()")


def citations(text: str) -> Iterator[re.Match]:
    """Each citation of a source in the text: [s1], or [law-116] for a source with that id.

    Not a link's text (`[s1](…)`), not an image or an escaped bracket (`![s1]`, `\\[s1]`), and
    not a reference definition (`[s1]: …` at the start of a line). The pattern starts with a
    literal '[' so the scan jumps from bracket to bracket; the context is read here."""
    for m in _BRACKETED.finditer(text):
        start = m.start()
        if start and text[start - 1] in "\\!":
            continue
        if text.startswith(":", m.end()):
            line_start = text.rfind("\n", 0, start) + 1
            if start - line_start <= 3 and not text[line_start:start].strip():
                continue
        yield m


# Each entry's problems, with what they were computed from. The documents are compared by
# identity: kb_read hands out the same Document object for unchanged file content, so under
# `mkdocs serve` only the entries an edit touched are checked again.
_CHECKED: dict[tuple[str, str], tuple[bytes, tuple, list[Problem]]] = {}


def check_kb(kb: KnowledgeBase, today: dt.date | None = None, only: set[str] | None = None) -> list[Problem]:
    """All problems of the knowledge base, sorted by file and line.

    `only`, when given, limits the report to those files (the whole base is still read, so
    references into other files resolve).
    """
    today = today or dt.date.today()
    problems = list(kb.problems)
    ids = {name: set(c.entries) for name, c in kb.collections.items()}
    # What every entry's result depends on besides its own files: the ids that exist, the
    # schemas (with vocabularies expanded), the settings and the date.
    context = hashlib.blake2b(json.dumps([sorted((k, sorted(v)) for k, v in ids.items()), today.isoformat(), kb.settings,
                                          {n: c.schema for n, c in kb.collections.items()}], sort_keys=True, default=str).encode(),
                              digest_size=16).digest()
    for entry in kb.entries():
        docs = tuple(entry.docs.values())
        cached = _CHECKED.get((entry.collection, entry.id))
        if cached and cached[0] == context and len(cached[1]) == len(docs) and all(a is b for a, b in zip(cached[1], docs)):
            problems += cached[2]
            continue
        found = check_entry(kb, entry, ids, today)
        _CHECKED[(entry.collection, entry.id)] = (context, docs, found)
        problems += found
    if only is not None:
        problems = [p for p in problems if p.path in only]
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.col, p.rule, p.message))


def check_entry(kb: KnowledgeBase, entry: Entry, ids: dict[str, set[str]], today: dt.date) -> list[Problem]:
    """Every check of one entry: its facts, its references, and each language's text."""
    collection = kb.collections[entry.collection]
    main = entry.main
    problems = check_front_matter(collection, main)
    problems += check_references(kb, entry, ids)
    problems += check_dates(kb, entry, today)
    main_sections = None
    for lang in kb.languages:
        doc = entry.docs.get(lang)
        if doc is None:
            problems.append(Problem(main.path, 1, 1, "error", "missing-translation",
                                    f"there is no {lang} text: create {main.path[:-3]}.{lang}.md with a title and the same sections"))
            continue
        if doc is not main:
            for key in doc.meta:
                if key != "title":
                    problems.append(Problem(doc.path, *doc.locate((key,)), "error", "translation-fields",
                                            f"'{key}' belongs in {main.path}; a translation holds only 'title' and the text"))
            if not isinstance(doc.meta.get("title"), str) or not doc.meta["title"].strip():
                problems.append(Problem(doc.path, 1, 1, "error", "missing-field", "'title' is required: the entry's name in this language"))
        problems += check_body(kb, entry, doc, ids)
        headings = section_headings(doc.body)
        for required in collection.sections:
            heading = required.get(lang)
            if heading and heading not in headings:
                problems.append(Problem(doc.path, doc.body_line, 1, "error", "missing-section", f"the text must have a section '## {heading}'"))
        if main_sections is None:
            main_sections = len(headings)
        elif len(headings) != main_sections:
            problems.append(Problem(doc.path, doc.body_line, 1, "error", "section-mismatch",
                                    f"the {lang} text has {len(headings)} sections (## headings) but the {kb.default_language} text has {main_sections}; they must match"))
    return problems


def resolve_schema(schema: dict, root: dict) -> dict:
    """Follow a local `$ref` ("#/$defs/name") to the subschema it names."""
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema and seen < 10:
        target: Any = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        seen += 1
    return schema if isinstance(schema, dict) else {}


def walk_values(schema: dict, value: Any, root: dict, path: Path_ = ()) -> Iterator[tuple[Path_, dict, Any]]:
    """Every value of a front matter with the subschema that describes it."""
    schema = resolve_schema(schema, root)
    yield path, schema, value
    if isinstance(value, dict):
        props = schema.get("properties") or {}
        for key, item in value.items():
            if key in props:
                yield from walk_values(props[key], item, root, path + (key,))
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            yield from walk_values(schema["items"], item, root, path + (i,))


def check_references(kb: KnowledgeBase, entry: Entry, ids: dict[str, set[str]]) -> list[Problem]:
    """References in front matter resolve: entry ids (x-ref), source ids and field names."""
    problems = []
    doc = entry.main
    schema = kb.collections[entry.collection].schema
    source_ids = [s.get("id") for s in entry.facts.get("sources") or [] if isinstance(s, dict) and s.get("id")]
    for path, sub, value in walk_values(schema, entry.facts, schema):
        if not isinstance(value, str):
            continue
        at = doc.locate(path)
        target = sub.get("x-ref")
        if target and value not in ids.get(target, set()):
            problems.append(Problem(doc.path, *at, "error", "broken-ref",
                                    f"{field_name(path)} names '{value}' but there is no such entry in {target}{did_you_mean(value, ids.get(target, ()))}"))
        if sub.get("x-source-ref") and value not in source_ids:
            listed = ", ".join(str(i) for i in source_ids) or "none (give each source an 'id')"
            problems.append(Problem(doc.path, *at, "error", "unknown-source", f"{field_name(path)} names '{value}' but sources have ids: {listed}"))
        if sub.get("x-field-name") and value not in entry.facts:
            problems.append(Problem(doc.path, *at, "error", "unknown-field-name",
                                    f"{field_name(path)} names '{value}', which is not a field of this entry{did_you_mean(value, entry.facts)}"))
    return problems


def _as_date(value: Any, fmt: str) -> dt.date | None:
    text = str(value)
    try:
        if fmt == "date" or len(text) == 10:
            return dt.date.fromisoformat(text)
        if len(text) == 7:
            return dt.date(int(text[:4]), int(text[5:]), 1)
        if len(text) == 4:
            return dt.date(int(text), 1, 1)
    except ValueError:
        return None
    return None


def check_dates(kb: KnowledgeBase, entry: Entry, today: dt.date) -> list[Problem]:
    """No date lies in the future; an old review date is a warning."""
    problems = []
    doc = entry.main
    schema = kb.collections[entry.collection].schema
    review_field = kb.settings.get("review_field", "reviewed")
    months = int(kb.settings.get("review_months", 12))
    for path, sub, value in walk_values(schema, entry.facts, schema):
        fmt = sub.get("format")
        if fmt not in ("date", "partial-date") or isinstance(value, (bool, dict, list)) or value is None:
            continue
        when = _as_date(value, fmt)
        if when is None:
            continue
        if when > today and not sub.get("x-future"):
            problems.append(Problem(doc.path, *doc.locate(path), "error", "future-date", f"{field_name(path)} is {value}, a date in the future"))
        elif path == (review_field,) and when < _months_before(today, months):
            problems.append(Problem(doc.path, *doc.locate(path), "warning", "stale-review",
                                    f"{review_field} is {value}, more than {months} months ago; check the facts and update it"))
    return problems


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, 28))


def review_due(kb: KnowledgeBase, entry: Entry, today: dt.date) -> bool:
    """True when the entry's review date is missing or older than the review interval."""
    value = entry.facts.get(kb.settings.get("review_field", "reviewed"))
    when = _as_date(value, "date") if isinstance(value, str) else None
    return when is None or when < _months_before(today, int(kb.settings.get("review_months", 12)))


@functools.lru_cache(maxsize=4096)
def blank_code(text: str) -> str:
    """The text with code blocks and code spans replaced by spaces, keeping every position.

    Pure, and asked for the same body by several checks and by rendering: cached."""
    def blank(match: re.Match) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    def blank_span(match: re.Match) -> str:
        # On a line that starts with a tag, Markdown may pass the line on as raw HTML, where
        # backticks mean nothing: such a line is checked as it is.
        line_start = line_starts[bisect.bisect_right(line_starts, match.start()) - 1]
        raw_html = text[line_start : line_start + 4].lstrip(" ").startswith("<")
        return match.group(0) if raw_html else " " * len(match.group(0))

    pieces, pos = [], 0
    for start, end in fenced_blocks(text):
        pieces += [text[pos:start], re.sub(r"[^\n]", " ", text[start:end])]
        pos = end
    text = "".join(pieces) + text[pos:]
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return _CODE.sub(blank_span, text)


def fenced_blocks(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each fenced code block: from a line that opens with three backticks or
    tildes to the next line holding only that fence. An unclosed fence opens no block."""
    closers = {fence: [m.start() for m in pattern.finditer(text)] for fence, pattern in _FENCE_CLOSE.items()}
    pos = 0
    while (opener := _FENCE_OPEN.search(text, pos)) is not None:
        candidates = closers[opener.group(0)]
        i = bisect.bisect_right(candidates, opener.start())
        if i == len(candidates):
            pos = opener.start() + 1
            continue
        end = text.find("\n", candidates[i])
        end = len(text) if end < 0 else end
        yield opener.start(), end
        pos = end


def section_headings(body: str) -> list[str]:
    """The text of every '## ' heading, without closing hashes (trimmed in Python: a lazy regex
    for them is quadratic on a long line of spaces)."""
    headings = []
    for m in _HEADING.finditer(blank_code(body)):
        text = m.group(1)
        headings.append(text[: max(1, len(text.rstrip(" \t#")))].strip())
    return headings


def link_target(kb: KnowledgeBase, doc: Document, url: str) -> tuple[str, str] | None:
    """The (collection, id) a relative .md link from `doc` points to, or None if it is not such a link."""
    path = url.split("#", 1)[0].split("?", 1)[0]
    if not path.endswith(".md") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:", path):
        return None
    if path.startswith("/"):  # an absolute path leads out of the site's sub-path, never to an entry
        return ("", path)
    parts = doc.path.split("/")[:-1]
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    kb_dir = kb.settings.get("kb_dir", "kb")
    if len(parts) != 3 or parts[0] != kb_dir:
        return ("", path)
    stem = parts[2][:-3]
    for lang in kb.languages[1:]:
        if stem.endswith("." + lang):
            stem = stem[: -len(lang) - 1]
    return parts[1], stem


def iter_links(body: str) -> Iterator[tuple[int, str, str, bool]]:
    """(offset, url, text, is_image) for every Markdown link, reference definition and autolink."""
    for m in _INLINE_LINK.finditer(body):
        yield m.start(2), m.group(2), m.group(1), body[m.start() - 1 : m.start()] == "!"
    for m in _REF_DEF.finditer(body):
        yield m.start(1), m.group(1), "", False
    for m in _AUTOLINK.finditer(body):
        yield m.start(1), m.group(1), "", False
    inline = {m.start(2) for m in _INLINE_LINK.finditer(body)}
    for m in _LINK_DEST.finditer(body):
        if m.start(1) not in inline:
            yield m.start(1), m.group(1), "(nested)", False


def url_scheme(url: str) -> str:
    """The scheme a browser would see, after entity decoding and with the tricks removed."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(html.unescape(url)))
    m = re.match(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):", cleaned)
    return m.group(1).lower() if m else ""


def check_body(kb: KnowledgeBase, entry: Entry, doc: Document, ids: dict[str, set[str]]) -> list[Problem]:
    """Links resolve, images have alt text, and nothing unsafe is embedded."""
    problems = []
    body = blank_code(doc.body)

    line_starts = [0] + [m.end() for m in re.finditer("\n", body)]

    def at(offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(line_starts, offset) - 1
        return doc.body_line + line, offset - line_starts[line] + 1

    for offset, url, text, is_image in iter_links(body):
        scheme = url_scheme(url)
        if scheme not in _SAFE_SCHEMES:
            problems.append(Problem(doc.path, *at(offset), "error", "unsafe-url",
                                    f"link {shown(url)} uses the '{scheme}:' scheme; only http(s), mailto and relative links are allowed"))
            continue
        if is_image and not text.strip():
            problems.append(Problem(doc.path, *at(offset), "error", "image-alt", f"the image {shown(url)} needs alternative text: ![what it shows]({url})"))
        target = link_target(kb, doc, url)
        if target is None:
            continue
        collection, entry_id = target
        if collection not in ids:
            problems.append(Problem(doc.path, *at(offset), "error", "broken-link",
                                    f"link {shown(url)} points outside the collections; link entries as ../<collection>/<id>.md"))
        elif entry_id not in ids[collection]:
            problems.append(Problem(doc.path, *at(offset), "error", "broken-link",
                                    f"link {shown(url)} points to no entry of {collection}{did_you_mean(entry_id, ids[collection])}"))
    source_ids = {src.get("id") for src in entry.facts.get("sources") or [] if isinstance(src, dict)}
    for m in citations(body):
        cited = m.group(1)
        if cited not in source_ids and re.fullmatch(r"s\d+", cited):
            listed = ", ".join(sorted(i for i in source_ids if isinstance(i, str))) or "none (give each source an 'id')"
            problems.append(Problem(doc.path, *at(m.start()), "error", "unknown-source", f"the text cites [{cited}] but sources have ids: {listed}"))
    for m in _TAG_RE.finditer(body):
        tag, attrs = m.group(1).lower(), m.group(2)
        if tag in _UNSAFE_TAGS:
            problems.append(Problem(doc.path, *at(m.start()), "error", "unsafe-html", f"<{tag}> is not allowed in an entry"))
            continue
        has_alt = False
        for a in _ATTR.finditer(attrs):
            name = a.group(1).lower()
            value = (a.group(2) or "").strip("\"'")
            if name.startswith("on"):
                problems.append(Problem(doc.path, *at(m.start()), "error", "unsafe-html", f"the event-handler attribute '{name}' is not allowed in an entry"))
            elif name in ("href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "background") and url_scheme(value) not in _SAFE_SCHEMES:
                problems.append(Problem(doc.path, *at(m.start()), "error", "unsafe-url",
                                        f"{name} {shown(value)} uses the '{url_scheme(value)}:' scheme; only http(s), mailto and relative links are allowed"))
            elif name == "alt" and value.strip():
                has_alt = True
        if tag == "img" and not has_alt:
            problems.append(Problem(doc.path, *at(m.start()), "error", "image-alt", "the <img> needs a non-empty alt attribute describing what it shows"))
    return problems
