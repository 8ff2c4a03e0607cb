"""Text scans: what the engine reads in an entry's Markdown without rendering it.

Used by the checks (`kb.check.entries`) and by rendering (`kb.check.refs`, `kb.pages.entry_pages`): code blocks and spans
blanked out, `## ` headings, citations such as [s1], links and their targets, tags, and the
scheme a browser would see in an address. Pure functions of the text.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
from collections.abc import Iterator

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
# Searched for "##" anywhere, a literal the regex engine skips to, and kept at a line start only
# (section_headings): anchored with ^ and MULTILINE, it was tried at every line.
_HEADING = re.compile(r"##[ \t]+([^\n]+)")
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
_UNSAFE_TAGS = {
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "meta",
    "link",
    "form",
    "style",
    "svg",
    "math",
}
_SAFE_SCHEMES = {"http", "https", "mailto", ""}
# '<![' that does not open '<![CDATA[': Python's HTML parser, which MkDocs runs over every page's
# Markdown to collect anchors, raises on it (and, for a name it does not know, on '<![name').
MARKED_SECTION = re.compile(r"<!\[(?!CDATA\[)", re.IGNORECASE)
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


@functools.lru_cache(maxsize=4096)
def blank_code(text: str) -> str:
    """The text with code blocks and code spans replaced by spaces, keeping every position.

    Pure, and asked for the same body by several checks and by rendering: cached."""
    if "`" not in text and "~" not in text:  # no fence and no span: most entries
        return text

    def blank(match: re.Match) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    def blank_span(match: re.Match) -> str:
        # On a line that starts with a tag, or in a block whose first line does, Markdown may pass
        # the text on as raw HTML, where backticks mean nothing: such text is checked as it is.
        line_start = line_starts[bisect.bisect_right(line_starts, match.start()) - 1]
        block_start = block_starts[bisect.bisect_right(block_starts, match.start()) - 1]
        raw_html = any(_RAW_START.match(text, at) for at in (line_start, block_start))
        return match.group(0) if raw_html else " " * len(match.group(0))

    pieces, pos = [], 0
    for start, end in fenced_blocks(text):
        pieces += [text[pos:start], re.sub(r"[^\n]", " ", text[start:end])]
        pos = end
    text = "".join(pieces) + text[pos:]
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    block_starts = [0] + [m.end() for m in re.finditer(r"\n[ \t]*\n", text)]
    return _CODE.sub(blank_span, text)


_RAW_START = re.compile(r" {0,3}<[a-zA-Z]")
_AUTOLINK_OR_MAIL = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.\-]*+:[^<>\s]*+|[^<>\s@]++@[^<>\s]++)>")


def html_view(text: str) -> str:
    """The text as the HTML it passes on raw: code blanked (see blank_code) and autolinks
    (<https://…>, <name@host>), which Markdown turns into links, blanked too."""
    blanked = blank_code(text)
    return _AUTOLINK_OR_MAIL.sub(lambda m: " " * len(m.group(0)), blanked) if "<" in blanked else blanked


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
    body = blank_code(body)
    for m in _HEADING.finditer(body):
        if m.start() and body[m.start() - 1] != "\n":
            continue
        text = m.group(1)
        headings.append(text[: max(1, len(text.rstrip(" \t#")))].strip())
    return headings


def link_target(kb_dir: str, languages, doc_path: str, url: str) -> tuple[str, str] | None:
    """The (collection, id) a relative .md link from `doc` points to, or None if it is not such a link."""
    if ".md" not in url:
        return None
    return _link_target(kb_dir, tuple(languages), doc_path.rpartition("/")[0], url)


@functools.lru_cache(maxsize=65536)  # the entries of one folder link to the same few targets
def _link_target(kb_dir: str, languages: tuple[str, ...], doc_dir: str, url: str) -> tuple[str, str] | None:
    path = url.split("#", 1)[0].split("?", 1)[0]
    if not path.endswith(".md") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:", path):
        return None
    if path.startswith("/"):  # an absolute path leads out of the site's sub-path, never to an entry
        return ("", path)
    parts = doc_dir.split("/") if doc_dir else []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    if len(parts) != 3 or parts[0] != kb_dir:
        return ("", path)
    stem = parts[2][:-3]
    for lang in languages[1:]:
        if stem.endswith("." + lang):
            stem = stem[: -len(lang) - 1]
    return parts[1], stem


def iter_links(body: str) -> Iterator[tuple[int, str, str, bool]]:
    """(offset, url, text, is_image) for every Markdown link, reference definition and autolink."""
    inline = set()
    for m in _INLINE_LINK.finditer(body):
        inline.add(m.start(2))
        yield m.start(2), m.group(2), m.group(1), body[m.start() - 1 : m.start()] == "!"
    for m in _REF_DEF.finditer(body) if "]:" in body else ():
        yield m.start(1), m.group(1), "", False
    for m in _AUTOLINK.finditer(body) if "<" in body else ():
        yield m.start(1), m.group(1), "", False
    if body.count("](") == len(inline):
        return  # each destination is an inline link's (each such link holds one "](")
    for m in _LINK_DEST.finditer(body):
        if m.start(1) not in inline:
            yield m.start(1), m.group(1), "(nested)", False


def url_scheme(url: str) -> str:
    """The scheme a browser would see, after entity decoding and with the tricks removed."""
    return _scheme(url) if len(url) <= 2048 else _scheme.__wrapped__(url)


@functools.lru_cache(maxsize=16384)  # asked for every link of every page; the same addresses recur
def _scheme(url: str) -> str:
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(html.unescape(url)))
    m = re.match(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):", cleaned)
    return m.group(1).lower() if m else ""


_ATTR_LIST = re.compile(r"\{:?([^{}\n]*+)\}")
_ATTR_TOKEN = re.compile(r"""[ \t]*+(?:([#.])([^\s}#.]++)|([A-Za-z_:][-\w:.]*+)=("[^"\n]*+"|'[^'\n]*+'|[^\s}]++))""")


def attr_lists(text: str) -> Iterator[tuple[int, str, list[tuple[str, str]]]]:
    """(offset, the element it sets, [(attribute, value), …]) for each attribute list such as
    `{: #id .class key=value }`: the `#id` is read as ('id', …), `.class` as ('class', …). The
    element is 'h2' and so on for a heading, else ''."""
    if "{" not in text:
        return
    body = blank_code(text)
    for m in _ATTR_LIST.finditer(body):
        inner, pos, attrs = m.group(1), 0, []
        while pos < len(inner.rstrip()):
            t = _ATTR_TOKEN.match(inner, pos)
            if t is None:
                break
            attrs.append(
                ("id" if t.group(1) == "#" else "class", t.group(2)) if t.group(1) else (t.group(3).lower(), t.group(4).strip("\"'"))
            )
            pos = t.end()
        if not attrs or inner[pos:].strip():
            continue  # not an attribute list, just braces in the text
        line_start = body.rfind("\n", 0, m.start()) + 1
        heading = re.match(r"(#{1,6})[ \t]", body[line_start : m.start()])
        yield m.start(), f"h{len(heading.group(1))}" if heading else "", attrs


def split_lead(text: str) -> tuple[str, str]:
    """The text before the first section heading (the lead, which the page shows above the fact
    box) and the rest. Headings inside code blocks do not count."""
    match = re.search(r"^#{1,6}[ \t]", blank_code(text), re.MULTILINE)
    at = match.start() if match else len(text)
    return text[:at].strip(), text[at:]
