"""Rules and problems: every mistake the engine can report, named once.

The bottom of the engine. Each rule has a stable name, a severity and a sentence saying what
it means; the editors' page lists them, with an example message produced by running the real
checks (`kb_editors`). Every `Problem` is made through `report`, which takes the severity
from the registry, so a rule cannot drift from its documentation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

# The language the engine's own words are written in: every message, and each rule's meaning
# below. Other languages' meanings come from the base (`rule_meanings` in kb.yml).
LANGUAGE = "en"

Where = tuple[Any, ...]  # a path into front matter or a data file: ("residents", "as_of"), ("sources", 0, "url")


@dataclass(frozen=True)
class Rule:
    name: str
    severity: str  # "error" or "warning"
    meaning: str
    example: str  # a message the rule gives; the editors' page shows a real one where it can make it


_RULES = [
    # Reading files
    Rule("front-matter", "error", "The file must start with front matter between two '---' lines.",
         "the file must start with front matter: a line '---', the fields, then a line '---'"),
    Rule("yaml-syntax", "error", "The front matter or data file is not valid YAML.",
         "front matter is not valid YAML: mapping values are not allowed here"),
    Rule("tab", "error", "YAML is indented with tabs.",
         "front matter must be indented with spaces, not tabs"),
    Rule("duplicate-key", "error", "A field is given twice; YAML would silently keep only the last one.",
         "'title' is given twice (first on line 2); keep one"),
    Rule("yaml-tag", "error", "A YAML tag such as !!python/object is used.",
         "YAML tag 'tag:yaml.org,2002:python/object' is not allowed; write a plain value"),
    Rule("yaml-alias", "error", "YAML anchors and aliases (& and *) are used.",
         "front matter must not use YAML anchors and aliases (& and *); write the value out"),
    Rule("too-complex", "error", "The YAML is too large or too deeply nested.",
         "front matter must be nested at most 12 levels deep"),
    Rule("file-too-large", "error", "The file is larger than an entry can be.",
         "the file is 900 KB; an entry must be at most 256 KB"),
    Rule("bom", "error", "The file starts with a byte-order mark.",
         "the file starts with a byte-order mark; save it as UTF-8 without BOM"),
    Rule("not-utf8", "error", "The file is not UTF-8 text.",
         "byte 0xff is not valid UTF-8; save the file as UTF-8"),
    Rule("line-ends", "error", "The file uses Windows (CRLF) line ends.",
         "the file must use LF line ends, not CRLF or CR (set your editor to LF)"),
    Rule("unreadable", "error", "The file cannot be opened.",
         "the file cannot be read: Permission denied"),
    Rule("symlink", "error", "A symbolic link where a file or folder is expected.",
         "symbolic links are not allowed under kb/; copy the content in"),
    # Where files are
    Rule("bad-id", "error", "A file name that is not a valid id.",
         "file name 'Main_Site' must be an id: lowercase Latin letters, digits and single hyphens (e.g. 'main-site')"),
    Rule("unknown-collection", "error", "A folder under kb/ that is not a collection.",
         "'entrys' is not a collection; collections are: …; did you mean 'entries'?"),
    Rule("misplaced-file", "error", "A file that is not an entry, or an entry in a sub-folder.",
         "only Markdown entries (.md) belong in a collection folder"),
    # Values against their schema
    Rule("missing-field", "error", "A required field is absent.",
         "'title' is required"),
    Rule("unknown-field", "error", "A field that is not declared (often a typo).",
         "'titel' is not a field of …; did you mean 'title'?"),
    Rule("wrong-type", "error", "A value of the wrong kind, e.g. text where a number is expected.",
         "reviewed must be text (got 5)"),
    Rule("not-allowed", "error", "A value outside a closed list of values.",
         "… must be one of the values of vocabulary '…': … (got 'x')"),
    Rule("bad-format", "error", "A malformed date, web address, code or coordinate.",
         "reviewed must be a date written YYYY-MM-DD (got '2020-13-01')"),
    Rule("out-of-range", "error", "A number outside its range, or a list or text too short or long.",
         "sources must list at least 1 item"),
    Rule("bad-value", "error", "Any other value the schema does not accept.",
         "aliases.en must not list the same value twice"),
    Rule("no-source", "error", "The entry lists no source.",
         "sources must list at least 1 item"),
    # Between entries
    Rule("broken-ref", "error", "A field names an entry that does not exist.",
         "… names 'x' but there is no such entry in …"),
    Rule("broken-link", "error", "A Markdown link points to an entry that does not exist.",
         "link '../other/x.md' points to no entry of other"),
    Rule("unknown-source", "error", "A fact or the text cites a source id that the entry's sources do not have.",
         "the text cites [s3] but sources have ids: s1, s2"),
    Rule("unknown-field-name", "error", "A list of field names names a field the entry does not have.",
         "unconfirmed[1] names 'titel', which is not a field of this entry; did you mean 'title'?"),
    Rule("future-date", "error", "A date after today.",
         "reviewed is 2031-01-01, a date in the future"),
    Rule("stale-review", "warning", "The entry was last reviewed more than the review interval ago.",
         "reviewed is 2024-05-01, more than 12 months ago; check the facts and update it"),
    # Languages and text
    Rule("missing-translation", "error", "An entry lacks its text in one of the languages.",
         "there is no ru text: create kb/<collection>/<id>.ru.md with a title and the same sections"),
    Rule("translation-fields", "error", "A translation file carries facts; facts live once, in the main file.",
         "'sources' belongs in kb/<collection>/<id>.md; a translation holds only 'title' and the text"),
    Rule("missing-section", "error", "A required section heading is absent from the text.",
         "the text must have a section '## Overview'"),
    Rule("section-mismatch", "error", "The languages have different numbers of sections.",
         "the ru text has 4 sections (## headings) but the en text has 5; they must match"),
    Rule("unsafe-html", "error", "Script, frame or event-handler HTML in the text.",
         "<script> is not allowed in an entry"),
    Rule("unsafe-url", "error", "A javascript:, data: or similar link.",
         "link 'javascript:alert(1)' uses the 'javascript:' scheme; only http(s), mailto and relative links are allowed"),
    Rule("image-alt", "error", "An image without alternative text.",
         "the image 'plan.png' needs alternative text: ![what it shows](plan.png)"),
    Rule("rejected-term", "warning", "A variant of a term that kb.yml's terms reject for one the base keeps, so that one thing has one name.",
         "«туристических зон» is a rejected variant; write «туристско-рекреационная» (kb.yml, terms)"),
    # The base's own settings (for maintainers)
    Rule("bad-settings", "error", "A mistake in kb/kb.yml.",
         "languages must be a list (got 'en')"),
    Rule("bad-schema", "error", "A mistake in a collection's schema.",
         "field 'area' must have a description"),
    Rule("bad-vocabulary", "error", "A mistake in a vocabulary file.",
         "term 'x' needs a label in ru"),
    # Faults of editors' machines and of pasted text
    Rule("invisible-character", "error", "An invisible or bidirectional control character (U+200B–U+200F, U+202A–U+202E, "
         "U+2066–U+2069, U+2028, U+2029), which can reverse or hide what readers see.",
         "title contains the invisible character \\u202e (right-to-left override); delete it"),
    Rule("bad-markup", "error", "Markup that stops the build's HTML reader, such as '<![' not opening '<![CDATA['.",
         "'<![' opens no section the build can read and would stop it; write '&lt;![' to show it"),
]
RULES: dict[str, Rule] = {rule.name: rule for rule in _RULES}

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

    def format(self) -> str:
        return f"{shown_text(self.path)}:{self.line}:{self.col}: {self.severity} [{self.rule}] {shown_text(self.message)}"

    def format_github(self) -> str:
        """A workflow command: properties and message escaped as the runner reads them, so no
        file name or value can end the command early or start another."""
        kind = "error" if self.severity == "error" else "warning"
        return (f"::{kind} file={_gh_property(shown_text(self.path))},line={self.line},col={self.col},title=kb check"
                f"::{_gh_data(shown_text(f'[{self.rule}] {self.message}'))}")


def report(rule: str, path: str, line: int, col: int, message: str, where: Where | None = None) -> Problem:
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


def invisible_message(what: str, char: str) -> str:
    """The message for an invisible character in `what` (a field's name, 'the text', …)."""
    return f"{what} contains the invisible character {shown_text(char)} ({unicodedata.name(char, 'control').lower()}); delete it"


def shown_text(text: str) -> str:
    """Text for a terminal: control characters (ESC and the like) written visibly as \\xNN, and
    invisible or bidirectional ones as \\uNNNN, so that no name can pass for another."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 0x100 else f"\\u{ord(m.group(0)):04x}",
                        text.replace("\n", "\\n"))
