"""Search that answers, in Chromium on the real site: an entry before the term that stands for it,
a result that opens at the section that matched, excerpts with the page's typography and marks
only on the words asked for, advice when nothing is found; the 404 page's title in the reader's
language; and screenshots of these at 1280 and 390 px, light and dark, in both languages."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
import yaml

from browser import ARTIFACTS
from conftest import ROOT

SETTINGS = yaml.safe_load((ROOT / "kb" / "kb.yml").read_text(encoding="utf-8"))
# The interface words: the engine's (hooks/kb/read/words.yml), each replaced by kb.yml's where it gives one.
LABELS = yaml.safe_load((ROOT / "hooks/kb/read/words.yml").read_text(encoding="utf-8"))["labels"] | SETTINGS["labels"]
COLLECTIONS = SETTINGS["collections"]
SCREENS = ARTIFACTS / "screens"


def search(page, site_url, query: str, lang: str = "ru") -> list[str]:
    page.goto(site_url + ("ru/search/" if lang == "ru" else "search/"))
    page.wait_for_function("typeof window.kbSearch === 'function'")
    return [url.split("/sez-kb/", 1)[-1] for url in page.evaluate("q => window.kbSearch(q)", query)]


@pytest.mark.parametrize(
    "query,entry,term",
    [
        ("ФРП", "ru/measures/frp-loans/", "ru/glossary/frp/"),
        ("инфраструктурные бюджетные кредиты", "ru/measures/infrastructure-budget-loans/", "ru/glossary/ibk/"),
        ("ИБК", "ru/measures/infrastructure-budget-loans/", "ru/glossary/ibk/"),
        ("ППТ", "ru/sez-types/industrial-production/", "ru/glossary/ppt/"),
        ("ТВТ", "ru/sez-types/technology-innovation/", "ru/glossary/tvt/"),
    ],
)
def test_a_term_comes_right_after_the_entry_it_stands_for(page, site_url, query, entry, term):
    assert search(page, site_url, query)[:2] == [entry, term]


def test_a_term_comes_after_its_entry_in_english_too(page, site_url):
    assert search(page, site_url, "IPZ", "en")[:2] == ["sez-types/industrial-production/", "glossary/ppt/"]


def test_a_result_opens_at_the_section_that_matched(page, site_url):
    """A word found only in a section of a long page: its result links to that section, and the
    click scrolls the page to it. A word of the page's title opens the page at its top."""
    page.goto(site_url + "ru/search/?q=декларациях")
    page.wait_for_selector(".kb-result-link")
    links = page.eval_on_selector_all(".kb-result-link", "els => els.map(e => e.getAttribute('href'))")
    opened = next(link for link in links if "/ru/measures/tax-stability-guarantee/" in link)
    assert unquote(opened).endswith("/ru/measures/tax-stability-guarantee/#порядок-применения")
    page.click(f".kb-result-link[href='{opened}']")
    page.wait_for_url(re.compile(r"/ru/measures/tax-stability-guarantee/#"))
    heading = page.locator("h2#порядок-применения")
    page.wait_for_function("() => Math.abs(document.getElementById('порядок-применения').getBoundingClientRect().top) < 200")
    assert heading.inner_text().startswith("Порядок применения")
    assert "декларациях" in page.evaluate("() => document.getElementById('порядок-применения').parentElement.innerText")

    page.goto(site_url + "ru/search/?q=Алабуга")
    page.wait_for_selector(".kb-result-link")
    first = page.get_attribute(".kb-result-link", "href")
    assert first.endswith("/ru/zones/alabuga/")


def test_excerpts_keep_the_page_typography_and_mark_only_the_words_asked_for(page, site_url):
    page.goto(site_url + "ru/search/?q=млрд руб")
    page.wait_for_selector(".kb-result-excerpt")
    excerpts = page.eval_on_selector_all(".kb-results > li > .kb-result-excerpt", "els => els.map(e => e.textContent)")
    assert sum(bool(re.search(r"\d\u00a0млрд\u00a0руб\.", e)) for e in excerpts) >= 5, excerpts
    assert [e for e in excerpts if re.search(r"\d млрд|млрд руб", e)] == []  # Pagefind gives them with plain spaces

    page.goto(site_url + "ru/search/?q=меры поддержки по налогам")
    page.wait_for_selector(".kb-result-excerpt mark")
    marks = page.eval_on_selector_all(
        ".kb-result-excerpt mark",
        "els => els.map(m => [(m.previousSibling ? m.previousSibling.textContent.slice(-1) : '') + '|' + m.textContent + '|' + (m.nextSibling ? m.nextSibling.textContent.slice(0, 1) : '')])",
    )
    words = [m[0] for m in marks]
    assert words and not any(re.match(r"[^|]*\w\||[^|]*\|[^|]*\|\w", w) for w in words), words  # no mark inside a word
    assert not any(re.search(r"\|(?:Подобрать|подобрать|Подбор|на)\W*\|", w) for w in words), words

    page.goto(site_url + "ru/search/?q=зоны")
    page.wait_for_selector(".kb-result-excerpt")
    text = " ".join(page.eval_on_selector_all(".kb-result-excerpt", "els => els.map(e => e.textContent)"))
    assert not re.search(r"[а-яё]\d", text)  # citation marks are not glued to words («зоны23»)


@pytest.mark.parametrize("lang,prefix", [("ru", "ru/"), ("en", "")])
def test_a_query_that_finds_nothing_says_so_and_offers_what_to_do(page, site_url, lang, prefix):
    query = "щщзхъ" if lang == "ru" else "qxzvbn"
    page.goto(site_url + f"{prefix}search/?q={query}")
    page.wait_for_selector(".kb-search-none:not([hidden])", timeout=15000)
    assert page.inner_text(".kb-search-status") == LABELS["search-none"][lang].format(q=query)
    assert page.inner_text(".kb-search-none p") == LABELS["search-none-help"][lang]
    assert page.locator(".kb-search-more").is_hidden()  # no "More results" under nothing
    links = page.eval_on_selector_all(".kb-search-none a", "els => els.map(e => [e.textContent, e.getAttribute('href')])")
    assert len(links) == len(COLLECTIONS) and links[2] == (["Зоны", "../zones/"] if lang == "ru" else ["Zones", "../zones/"])
    page.click(".kb-search-none a >> nth=2")
    page.wait_for_url(re.compile(rf"/{prefix}zones/$"))
    # A query that finds something hides the advice again.
    page.go_back()
    page.fill("#kb-search-input", "Алабуга" if lang == "ru" else "Alabuga")
    page.wait_for_selector(".kb-result-link")
    assert page.locator(".kb-search-none").is_hidden()


def test_the_404_title_is_in_the_readers_language(page, site_url):
    page.goto(site_url + "ru/no/such/page/")
    page.wait_for_selector(".kb-404:not([hidden])")
    assert page.title() == f"{LABELS['not-found']['ru']} - {LABELS['site-name']['ru']}"
    page.goto(site_url + "no/such/page/")
    page.wait_for_selector(".kb-404:not([hidden])")
    assert page.title() == f"{LABELS['not-found']['en']} - {LABELS['site-name']['en']}"


SHOTS = {
    "typography-ru": "ru/regions/vologda/",
    "typography-en": "regions/vologda/",
    "search-none-ru": "ru/search/?q=щщзхъ",
    "search-none-en": "search/?q=qxzvbn",
    "search-result-ru": "ru/search/?q=млрд руб",
    "search-result-en": "search/?q=treasury credits",
}


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screens_of_typography_and_search(browser, site_url, width, scheme):
    """Screenshots for reviewers (tests/artifacts/screens/): a page with typography, the empty
    search and a search result, in both languages. Each shows what it is meant to show."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900 if width > 600 else 844}, color_scheme=scheme)
    page = context.new_page()
    for name, path in SHOTS.items():
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        if name.startswith("search-none"):
            page.wait_for_selector(".kb-search-none:not([hidden])", timeout=15000)
        elif name.startswith("search-result"):
            page.wait_for_selector(".kb-result-excerpt", timeout=15000)
        else:
            page.locator("article :is(p, li)", has_text="млрд" if name.endswith("ru") else "RUB").first.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENS / f"h21-{name}-{width}-{scheme}.png"))
    page.goto(site_url + "ru/")
    page.click("#kb-q")
    page.keyboard.type("ИБК", delay=20)
    page.wait_for_selector(".kb-panel:not([hidden]) .kb-panel-result", timeout=15000)
    page.screenshot(path=str(SCREENS / f"h21-search-panel-ru-{width}-{scheme}.png"))
    context.close()
