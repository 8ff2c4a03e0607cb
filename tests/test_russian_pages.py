"""What a Russian reader receives, read from the real knowledge base as built: no line break
where Russian typography forbids one, the page chrome in Russian, and a head that names the
page's other-language version and previews in the page's language."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

NOT_TEXT = re.compile(r"<(pre|code|kbd|samp|script|style)\b.*?</\1\s*>|<[^>]*>", re.S)
# Each place where a line may not break, written with an ordinary (breakable) space or hyphen.
BREAKABLE = {
    "number and unit": re.compile(r"\d (?:%|тыс\.|млн|млрд|руб\.|га|лет|года?|г\.)(?![^\W\d_])"),
    "unit and unit": re.compile(r"\d\u00a0(?:тыс\.|млн|млрд) руб\."),
    "after №": re.compile(r"№ "),
    "inside a law's number": re.compile(r"\d-ФЗ"),
    "initials": re.compile(r"(?<![^\s(«])[А-ЯЁ]\. (?:[А-ЯЁ]\. )?[А-ЯЁ][а-яё]+"),
    "numeric date": re.compile(r"(?<![\d.])\d{2}\.\d{2}\.\d{4}(?![\d.]\d)"),
    "full stop after an abbreviation's citation": re.compile(r"(?:руб|г)\.\d+\.(?!\d)"),
}
# Interface words the English site shows; none may reach a Russian page.
ENGLISH_CHROME = ["Permanent link", "Dark theme", "Light theme", "Special economic zones of Russia", "sez-leaders/sez-kb", "Page not found"]


def pages(site: Path, prefix: str) -> dict[str, str]:
    root = site / prefix if prefix else site
    out = {}
    for path in sorted(root.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if not prefix and (rel.startswith(("ru/", "api/", "pagefind/")) or rel == "404.html"):
            continue
        out[rel] = path.read_text(encoding="utf-8")
    return out


def text_of(page: str) -> str:
    """The visible text of a page's body: tags, code and scripts left out, entities read."""
    body = page[page.index("<body") :]
    return html.unescape(NOT_TEXT.sub(lambda m: "" if m.group(0).startswith("<") and not m.group(1) else " ", body))


@pytest.fixture(scope="module")
def russian(built_site) -> dict[str, str]:
    return pages(built_site, "ru")


def test_no_russian_page_breaks_a_line_where_typography_forbids(russian):
    found = [
        f"{uri}: {what}: {text[max(0, m.start() - 25) : m.end() + 5]!r}"
        for uri, page in russian.items()
        for text in [text_of(page)]
        for what, pattern in BREAKABLE.items()
        for m in pattern.finditer(text)
    ]
    assert found == []
    # What the scan looks for is there, written unbreakably.
    every = "".join(text_of(p) for p in russian.values())
    assert "116\u2011ФЗ" in every and re.search(r"\d\u00a0млрд\u00a0руб\.", every) and "№\u00a0" in every
    assert re.search(r"\d\u00a0(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря) \d{4}\u00a0г\.", every)


def test_no_english_interface_word_on_a_russian_page(built_site, russian):
    found = []
    for uri, page in russian.items():
        chrome = re.sub(r'\s(?:href|src)="[^"]*"', "", page)  # the repository's address may name it
        found += [f"{uri}: {word}" for word in ENGLISH_CHROME if word in html.unescape(chrome)]
    assert found == []
    # The English pages say them in English (so the words above are the ones the site uses).
    english = html.unescape(
        (built_site / "index.html").read_text(encoding="utf-8") + (built_site / "zones/innopolis/index.html").read_text(encoding="utf-8")
    )
    assert [word for word in ENGLISH_CHROME if word not in english] == ["Page not found"]  # 404.html says it to the reader of each language
    page = russian["ru/zones/innopolis/index.html"]
    assert 'title="Постоянная ссылка на раздел"' in page and 'title="Тёмная тема"' in page and 'title="Светлая тема"' in page
    assert re.search(r'class="md-source__repository">\s*Исходные тексты на GitHub\s*<', page)


def test_each_page_names_its_other_language_version_and_previews_in_its_own(built_site, russian):
    base = "https://sez-leaders.github.io/sez-kb/"
    for uri, lang, locale, other in [
        ("ru/zones/innopolis/index.html", "ru", "ru_RU", "en_US"),
        ("zones/innopolis/index.html", "en", "en_US", "ru_RU"),
    ]:
        page = (built_site / uri).read_text(encoding="utf-8")
        head = page[: page.index("</head>")]
        assert re.findall(r'<link rel=" alternate" hreflang="([^"]+)" href="([^"]+)">', head) == [
            ("en", f"{base}zones/innopolis/"),
            ("x-default", f"{base}zones/innopolis/"),
            ("ru", f"{base}ru/zones/innopolis/"),
        ]
        meta = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', head))
        assert meta["og:locale"] == locale and meta["og:locale:alternate"] == other
        assert meta["og:url"] == f"{base}{uri.removesuffix('index.html')}"
        assert meta["og:description"] == meta["description"]
        assert meta["og:title"] == ("«Иннополис»" if lang == "ru" else "Innopolis")
        description = html.unescape(meta["description"])
        assert description.startswith("ОЭЗ ТВТ «Иннополис»" if lang == "ru" else "Innopolis")
        assert "[s" not in description  # citation marks are not part of a summary
    # A page with no entry summary describes the site, in its language.
    home = russian["ru/index.html"]
    assert '<meta property="og:description" content="Особые экономические зоны России, меры их поддержки и регионы' in home
    assert '<meta property="og:site_name" content="База знаний «Лидеры ОЭЗ»">' in home
