"""Typography of a page's text: where a line may not break, and numeric dates written out.

Written text can't be trusted to carry no-break spaces; the build can. The rules are data, per
language, in kb.yml's `typography` (see `hooks/kb/read/schemas/settings.schema.yml`); this module turns
them into one `Typographer` per language and applies it to a page's HTML once, after the
sanitiser. Only text between tags changes: never a tag or its attributes, never the inside of
code, preformatted text, scripts or styles, never an address written in the text.

- `units`: a word that stays on the line of the number (or unit) before it: «13,5 %»,
  «2,96 млрд руб.», "2.96 bn";
- `number_word`: a number keeps whatever word follows it on its line («49 лет», «3 февраля»);
- `prefixes`: a word that keeps the word after it on its line: «№ 116», "No. 116", "RUB 2.96";
- `initials`: initials stay with each other and with the surname («А. А. Иванов», «Иванов А. А.»);
- `number_hyphen`: the hyphen between a number and a word does not break («116-ФЗ»);
- `dates`: "d.m.y" writes dates such as 03.02.2007 out in the language's long form, by Babel
  («3 февраля 2007 г.»).
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass

from babel.dates import format_date

NBSP = "\u00a0"
NB_HYPHEN = "\u2011"

# What is not text: an element whose inside is not prose (code, preformatted text, scripts,
# styles), or one tag (a quoted value may hold '>'). The rest, between them, is text.
_NOT_TEXT = re.compile(
    r"<(pre|code|kbd|samp|script|style|textarea)\b[^>\"']*+(?:(?:\"[^\"]*+\"|'[^']*+')[^>\"']*+)*+>.*?</\1\s*>"
    r"|<!--.*?-->"
    r"|<[^>\"']*+(?:(?:\"[^\"]*+\"|'[^']*+')[^>\"']*+)*+>",
    re.S | re.I,
)
# An address written in the text (a link's own text, say): left as it is.
_ADDRESS = re.compile(r"(?:[a-zA-Z][a-zA-Z0-9+.-]*://|www\.|mailto:)[^\s<\x00]*")
_SPACE = r"[ \t\n]+"
# A full stop after the citation marks that follow an abbreviation's or a date's: «руб.³.» → «руб.³».
# (An inline element may end between them: «<strong>200 млн руб.</strong>³.»)
_STOP_AFTER_MARK = re.compile(r"(\.(?:</(?:a|b|em|i|span|strong)>)*(?:<sup\b[^>]*>(?:(?!</sup>).)*</sup>)+)\.(?!\.)", re.S)
_CLOSE = r"(?=[\s\u00a0.,;:!?)»“”\"'…\x00]|$)"  # at the end of a word


@functools.lru_cache(maxsize=1)
def _letters() -> tuple[str, str]:
    """Character classes of upper- and lower-case letters (of every script)."""
    upper = "".join(c for c in map(chr, range(0x41, 0x2000)) if c.isupper() and c.isalpha())
    lower = "".join(c for c in map(chr, range(0x41, 0x2000)) if c.islower() and c.isalpha())
    return f"[{re.escape(upper)}]", f"[{re.escape(lower)}]"


def _words(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class Typographer:
    """One language's rules, compiled: `text` for plain text, `html` for a page."""

    lang: str
    rules: tuple[tuple[re.Pattern, object], ...]
    dates: re.Pattern | None

    def text(self, text: str) -> str:
        """Plain text (no markup) with the rules applied."""
        if self.dates is not None and "." in text:
            text = self.dates.sub(self._date, text)
        for pattern, repl in self.rules:
            text = pattern.sub(repl, text)
        return text

    def _date(self, m: re.Match) -> str:
        if m.start() and m.string[m.start() - 1] in "0123456789.":
            return m.group(0)  # part of a longer number (1.03.02.2007)
        try:
            day = datetime.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            return m.group(0)  # not a date (31.02.2007): left as written
        text = format_date(day, "long", locale=self.lang).replace("\u202f", NBSP)
        stop, after = m.group(4), m.group(5) or ""
        if stop and text.endswith("."):
            stop = ""  # «… 2007 г.» ends the sentence too
        if not stop and after.strip(" \u00a0") == text.split()[-1]:
            after = ""  # «03.02.2007 г.»: the written-out date already ends with «г.»
        return text + stop + after

    def _prose(self, text: str) -> str:
        if "://" in text or "www." in text or "mailto:" in text:
            pieces = _ADDRESS.split(text)
            addresses = _ADDRESS.findall(text)
            return "".join(self.text(p) + (addresses[i] if i < len(addresses) else "") for i, p in enumerate(pieces))
        return self.text(text)

    def html(self, html: str) -> str:
        """A page's HTML with the rules applied to its text only.

        The pieces of text are joined by NUL (which no rule reads as a space or a word) and
        changed together, in one pass of each rule over the page rather than one per piece."""
        texts, others, pos = [], [], 0
        for m in _NOT_TEXT.finditer(html):
            texts.append(html[pos : m.start()])
            others.append(m.group(0))
            pos = m.end()
        texts.append(html[pos:])
        if "\x00" in html:  # a NUL of the page's own (the parser would have dropped it)
            changed = [self._prose(t) for t in texts]
        else:
            changed = self._prose("\x00".join(texts).replace("&nbsp;", NBSP)).split("\x00")
        out = [changed[0]]
        for tag, text in zip(others, changed[1:]):
            out += [tag, text]
        return _STOP_AFTER_MARK.sub(r"\1", "".join(out))


def typographer(lang: str, rules: dict) -> Typographer:
    """The rules of one language (kb.yml `typography.<lang>`), compiled once.

    Every pattern begins with what it consumes (a digit, a letter), never with a look behind,
    so that the regular-expression engine can skip ahead to where one may start; whether a
    word starts where it matched is asked of the text before it, in the replacement."""
    upper, lower = _letters()
    compiled: list[tuple[re.Pattern, object]] = []
    units = _words(rules.get("units") or [])
    # After a number: a no-break space before a group of three digits («1 000»), a unit or (with
    # number_word) any word; a no-break hyphen before a word («116-ФЗ»).
    after = [r"\d{3}(?!\d)"]
    if units:
        after.append(rf"(?:{units}){_CLOSE}")
    if rules.get("number_word"):
        after.append(r"[^\s\u00a0\d<&\x00]")
    hyphen = rf"|(-)(?={upper}|{lower})" if rules.get("number_hyphen") else ""
    compiled.append(
        (
            re.compile(rf"(\d)(?:{_SPACE}(?={'|'.join(after)}){hyphen})"),
            lambda m: m.group(1) + (NB_HYPHEN if m.group(2) else NBSP) if hyphen else m.group(1) + NBSP,
        )
    )
    if units:  # a unit after a number's unit: «млрд руб.», "bn RUB"
        compiled.append((re.compile(rf"(\d[\s\u00a0](?:{units})){_SPACE}(?=(?:{units}){_CLOSE})"), rf"\1{NBSP}"))
    # Words that keep the next on their line. Those that begin with a letter are looked for only
    # where a word begins (\b: three times faster than trying every «п» and «т» inside words).
    words, symbols = [], []
    given = rules.get("prefixes") or []
    lettered = _words(p for p in given if re.match(r"\w", p))
    signs = _words(p for p in given if not re.match(r"\w", p))
    if lettered:  # «ст. 5», "No. 116"
        words.append(rf"(?:{lettered})(?={_SPACE}[^\s\u00a0\x00])")
    if signs:  # «№ 116», "§ 5"
        symbols.append(rf"(?:{signs})(?={_SPACE}[^\s\u00a0\x00])")
    if rules.get("initials"):  # an initial before an initial or a surname; a surname before initials
        words.append(rf"{upper}\.(?={_SPACE}{upper})")
        words.append(rf"{upper}{lower}+(?={_SPACE}{upper}\.[\s\u00a0]?{upper}\.)")
    if words:
        compiled.append((re.compile(rf"\b(?:{'|'.join(words)}){_SPACE}"), _word_start))
    if symbols:
        compiled.append((re.compile(rf"(?:{'|'.join(symbols)}){_SPACE}"), _word_start))
    dates = None
    if rules.get("dates") == "d.m.y":
        dates = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d|\.\d)(\.?)([ \u00a0]+[^\s\u00a0<\x00]+)?")
    return Typographer(lang, tuple(compiled), dates)


def _starts_word(m: re.Match) -> bool:
    return m.start() == 0 or m.string[m.start() - 1] in _BEFORE_WORD


_BEFORE_WORD = frozenset(" \t\n\u00a0(«„\"“'\x00")


def _word_start(m: re.Match) -> str:
    """The word and a no-break space, where the match is a word of its own (not «РФ.» in «РФ. В»)."""
    return m.group(0).rstrip(" \t\n") + NBSP if _starts_word(m) else m.group(0)
