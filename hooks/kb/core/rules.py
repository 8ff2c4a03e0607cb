"""Rules and problems: every mistake the engine can report, named once.

The bottom of the engine. Each rule has a stable name, a severity and a sentence saying what
it means and the forms of its message; the editors' page lists them, with an example message
produced by running the real checks (`kb.render.editors`). Every `Problem` is made through `report`,
which takes the severity from the registry, so a rule cannot drift from its documentation.

A message is a `Message`: the text in the engine's language (a plain `str`, so everything that
compares, sorts or prints messages works unchanged) that also keeps its id and values, so that
`Problem.format` can say it again in another language from kb.yml's `rule_messages`. A rule's
messages are templates with `{name}` slots; its first form has the id of the rule, each other
form `<rule>.<form>`. Parts shared by several messages (a suggestion, a quoted value, the name
of a kind of value) are the phrases below, said the same way.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

# The language the engine's own words are written in: every message, and each rule's meaning
# below. Other languages' meanings and messages come from the base (`rule_meanings` and
# `rule_messages` in kb.yml), keyed by the names used here.
LANGUAGE = "en"

Where = tuple[Any, ...]  # a path into front matter or a data file: ("residents", "as_of"), ("sources", 0, "url")


@dataclass(frozen=True)
class Rule:
    name: str
    severity: str  # "error" or "warning"
    meaning: str
    # Each form of the rule's message, in the engine's language: "" is the usual one (its id is
    # the rule's name), any other is said by "<rule>.<form>". kb.yml's rule_messages gives each
    # id in every other language of the site (a test and `kb check` say which are missing).
    messages: dict[str, str]
    # The values for the editors' page's example message: of the usual form, or (message id, values).
    example: Any = field(default_factory=dict)

    def example_message(self, languages: tuple[str, ...] = ("en", "ru")) -> Message:
        """The example message, its languages those of the site: the examples' en is the main
        language, their ru another (the main one again on a site of one language)."""
        key, values = self.example if isinstance(self.example, tuple) else (self.name, self.example)
        site = {"en": languages[0], "ru": languages[1] if len(languages) > 1 else languages[0]}
        return _message(key, {k: site.get(v, v) if isinstance(v, str) else v for k, v in values.items()})


_RULES = [
    # Reading files
    Rule(
        "front-matter",
        "error",
        "The file must start with front matter between two '---' lines.",
        {
            "": "the file must start with front matter: a line '---', the fields, then a line '---'",
            "not-closed": "front matter is not closed: add a line '---' after the last field",
            "empty": "the file is empty; an entry needs front matter and a body",
            "not-fields": "front matter must be a set of 'field: value' lines",
        },
    ),
    Rule(
        "yaml-syntax",
        "error",
        "The front matter or data file is not valid YAML.",
        {"": "{what} is not valid YAML: {reason}", "keys": "keys must be plain names (no lists, mappings or '<<' merges as keys)"},
        {"what": ("the.front-matter", {}), "reason": ("yaml.mapping-values", {})},
    ),
    Rule(
        "tab",
        "error",
        "YAML is indented with tabs.",
        {"": "{what} must be indented with spaces, not tabs"},
        {"what": ("the.front-matter", {})},
    ),
    Rule(
        "duplicate-key",
        "error",
        "A field is given twice; YAML would silently keep only the last one.",
        {"": "'{key}' is given twice (first on line {line}); keep one"},
        {"key": "title", "line": 2},
    ),
    Rule(
        "yaml-tag",
        "error",
        "A YAML tag such as !!python/object is used.",
        {"": "YAML tag '{tag}' is not allowed; write a plain value"},
        {"tag": "tag:yaml.org,2002:python/object"},
    ),
    Rule(
        "yaml-alias",
        "error",
        "YAML anchors and aliases (& and *) are used.",
        {"": "front matter must not use YAML anchors and aliases (& and *); write the value out"},
    ),
    Rule(
        "too-complex",
        "error",
        "The YAML is too large or too deeply nested.",
        {"": "front matter must be nested at most {n} levels deep", "values": "front matter must have at most {n} values"},
        {"n": 12},
    ),
    Rule(
        "file-too-large",
        "error",
        "The file is larger than an entry can be.",
        {"": "the file is {size} KB; an entry must be at most {limit} KB"},
        {"size": 900, "limit": 256},
    ),
    Rule(
        "bom",
        "error",
        "The file starts with a byte-order mark.",
        {"": "the file starts with a byte-order mark; save it as UTF-8 without BOM"},
    ),
    Rule(
        "not-utf8",
        "error",
        "The file is not UTF-8 text.",
        {"": "byte 0x{byte} is not valid UTF-8; save the file as UTF-8", "nul": "the file contains a NUL character; it is not a text file"},
        {"byte": "ff"},
    ),
    Rule(
        "line-ends",
        "error",
        "The file uses Windows (CRLF) line ends.",
        {"": "the file must use LF line ends, not CRLF or CR (set your editor to LF)"},
    ),
    Rule(
        "unreadable",
        "error",
        "The file cannot be opened.",
        {
            "": "the file cannot be read: {reason}",
            "not-regular": "the file cannot be read: it is not a regular file",
            "folder": "the file cannot be read: it is a folder",
            "no-folder": "{folder}/ does not exist",
        },
        {"reason": "Permission denied"},
    ),
    Rule(
        "symlink",
        "error",
        "A symbolic link where a file or folder is expected.",
        {
            "": "symbolic links are not allowed under {folder}/; copy the content in",
            "folder": "{folder}/ is a symbolic link; it must be a folder of the project",
        },
        {"folder": "kb"},
    ),
    # Where files are
    Rule(
        "bad-id",
        "error",
        "A file name that is not a valid id.",
        {
            "": "file name '{name}' must be an id: lowercase Latin letters, digits and single hyphens (e.g. 'main-site')",
            "language": "'{lang}' is not a translation language; name translations <id>.{languages}.md",
            "windows": "file name '{name}' cannot be an id: Windows reserves the name {upper}, and a clone there could not check the file out",
        },
        {"name": "Main_Site"},
    ),
    Rule(
        "unknown-collection",
        "error",
        "A folder under kb/ that is not a collection.",
        {"": "'{name}' is not a collection; collections are: {collections}{suggest}"},
        {"name": "entrys", "collections": "…", "suggest": ("did-you-mean", {"name": "entries"})},
    ),
    Rule(
        "misplaced-file",
        "error",
        "A file that is not an entry, or an entry in a sub-folder.",
        {
            "": "only Markdown entries (.md) belong in a collection folder",
            "sub-folder": "entries must sit directly in {folder}/, not in a sub-folder",
            "folders": "{folder}/ must not contain folders",
            "top": "only kb.yml and folders belong directly in {kb}/; an entry goes in {kb}/<collection>/<id>.md",
        },
    ),
    # Values against their schema
    Rule(
        "missing-field",
        "error",
        "A required field is absent.",
        {"": "'{field}' is required{inside}{description}{fix}", "title": "'{field}' is required: the entry's name in this language"},
        {"field": "title"},
    ),
    Rule(
        "unknown-field",
        "error",
        "A field that is not declared (often a typo).",
        {
            "": "'{field}' is not a field of {owner}{suggest}",
            "keyword": "'{key}' is not a keyword the engine knows{suggest}",
            "term": "terms.{term}.{key} is neither a language ({languages}) nor one of the vocabulary's fields{suggest}",
        },
        {"field": "titel", "owner": "…", "suggest": ("did-you-mean", {"name": "title"})},
    ),
    Rule(
        "wrong-type",
        "error",
        "A value of the wrong kind, e.g. text where a number is expected.",
        {
            "": "{field} must be {kind} (got {value}){fix}",
            "number": "{value} is not a usable number",
            "boolean": "{value} is not true or false",
        },
        {"field": "reviewed", "kind": ("type.string", {}), "value": 5},
    ),
    Rule(
        "not-allowed",
        "error",
        "A value outside a closed list of values.",
        {
            "": "{field} must be one of the values{vocabulary}: {values}{more} (got {value}){suggest}",
            "term": "terms.{term}.{field} must be a term of vocabulary '{vocabulary}' (got {value}){suggest}",
        },
        {"field": "…", "vocabulary": ("of-vocabulary", {"name": "…"}), "values": "…", "value": ("quoted", {"text": "x"})},
    ),
    Rule(
        "bad-format",
        "error",
        "A malformed date, web address, code or coordinate.",
        {"": "{field} must be {hint} (got {value})"},
        {"field": "reviewed", "hint": ("format.date", {}), "value": ("quoted", {"text": "2020-13-01"})},
    ),
    Rule(
        "out-of-range",
        "error",
        "A number outside its range, or a list or text too short or long.",
        {"": "{field} must be {bound} (got {value})", "size": "{field} must {size}"},
        ("out-of-range.size", {"field": "sources", "size": ("size.minItems", {"n": 1, "items": ("word.item", {})})}),
    ),
    Rule(
        "bad-value",
        "error",
        "Any other value the schema does not accept.",
        {"": "{field} is not valid here: {reason}", "twice": "{field} must not list the same value twice"},
        ("bad-value.twice", {"field": "aliases.en"}),
    ),
    Rule(
        "no-source",
        "error",
        "The entry lists no source.",
        {},
        ("out-of-range.size", {"field": "sources", "size": ("size.minItems", {"n": 1, "items": ("word.item", {})})}),
    ),
    # Between entries
    Rule(
        "broken-ref",
        "error",
        "A field names an entry that does not exist.",
        {"": "{field} names '{value}' but there is no such entry in {collection}{suggest}"},
        {"field": "…", "value": "x", "collection": "…"},
    ),
    Rule(
        "broken-link",
        "error",
        "A Markdown link points to an entry that does not exist.",
        {
            "": "link {url} points to no entry of {collection}{suggest}",
            "outside": "link {url} points outside the collections; link entries as ../<collection>/<id>.md",
        },
        {"url": ("quoted", {"text": "../other/x.md"}), "collection": "other"},
    ),
    Rule(
        "unknown-source",
        "error",
        "A fact or the text cites a source id that the entry's sources do not have.",
        {"": "{field} names '{value}' but sources have ids: {ids}", "text": "the text cites [{cited}] but sources have ids: {ids}"},
        ("unknown-source.text", {"cited": "s3", "ids": "s1, s2"}),
    ),
    Rule(
        "unknown-field-name",
        "error",
        "A list of field names names a field the entry does not have.",
        {"": "{field} names '{value}', which is not a field of this entry{suggest}"},
        {"field": "unconfirmed[1]", "value": "titel", "suggest": ("did-you-mean", {"name": "title"})},
    ),
    Rule(
        "future-date",
        "error",
        "A date after today.",
        {"": "{field} is {value}, a date in the future"},
        {"field": "reviewed", "value": "2031-01-01"},
    ),
    Rule(
        "stale-review",
        "warning",
        "The entry was last reviewed more than the review interval ago.",
        {"": "{field} is {value}, more than {months} months ago; check the facts and update it"},
        {"field": "reviewed", "value": "2024-05-01", "months": 12},
    ),
    # Languages and text
    Rule(
        "missing-translation",
        "error",
        "An entry lacks its text in one of the languages.",
        {
            "": "there is no {lang} text: create {path}.{lang}.md with a title and the same sections",
            "no-main": "this translation has no main file; create {path}.md with the facts",
        },
        {"lang": "ru", "path": "kb/<collection>/<id>"},
    ),
    Rule(
        "translation-fields",
        "error",
        "A translation file carries facts; facts live once, in the main file.",
        {"": "'{field}' belongs in {path}; a translation holds only '{name}' and the text"},
        {"field": "sources", "path": "kb/<collection>/<id>.md", "name": "title"},
    ),
    Rule(
        "missing-section",
        "error",
        "A required section heading is absent from the text.",
        {"": "the text must have a section '## {heading}'"},
        {"heading": "Overview"},
    ),
    Rule(
        "section-mismatch",
        "error",
        "The languages have different numbers of sections.",
        {"": "the {lang} text has {n} sections (## headings) but the {main} text has {m}; they must match"},
        {"lang": "ru", "n": 4, "main": "en", "m": 5},
    ),
    Rule(
        "unsafe-html",
        "error",
        "Script, frame or event-handler HTML in the text.",
        {
            "": "<{tag}> is not allowed in an entry",
            "handler": "the event-handler attribute '{name}' is not allowed in an entry",
            "attribute": "the attribute '{name}' on <{tag}> is not allowed in an entry",
            "attribute-list": "the attribute '{name}' in an attribute list is not allowed in an entry",
            "reserved-id": "the id '{value}' is reserved for the site's own elements; choose another",
            "misread": "the text holds HTML that a browser reads differently from how it looks; write it plainly",
        },
        {"tag": "script"},
    ),
    Rule(
        "unsafe-url",
        "error",
        "A javascript:, data: or similar link.",
        {
            "": "link {url} uses the '{scheme}:' scheme; only http(s), mailto and relative links are allowed",
            "attribute": "{name} {url} uses the '{scheme}:' scheme; only http(s), mailto and relative links are allowed",
        },
        {"url": ("quoted", {"text": "javascript:alert(1)"}), "scheme": "javascript"},
    ),
    Rule(
        "image-alt",
        "error",
        "An image without alternative text.",
        {
            "": "the image {url} needs alternative text: ![what it shows]({address})",
            "img": "the <img> needs a non-empty alt attribute describing what it shows",
        },
        {"url": ("quoted", {"text": "plan.png"}), "address": "plan.png"},
    ),
    Rule(
        "rejected-term",
        "warning",
        "A variant of a term that kb.yml's terms reject for one the base keeps, so that one thing has one name.",
        {"": "«{variant}» is a rejected variant; write «{use}» (kb.yml, terms)"},
        {"variant": "e-mail", "use": "email"},
    ),
    # The base's own settings (for maintainers)
    Rule(
        "bad-settings",
        "error",
        "A mistake in kb/kb.yml.",
        {
            "": "kb.yml must be a set of 'setting: value' lines",
            "language": "languages[{n}] '{lang}' is not a language the engine can format dates and numbers in",
            "data-folder": "data_folders[{n}] '{folder}' is not a folder of {kb}/",
            "no-schema": "collections[{n}] '{name}' has no schema file {path}",
            "no-rule": "{setting}.{rule}: there is no rule '{rule}'{suggest}",
            "no-message": "{setting}.{key}: there is no message '{key}'{suggest}",
            "engine-language": "{setting}.{key}.{lang}: the engine's own text is used",
            "not-a-language": "{setting}.{key}.{lang}: '{lang}' is not a language of the site{suggest}",
            "missing-meanings": "rule_meanings has no {lang} meaning for {n} rule(s): {rules}",
            "missing-messages": "rule_messages has no {lang} text for {n} message(s): {keys}",
            "placeholders": "rule_messages.{key}.{lang} must use the same {{names}} as the engine's text: {names}",
            "not-collection": "{setting} names '{value}', which is not a collection{suggest}",
            "not-field": "{setting} names '{value}', which is not a field of {collection}{suggest}",
            "not-group": "{setting} names '{value}', which is neither a vocabulary field (x-vocab) nor a reference (x-ref) of {collection}, so it gives no groups to colour",
            "no-data-folder": "{setting} must name a file in one of the data folders ({folders})",
            "data-link": "{setting} '{name}' is a symbolic link; copy the file in",
            "no-data-file": "{setting} '{name}' is not a file under {kb}/",
            "not-outline": "{setting} '{name}' is not a GeoJSON FeatureCollection, Feature or geometry of polygons",
        },
        ("wrong-type", {"field": "languages", "kind": ("type.array", {}), "value": ("quoted", {"text": "en"})}),
    ),
    Rule(
        "untranslated",
        "warning",
        "An interface word has no text in one of the site's languages; the pages show it in English.",
        {
            "": "labels.{key} has no text in {languages}; the pages show the English word: add it in each",
            "words": "languages: '{lang}' has no text for {n} of the engine's interface words ({keys}); the pages show them in English: give them under labels in kb.yml",
            "theme": "languages: the theme has no words in '{lang}' (such as \"Skip to content\"); its pages show the theme's English ones",
        },
        {"key": "search", "languages": "ru"},
    ),
    Rule(
        "bad-schema",
        "error",
        "A mistake in a collection's schema.",
        {
            "": "field '{name}' must have a description",
            "label": "field '{name}' must have an x-label in {languages}",
            "invalid": "not a valid JSON Schema: {reason}",
            "no-vocabulary": "x-vocab names '{name}', but there is no vocabulary {path}{suggest}",
            "no-collection": "x-ref names '{name}', which is not a collection in kb.yml{suggest}",
            "name-field": "x-name-field: '{name}' is not a text field of the schema (type: string), so entries have no name{suggest}",
            "column": "x-catalog-columns[{n}] '{column}' is not a field, @summary or @backlinks:<collection>{suggest}",
            "heading": "x-sections[{n}] needs a heading in {languages}",
            "role": "x-role '{role}' is already played by '{field}'; one field per role",
            "main-in-translation": "{name}: {translated}.{lang}: the {lang} text is {keyword} itself; {translated} holds only {others}",
            "not-other-language": "{name}: {translated}.{lang}: '{lang}' is not one of the other languages of kb.yml ({others}){suggest}",
            "no-main-text": "{name} has {translated} but no {keyword} in {main} beside it",
            "no-translation": "{name} has no {keyword} in {languages}: add {translated}: {{{add}}}",
        },
        {"name": "area"},
    ),
    Rule(
        "bad-vocabulary",
        "error",
        "A mistake in a vocabulary file.",
        {
            "": "term '{term}' needs a label in {languages}",
            "stray": "term '{term}' has keys without values ({keys}); quote labels that contain commas",
            "no-vocabulary": "fields.{field} names '{name}', but there is no vocabulary {path}{suggest}",
        },
        {"term": "x", "languages": "ru"},
    ),
    # Faults of editors' machines and of pasted text
    Rule(
        "invisible-character",
        "error",
        "An invisible or bidirectional control character (U+200B–U+200F, U+202A–U+202E, "
        "U+2066–U+2069, U+2028, U+2029), which can reverse or hide what readers see.",
        {"": "{what} contains the invisible character {char} ({name}); delete it"},
        {"what": "title", "char": "\\u202e", "name": "right-to-left override"},
    ),
    Rule(
        "bad-markup",
        "error",
        "Markup that stops the build's HTML reader, such as '<![' not opening '<![CDATA['.",
        {"": "'<![' opens no section the build can read and would stop it; write '&lt;![' to show it"},
    ),
]

# Parts of messages said by several rules, in the engine's language; kb.yml's rule_messages
# gives them in the other languages, as it gives the rules' messages.
PHRASES = {
    "did-you-mean": "; did you mean '{name}'?",
    "quoted": "'{text}'",
    "the.front-matter": "front matter",
    "the.file": "the file",
    "the.schema": "the schema",
    "the.definitions": "the definitions",
    "the.vocabulary": "the vocabulary",
    "vocabulary-named": "vocabulary '{name}'",
    "field-named": "field '{name}'",
    "inside": " to {field}",
    "described": " ({text})",
    "add-example": "; add e.g. '{field}: {example}'",
    "write-example": "; write e.g. '{field}: {example}'",
    "either": "{first} or {second}",
    "type.string": "text",
    "type.integer": "a whole number",
    "type.number": "a number",
    "type.array": "a list",
    "type.object": "a set of 'key: value' fields",
    "type.boolean": "true or false",
    "type.null": "empty",
    "format.date": "a date written YYYY-MM-DD",
    "format.partial-date": "a date written YYYY, YYYY-MM or YYYY-MM-DD",
    "format.url": "a web address starting with https:// or http://",
    "format.pattern": "text matching {pattern}",
    "of-vocabulary": " of vocabulary '{name}'",
    "more-values": ", … ({n} in all; see the editors' reference)",
    "range.minimum": "at least {n}",
    "range.maximum": "at most {n}",
    "range.exclusiveMinimum": "more than {n}",
    "range.exclusiveMaximum": "less than {n}",
    "size.minItems": "list at least {n} {items}",
    "size.maxItems": "list at most {n} {items}",
    "size.minLength": "be at least {n} characters long",
    "size.not-empty": "not be empty",
    "size.maxLength": "be at most {n} characters long",
    "size.minProperties": "have at least {n} {fields}",
    "size.maxProperties": "have at most {n} {fields}",
    "word.item": "item",
    "word.items": "items",
    "word.field": "field",
    "word.fields": "fields",
    "no-source-ids": "none (give each source an 'id')",
    "none": "none",
    "no-data-folders": "none: add data_folders",
    "other-languages": "other languages",
    # The YAML parser's most common reasons, as it words them (kb.read.yaml_file says others as they come).
    "yaml.mapping-values": "mapping values are not allowed in this context",
    "yaml.no-colon": "could not find expected ':'",
    "yaml.bad-start": "found character that cannot start any token",
    "yaml.end-of-stream": "found unexpected end of stream",
    "yaml.bad-escape": "found unknown escape character",
    "yaml.no-key": "did not find expected key",
    "yaml.no-content": "did not find expected node content",
    "yaml.no-item": "did not find expected '-' indicator",
}

RULES: dict[str, Rule] = {rule.name: rule for rule in _RULES}

# Every message and phrase the engine can say, by id, in the engine's language.
MESSAGES: dict[str, str] = {
    **{(rule.name if not form else f"{rule.name}.{form}"): text for rule in _RULES for form, text in rule.messages.items()},
    **PHRASES,
}

_SLOT = re.compile(r"(?<!\{)\{([a-z_]+)\}")


def slots(template: str) -> set[str]:
    """The names a message template fills in: {name}; {{ and }} are written braces."""
    return set(_SLOT.findall(template.replace("{{", "").replace("}}", "")))


class _Values(dict):
    def __missing__(self, key: str) -> str:
        return ""


class Message(str):
    """A message in the engine's language that can be said again in another: `say`."""

    key: str
    values: dict

    def __new__(cls, key: str, /, **values: Any) -> Message:
        self = super().__new__(cls, _fill(MESSAGES[key], values, LANGUAGE, None))
        self.key, self.values = key, values
        return self

    def __reduce__(self):
        return _message, (self.key, self.values)

    def say(self, lang: str, words: dict | None) -> str:
        """The message in `lang`, from `words` (message id -> {language: template}); a message
        or phrase that `words` lacks stays in the engine's language."""
        if lang == LANGUAGE or not words:
            return str(self)
        template = (words.get(self.key) or {}).get(lang)
        if not template or not slots(template) <= slots(MESSAGES[self.key]):
            template = MESSAGES[self.key]
        return _fill(template, self.values, lang, words)


def _message(key: str, values: dict) -> Message:
    return Message(key, **{k: _message(*v) if isinstance(v, tuple) else v for k, v in values.items()})


def _fill(template: str, values: dict, lang: str, words: dict | None) -> str:
    def said(value: Any) -> str:
        if isinstance(value, Message):
            return value.say(lang, words)
        if isinstance(value, dict):  # a text per language (a schema's description or hint)
            return str(value.get(lang) or value.get(LANGUAGE) or next(iter(value.values()), ""))
        return str(value)

    return template.format_map(_Values({k: said(v) for k, v in values.items()}))


def said(value: Any, lang: str = LANGUAGE, words: dict | None = None) -> str:
    """A message, phrase or plain text, in `lang` where it can be."""
    return value.say(lang, words) if isinstance(value, Message) else str(value)


# The rules a schema's `x-rule` may put in place of the one its keyword would give.
SCHEMA_RULES = sorted(RULES)


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake found in one place, phrased for an editor."""

    path: str  # posix path relative to the project root, e.g. "kb/zones/avangard.md"
    line: int
    col: int
    severity: str
    rule: str
    message: str
    # The front-matter path of the value at fault, when there is one: the checked model
    # leaves that value out. Not part of what is shown or compared.
    where: Where | None = field(default=None, compare=False)

    def format(self, lang: str = LANGUAGE, words: dict | None = None) -> str:
        """The problem as one line, its message in `lang` (from `words`, kb.yml's rule_messages);
        the severity and the rule's name are the same in every language."""
        return (
            f"{shown_text(self.path)}:{self.line}:{self.col}: {self.severity} [{self.rule}] {shown_text(said(self.message, lang, words))}"
        )

    def format_github(self, lang: str = LANGUAGE, words: dict | None = None) -> str:
        """A workflow command: properties and message escaped as the runner reads them, so no
        file name or value can end the command early or start another."""
        kind = "error" if self.severity == "error" else "warning"
        return (
            f"::{kind} file={_gh_property(shown_text(self.path))},line={self.line},col={self.col},title=kb check"
            f"::{_gh_data(shown_text(f'[{self.rule}] {said(self.message, lang, words)}'))}"
        )


def report(rule: str, path: str, line: int, col: int, message: Message | str, where: Where | None = None) -> Problem:
    """The one way to make a Problem: the rule must be registered, and gives the severity."""
    return Problem(path, line, col, RULES[rule].severity, rule, message, where)


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
# Characters a reader cannot see that change what the text around them shows: zero-width
# spaces and joiners, direction marks, embeddings, overrides and isolates, and the Unicode line
# and paragraph separators (which YAML counts as line ends and editors do not).
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def invisible_message(what: str, char: str) -> Message:
    """The message for an invisible character in `what` (a field's name, 'the text', …)."""
    return Message("invisible-character", what=what, char=shown_text(char), name=unicodedata.name(char, "control").lower())


def shown_text(text: str) -> str:
    """Text for a terminal: control characters (ESC and the like) written visibly as \\xNN, and
    invisible or bidirectional ones as \\uNNNN, so that no name can pass for another."""
    return _CONTROL.sub(
        lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 0x100 else f"\\u{ord(m.group(0)):04x}", text.replace("\n", "\\n")
    )
