"""Sanitising: what a page may contain, decided by an allow-list on the HTML a browser receives.

Used at both ends. `kb.check.entries` renders each entry's text and reports, with its line, everything
the contributors' policy would remove, so an editor learns it before the build; `kb.adapters.markdown_ext`
passes the HTML of every page through `clean` (the `ammonia` sanitiser, through `nh3`) so that
whatever a check might miss never reaches a reader. Detection by patterns in the source loses
to parser tricks; the sanitiser parses as a browser does.

Two policies. CONTENT is what contributors may write: text markup, tables, links and images
over http(s), mailto and relative addresses; no script, style, form, frame, meta or base, no
event handlers, no `data-` attributes (the search index reads some), and no id the theme uses
(`__…`, `md-…`, `kb-…`). PAGE adds what the engine itself draws: the SVG charts and the data
attributes the reader-side script and the search index read.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

from kb.core.rules import Message
from kb.core.text import url_scheme as scheme

TEXT_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
}
COMMON_ATTRS = {"class", "id", "title", "lang", "dir", "hidden", "aria-label", "aria-hidden", "aria-describedby", "aria-current", "role"}
TEXT_ATTRS = {
    "*": COMMON_ATTRS,
    "a": {"href", "hreflang", "download"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start", "reversed"},
    "details": {"open"},
    "time": {"datetime"},
}
SVG_TAGS = {"svg", "g", "path", "circle", "line", "rect", "text", "title", "desc", "a"}
SVG_ATTRS = {
    "svg": {"viewBox", "xmlns", "width", "height", "aria-labelledby"},
    "g": {"transform"},
    "path": {"d"},
    "circle": {"cx", "cy", "r", "fill"},
    "rect": {"x", "y", "width", "height", "fill"},
    "line": {"x1", "x2", "y1", "y2"},
    "text": {"x", "y", "text-anchor"},
}
SCHEMES = {"http", "https", "mailto"}
RESERVED_ID = re.compile(r"^(__|md-|kb-)")  # the theme's and the engine's own element ids


@dataclass(frozen=True)
class Policy:
    tags: frozenset[str]
    attributes: dict[str, frozenset[str]]
    data_attributes: bool = False

    def allows(self, tag: str, attr: str) -> bool:
        if self.data_attributes and attr.startswith("data-"):
            return True
        return attr in self.attributes.get("*", ()) or attr in self.attributes.get(tag, ())


def _merge(*maps: dict) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for m in maps:
        for tag, attrs in m.items():
            out.setdefault(tag, set()).update(attrs)
    return {tag: frozenset(attrs) for tag, attrs in out.items()}


CONTENT = Policy(frozenset(TEXT_TAGS), _merge(TEXT_ATTRS))
PAGE = Policy(frozenset(TEXT_TAGS | SVG_TAGS), _merge(TEXT_ATTRS, SVG_ATTRS), data_attributes=True)


def _keep(policy: Policy):
    def attribute_filter(tag: str, attr: str, value: str) -> str | None:
        if attr == "id" and RESERVED_ID.match(value) and policy is CONTENT:
            return None
        if attr == "id" and value.startswith("__"):
            return None
        return value

    return attribute_filter


_CLEANERS: dict[int, nh3.Cleaner] = {}
# Text the sanitiser returns unchanged: no markup, no entity, and none of the characters the HTML
# parser rewrites (CR, NUL, a byte-order mark; a no-break space comes back as &nbsp;). Most
# fragments the Markdown extension hands over (each heading's text, for one) are such text.
_PLAIN = re.compile("[^<>&\r\x00\xa0\ufeff]*+")


def clean(html: str, policy: Policy = PAGE) -> str:
    """The HTML with everything the policy does not allow removed, and links to other sites
    given rel="noopener noreferrer"."""
    if _PLAIN.fullmatch(html):
        return html
    cleaner = _CLEANERS.get(id(policy))
    if cleaner is None:  # made once per policy: building the allow-list costs more than a small page
        cleaner = _CLEANERS[id(policy)] = nh3.Cleaner(
            tags=set(policy.tags),
            attributes={tag: set(attrs) for tag, attrs in policy.attributes.items()},
            generic_attribute_prefixes={"data-"} if policy.data_attributes else set(),
            url_schemes=set(SCHEMES),
            attribute_filter=_keep(policy),
            link_rel=None,  # given below to links out of the site only: in the site it is bytes for nothing
            strip_comments=True,
        )
    return _EXTERNAL.sub(r'\1 rel="noopener noreferrer"', cleaner.clean(html))


# A link to another site, as the sanitiser writes it out (double-quoted values, no rel left).
_EXTERNAL = re.compile(r'(<a\b[^>]*?\shref="(?i:https?:)?//[^"]*+")')


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]], int]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs, self.getpos()[0]))

    handle_startendtag = handle_starttag


_TAG_START = re.compile(r"<[a-zA-Z]")


def _tags(html: str) -> list[tuple[str, list, int]]:
    """Every start tag, read by Python's HTML parser one tag at a time: fed a whole text of
    unclosed tags, the parser takes quadratic time, so each tag is cut out first, from its '<'
    to the next '>' (a browser, too, reads a '<' inside a tag as part of it)."""
    found: list[tuple[str, list, int]] = []
    if "<" not in html:
        return found
    closers = [m.start() for m in re.finditer(">", html)]
    pos, line, counted = 0, 1, 0  # lines are counted on from the previous tag: once over the text
    while (m := _TAG_START.search(html, pos)) is not None:
        i = bisect.bisect_left(closers, m.start())
        if i == len(closers) or closers[i] - m.start() > 4000:
            pos = m.start() + 1
            continue
        for end in closers[i : i + 4]:  # a '>' inside a quoted value does not end the tag
            if end - m.start() > 4000:
                break
            parser = _Tags()
            parser.feed(html[m.start() : end + 1])
            if parser.found:
                break
        line += html.count("\n", counted, m.start())
        counted = m.start()
        found += [(tag, attrs, line) for tag, attrs, _ in parser.found[:1]]
        pos = (end if parser.found else closers[i]) + 1
    return found


def removals(html: str, policy: Policy = CONTENT) -> list[tuple[str, str, Message]]:
    """What `clean` would remove from this HTML, for editors: (rule, the tag it is in, message)."""
    out: list[tuple[str, str, Message]] = []
    allowed_tags = 0
    for tag, attrs, _ in _tags(html):
        if tag not in policy.tags:
            out.append(("unsafe-html", tag, Message("unsafe-html", tag=tag)))
            continue
        allowed_tags += 1
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                out.append(("unsafe-html", tag, Message("unsafe-html.handler", name=name)))
            elif not policy.allows(tag, name):
                out.append(("unsafe-html", tag, Message("unsafe-html.attribute", name=name, tag=tag)))
            elif name == "id" and RESERVED_ID.match(value):
                out.append(("unsafe-html", tag, Message("unsafe-html.reserved-id", value=value)))
            elif name in ("href", "src") and scheme(value) and scheme(value) not in SCHEMES:
                out.append(
                    (
                        "unsafe-url",
                        tag,
                        Message("unsafe-url.attribute", name=name, url=Message("quoted", text=value[:60]), scheme=scheme(value)),
                    )
                )
    if not out and allowed_tags and len(_tags(clean(html, policy))) < allowed_tags:
        # The sanitiser, which parses as a browser does, saw markup that Python's parser did not.
        out.append(("unsafe-html", "", Message("unsafe-html.misread")))
    return out
