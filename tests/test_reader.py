"""What a reader sees and does, in Chromium: results under the header's box as one types, the
search page's counts in each language's plural forms, a query in the other language's letters,
where-am-I on entry pages, tables on a phone, the 404 page in the reader's language, and every
page kind readable in both colour schemes at desktop and phone widths.

The screenshots of the suite are kept in tests/artifacts/screens/ (git-ignored) for reviewers:
open them before calling a visible change done.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
import yaml
from babel import Locale

from browser import ARTIFACTS, SUB_PATH, serve_sub_path
from conftest import ROOT

# The interface words: the engine's (hooks/kb/read/words.yml), each replaced by kb.yml's where it gives one.
LABELS = (
    yaml.safe_load((ROOT / "hooks/kb/read/words.yml").read_text(encoding="utf-8"))["labels"]
    | yaml.safe_load((ROOT / "kb" / "kb.yml").read_text(encoding="utf-8"))["labels"]
)
SCREENS = ARTIFACTS / "screens"

# Every kind of page, in both languages where the kind has both.
PAGE_KINDS = {
    "home-ru": "ru/",
    "home-en": "",
    "catalogue-zones-ru": "ru/zones/",
    "catalogue-zones-en": "zones/",
    "catalogue-glossary-ru": "ru/glossary/",
    "entry-zone-ru": "ru/zones/avangard/",
    "entry-zone-en": "zones/avangard/",
    "entry-measure-ru": "ru/measures/industrial-mortgage/",
    "entry-type-ru": "ru/sez-types/port/",
    "region-ru": "ru/regions/omsk/",
    "matrix-ru": "ru/overview/measures-by-zone-type/",
    "map-ru": "ru/overview/map/",
    "map-en": "overview/map/",
    "timeline-ru": "ru/overview/timeline/",
    "timeline-en": "overview/timeline/",
    "finder-ru": "ru/tools/measure-finder/",
    "compare-ru": "ru/tools/compare/?zones=avangard,alabuga",
    "benchmarks-ru": "ru/overview/benchmarks/",
    "whats-new-ru": "ru/whats-new/",
    "search-ru": "ru/search/?q=налоги",
    "search-en": "search/?q=mortgage",
    "editors-ru": "ru/editors/fields/",
}


def new_view(browser, width: int, scheme: str = "light", locale: str = "en-US"):
    context = browser.new_context(viewport={"width": width, "height": 900 if width > 600 else 844}, color_scheme=scheme, locale=locale)
    return context, context.new_page()


def settle(page) -> None:
    page.wait_for_load_state("networkidle")
    if "search/?q=" in page.url:
        page.wait_for_selector(".kb-result-link, .kb-search-elsewhere", timeout=15000)


def type_in_header(page, text: str) -> None:
    page.click("#kb-q")
    page.keyboard.type(text, delay=20)
    page.wait_for_selector(".kb-panel:not([hidden]) [role=option]", timeout=15000)


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_kind_is_readable(browser, site_url, width, scheme):
    """Each page kind, at desktop and phone width, in the light and the dark scheme: axe finds no
    text below its contrast ratio, nothing is wider than the screen, and no table hides columns
    (a card per row on a phone; at desktop width a wide table says it scrolls)."""
    from axe_playwright_python.sync_playwright import Axe

    SCREENS.mkdir(parents=True, exist_ok=True)
    axe = Axe()
    context, page = new_view(browser, width, scheme)
    problems = []
    for name, path in PAGE_KINDS.items():
        page.goto(site_url + path)
        settle(page)
        page.screenshot(path=str(SCREENS / f"{name}-{width}-{scheme}.png"))
        contrast = axe.run(page, options={"runOnly": ["color-contrast"]}).response["violations"]
        for v in contrast:
            problems += [(name, "contrast", n["target"], n["any"][0]["message"][:120]) for n in v["nodes"][:3]]
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append((name, f"page is {overflow}px wider than the {width}px screen"))
        problems += [(name, *p) for p in page.evaluate(TABLE_CHECK)]
    context.close()
    assert problems == []


# Every table's cells must be on the screen (a phone) or within a scroll container that says it
# scrolls (desktop): [problem, table's first header] for each one that is not.
TABLE_CHECK = """() => {
  const out = [];
  for (const table of document.querySelectorAll('.md-content table')) {
    if (table.closest('[hidden]') || !table.offsetParent) continue;
    const head = (table.querySelector('th') || {}).textContent || '';
    const wrap = table.closest('.md-typeset__scrollwrap, .kb-compare-table');
    if (wrap && wrap.scrollWidth > wrap.clientWidth + 2) {
      const hint = wrap.previousElementSibling;
      const shown = hint && hint.classList.contains('kb-table-hint') && !hint.hidden;
      if (!shown && !wrap.classList.contains('kb-compare-table')) out.push(['table scrolls without saying so', head]);
      continue;
    }
    for (const cell of table.querySelectorAll('tbody td, tbody th')) {
      const r = cell.getBoundingClientRect();
      if (r.width && r.right > window.innerWidth + 1) { out.push(['cell off the screen', head]); break; }
    }
  }
  return out;
}"""


def test_catalogue_on_a_phone_reads_as_cards(browser, site_url):
    """At 390 px each row of the Russian zones catalogue is a card, and each of its values carries
    its column's name; the hidden header keeps the table's meaning for screen readers."""
    context, page = new_view(browser, 390)
    page.goto(site_url + "ru/zones/")
    settle(page)
    row = page.locator(".kb-catalogue tbody tr").first
    cells = row.locator("td")
    headers = page.eval_on_selector_all(".kb-catalogue thead th", "ths => ths.map(t => t.textContent.trim())")
    assert "Резиденты" in headers and "Статус" in headers
    for i in range(1, cells.count()):
        label = cells.nth(i).evaluate("td => getComputedStyle(td, '::before').content")
        assert label == f'"{headers[i]}"'
    box = row.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    context.close()


def test_header_search_shows_results_as_you_type_and_keys_work(page, site_url):
    """Typing in the header shows a list under the box: entries named so first, then full-text
    results, then a link to every result. Arrow keys move through it, Enter opens the chosen
    result, Escape closes the list."""
    page.goto(site_url + "ru/zones/avangard/")
    type_in_header(page, "промышленная ипотека")
    page.wait_for_selector(".kb-panel-result")
    box = page.locator("#kb-q")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "true"
    groups = page.locator(".kb-panel [role=group]")
    assert page.locator(".kb-panel-head").first.inner_text() == LABELS["direct-hits"]["ru"]
    first = page.locator(".kb-panel [role=option]").first
    assert "industrial-mortgage" in first.locator("a").get_attribute("href")
    last = page.locator(".kb-panel [role=option]").last
    assert last.inner_text() == LABELS["search-all"]["ru"].format(q="промышленная ипотека")
    assert "/ru/search/?q=" in last.locator("a").get_attribute("href")
    assert groups.count() >= 2
    page.keyboard.press("ArrowDown")
    assert first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    page.keyboard.press("Escape")
    assert page.locator(".kb-panel").is_hidden() and box.get_attribute("aria-expanded") == "false"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/ru/measures/industrial-mortgage/$"))


def test_a_chosen_result_stays_chosen_when_more_results_arrive(page, site_url):
    """Entries by name come first; when the full-text results arrive after the reader has moved
    to one of them, the list grows but the chosen option stays chosen (the fragments of the
    full-text results are held back until then, so the order of arrival is fixed)."""
    held, release = [], []

    def hold(route):
        route.fallback() if release else held.append(route)

    page.route("**/pagefind/fragment/**", hold)
    page.goto(site_url + "ru/")
    type_in_header(page, "промышленная ипотека")
    page.keyboard.press("ArrowDown")
    chosen = page.locator(".kb-panel [aria-selected='true'] a").get_attribute("href")
    assert "industrial-mortgage" in chosen and page.locator(".kb-panel-result").count() == 0
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    release.append(True)
    for route in held:
        route.fallback()
    page.wait_for_selector(".kb-panel-result")
    assert page.locator(".kb-panel [aria-selected='true'] a").get_attribute("href") == chosen


def test_header_search_on_a_phone_spans_the_screen(browser, site_url):
    """At 390 px the header gives the box the title's room: the short placeholder fits, the list
    of results lies within the screen, and the box shows that it has the focus."""
    context, page = new_view(browser, 390)
    page.goto(site_url + "ru/")
    box = page.locator("#kb-q")
    assert box.get_attribute("placeholder") == LABELS["search"]["ru"]
    title = page.locator(".md-header__title")
    assert title.is_hidden() or title.evaluate("t => t.scrollWidth <= t.clientWidth")
    fits = page.evaluate("""() => { const i = document.getElementById('kb-q'); const c = document.createElement('canvas').getContext('2d');
        const s = getComputedStyle(i); c.font = s.fontSize + ' ' + s.fontFamily;
        return c.measureText(i.placeholder).width <= i.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight); }""")
    assert fits
    before = box.evaluate("i => getComputedStyle(i).borderColor")
    type_in_header(page, "налоги")
    assert box.evaluate("i => getComputedStyle(i).borderColor") != before
    panel = page.locator(".kb-panel").bounding_box()
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= 390
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_header_results_are_readable_in_both_schemes(browser, site_url, scheme):
    """The list under the header's box, with its highlighted words and chosen option, passes
    axe's contrast rule in the light and the dark scheme."""
    from axe_playwright_python.sync_playwright import Axe

    context, page = new_view(browser, 1280, scheme)
    page.goto(site_url + "ru/")
    type_in_header(page, "налоговый режим")
    page.wait_for_selector(".kb-panel-result mark")
    page.keyboard.press("ArrowDown")
    page.screenshot(path=str(SCREENS / f"header-results-{scheme}.png"))
    result = Axe().run(page, context=".kb-panel", options={"runOnly": ["color-contrast"]}).response
    assert result["violations"] == [], [n["target"] for v in result["violations"] for n in v["nodes"]]
    context.close()


def test_a_russian_query_on_an_english_page_offers_the_russian_results(page, site_url):
    """Written in the other language's letters, a query is offered that language's results, in
    that language, instead of the page language's chance matches."""
    page.goto(site_url + "zones/avangard/")
    type_in_header(page, "налоги")
    offer = page.locator(".kb-panel-all a")
    assert offer.inner_text() == LABELS["search-here"]["ru"].format(q="налоги")
    assert "/ru/search/?q=" in offer.get_attribute("href")
    assert page.locator(".kb-panel-result").count() == 0
    page.goto(site_url + "search/?q=налоги")
    settle(page)
    link = page.locator(".kb-search-elsewhere a")
    assert link.get_attribute("lang") is None and page.locator(".kb-search-elsewhere").get_attribute("lang") == "ru"
    assert page.locator(".kb-result-link").count() == 0
    link.click()
    page.wait_for_url(re.compile(r"/ru/search/\?q="))
    page.wait_for_selector(".kb-result-link")


@pytest.mark.parametrize("query", ["налоги", "ипотека", "Байкальская гавань", "резидент"])
def test_result_counts_follow_the_language_plural_rules(page, site_url, query):
    """The count of results takes the plural form CLDR gives the number in Russian (Babel here,
    the browser's Intl.PluralRules on the page): «1 результат», «3 результата», «54 результата»…"""
    page.goto(site_url + "ru/search/?q=" + query)
    settle(page)
    status = page.locator(".kb-search-status").inner_text()
    n = int(re.match(r"\d+", status.replace("\u00a0", "")).group())
    form = Locale("ru").plural_form(n)
    assert status.replace("\u00a0", "") == LABELS[f"search-results-{form}"]["ru"].format(n=n, q=query)


def test_entry_page_says_where_the_reader_is(page, site_url):
    """Breadcrumbs name the way to the entry, the menu marks its collection, and the previous and
    next links follow the catalogue's order."""
    page.goto(site_url + "ru/zones/")
    order = page.eval_on_selector_all(".kb-catalogue tbody tr td:first-child a", "as => as.map(a => a.getAttribute('href'))")
    page.goto(site_url + "ru/zones/" + order[1].strip("./") + "/")
    crumbs = page.locator(".kb-crumbs li")
    assert [crumbs.nth(i).inner_text().strip() for i in range(3)][:2] == ["Главная", "Зоны"]
    assert crumbs.nth(2).get_attribute("aria-current") == "page"
    assert page.locator(".md-sidebar--primary a[aria-current='location']").inner_text().strip() == "Зоны"
    prev = page.locator(".kb-neighbours a.kb-prev").get_attribute("href")
    nxt = page.locator(".kb-neighbours a.kb-next").get_attribute("href")
    assert prev.strip("./").split("/")[-1] == order[0].strip("./").split("/")[-1]
    assert nxt.strip("./").split("/")[-1] == order[2].strip("./").split("/")[-1]


def test_footer_next_follows_the_menu(page, site_url):
    """«Вперед» at the foot of each page leads to the next page of the menu, in the menu's order."""
    page.goto(site_url + "ru/")
    menu = page.eval_on_selector_all(
        ".md-sidebar--primary .md-nav--primary > .md-nav__list > .md-nav__item > a.md-nav__link",
        "as => as.map(a => new URL(a.href).pathname)",
    )
    visited = [page.evaluate("() => location.pathname")]
    while len(visited) < len(menu) and page.locator("a.md-footer__link--next").count():
        link = page.locator("a.md-footer__link--next")
        target = urljoin(page.url, link.get_attribute("href"))
        # The link activated as such, not a mouse click at coordinates: on a loaded machine the
        # footer may still move while the page's scripts run, and a click at where it was is lost.
        link.dispatch_event("click")
        page.wait_for_url(target)
        visited.append(page.evaluate("() => location.pathname"))
    assert visited == menu[: len(visited)] and len(visited) == len(menu)


def test_phone_reader_has_the_contents_and_cannot_tab_into_the_closed_menu(browser, site_url):
    """At 390 px an entry's contents open from under its title and lead to the section; tabbing
    from the search box never lands in the closed menu drawer."""
    context, page = new_view(browser, 390)
    page.goto(site_url + "ru/zones/avangard/")
    toc = page.locator("details.kb-toc")
    assert toc.is_visible()
    toc.locator("summary").click()
    toc.locator("a").nth(1).click()
    assert "#" in page.url
    page.focus("#kb-q")
    for _ in range(6):
        page.keyboard.press("Tab")
        assert not page.evaluate("() => !!document.activeElement.closest('.md-sidebar--primary')")
    context.close()


def test_language_switch_keeps_the_section(page, site_url):
    """Switching language from a section of a page lands on the same section of the translation."""
    page.goto(site_url + "zones/avangard/#referenced-by")
    page.click("button[aria-label='Select language']")
    page.click("a.md-select__link[hreflang='ru']")
    page.wait_for_url(re.compile(r"/ru/zones/avangard/#referenced-by$"))


def test_filters_that_match_nothing_say_so(page, site_url):
    page.goto(site_url + "ru/zones/")
    options = page.eval_on_selector_all("select[name='status'] option", "os => os.map(o => o.value).filter(Boolean)")
    types = page.eval_on_selector_all("select[name='type'] option", "os => os.map(o => o.value).filter(Boolean)")
    for status in options:
        for kind in types:
            page.select_option("select[name='status']", status)
            page.select_option("select[name='type']", kind)
            if page.locator(".kb-catalogue tbody tr:not([hidden])").count() == 0:
                assert page.locator(".kb-filter-status").inner_text() == LABELS["filter-none"]["ru"]
                return
    pytest.fail("no combination of status and type matches nothing")


@pytest.mark.parametrize(
    "path,locale,lang", [("ru/no/such/page/", "en-US", "ru"), ("no/such/page/", "ru-RU", "ru"), ("no/such/page/", "en-GB", "en")]
)
def test_not_found_page_speaks_the_reader_language(browser, built_site, path, locale, lang):
    """The one 404 page shows the language of the address asked for, else the browser's, with a
    search box that searches in it and a link to its home page."""
    server, base = serve_sub_path(built_site, SUB_PATH)
    try:
        context, page = new_view(browser, 1280, locale=locale)
        page.goto(base + path)
        assert page.get_attribute("html", "lang") == lang
        shown = page.locator(".kb-404:not([hidden])")
        assert shown.count() == 1 and shown.get_attribute("lang") == lang
        assert shown.locator("h1").inner_text() == LABELS["not-found"][lang]
        assert page.locator(".md-header__topic .md-ellipsis").first.inner_text().strip() == LABELS["site-name"][lang]
        shown.locator("input[name=q]").fill("ипотека" if lang == "ru" else "mortgage")
        shown.locator("input[name=q]").press("Enter")
        page.wait_for_url(re.compile(("ru/" if lang == "ru" else "") + r"search/\?q="))
        page.wait_for_selector(".kb-result-link", timeout=15000)
        context.close()
    finally:
        server.shutdown()
