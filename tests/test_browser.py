"""The site as a reader uses it, in Debian's Chromium: language switch, search in Russian and
English, catalogue filters, cross-references and backlinks, accessibility and offline use.
Screenshots of the main page kinds are saved in tests/artifacts/ for reviewers."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from browser import ARTIFACTS, screenshot, serve
from conftest import ROOT, build_site

# The interface words: the engine's (hooks/kb/read/words.yml), each replaced by kb.yml's where it gives one.
LABELS = (
    yaml.safe_load((ROOT / "hooks/kb/read/words.yml").read_text(encoding="utf-8"))["labels"]
    | yaml.safe_load((ROOT / "kb" / "kb.yml").read_text(encoding="utf-8"))["labels"]
)
QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))
PAGE_KINDS = {
    "home-en": "",
    "home-ru": "ru/",
    "catalogue-zones-ru": "ru/zones/",
    "entry-zone-ru": "ru/zones/avangard/",
    "entry-zone-en": "zones/avangard/",
    "entry-measure-ru": "ru/measures/industrial-mortgage/",
    "region-ru": "ru/regions/omsk/",
    "matrix-ru": "ru/overview/measures-by-zone-type/",
    "map-ru": "ru/overview/map/",
    "timeline-en": "overview/timeline/",
    "search-ru": "ru/search/?q=налоги",
    "editors-en": "editors/",
    "not-found": "no/such/page/",
}


def test_switch_language_keeps_the_page(page, site_url):
    """The language switcher on an English entry leads to the same entry in Russian."""
    page.goto(site_url + "zones/avangard/")
    assert page.get_attribute("html", "lang") == "en"
    page.click("button[aria-label='Select language']")
    page.click("a.md-select__link[hreflang='ru']")
    page.wait_for_url(re.compile(r"/ru/zones/avangard/$"))
    assert page.get_attribute("html", "lang") == "ru"
    assert page.inner_text("h1") == "Авангард" or "Авангард" in page.inner_text("h1")


def _results(page):
    page.wait_for_selector(".kb-result-link", timeout=15000)
    return page.eval_on_selector_all(".kb-result-link", "els => els.map(e => e.getAttribute('href'))")


def test_search_in_russian_from_header_and_open_result(page, site_url):
    """An inflected Russian query typed in the header finds the entry, and its result opens it."""
    page.goto(site_url + "ru/")
    page.fill("#kb-q", "промышленной ипотеки")
    page.press("#kb-q", "Enter")
    page.wait_for_url(re.compile(r"/ru/search/\?q="))
    links = _results(page)
    assert any("/ru/measures/industrial-mortgage/" in link for link in links[:3]), links[:5]
    page.click(".kb-result-link[href*='industrial-mortgage']")
    page.wait_for_url(re.compile(r"/ru/measures/industrial-mortgage/"))
    screenshot(page, "search-result-opened-ru")


def test_search_in_english_with_typeahead(page, site_url):
    """A partly typed English word already finds its entry (search as you type)."""
    page.goto(site_url + "search/")
    page.wait_for_selector("#kb-search-input")
    page.type("#kb-search-input", "industrial mortg", delay=30)
    links = _results(page)
    assert any("/measures/industrial-mortgage/" in link and "/ru/" not in link for link in links[:3]), links[:5]


def test_catalogue_filter_is_in_the_address(page, site_url):
    """Choosing a type filters the zones table, puts the filter in the address, and the address restores it."""
    page.goto(site_url + "ru/zones/")
    total = page.locator(".kb-catalogue tbody tr").count()
    page.select_option("select[name='type']", "port")
    shown = page.locator(".kb-catalogue tbody tr:not([hidden])")
    assert 0 < shown.count() < total
    assert all("Портов" in shown.nth(i).inner_text() for i in range(shown.count()))
    assert "type=port" in page.url
    screenshot(page, "catalogue-filtered-ru")
    page.goto(page.url)
    assert page.input_value("select[name='type']") == "port"
    assert page.locator(".kb-catalogue tbody tr:not([hidden])").count() == shown.count()


# Catalogue pages of 30 entries put the real base's 59 zones on two pages.
PAGE = 30


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory):
    """The real base built with catalogue pages of PAGE entries, so that its zones take two pages:
    (address, folder) of the site."""
    root = tmp_path_factory.mktemp("paged")
    for name in ("kb", "docs", "hooks"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    settings = root / "kb" / "kb.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("catalogue_page_size: 50", f"catalogue_page_size: {PAGE}"), encoding="utf-8"
    )
    result = build_site(root, root / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    server, url = serve(root / "site")
    yield url, root / "site"
    server.shutdown()


def test_catalogue_filter_counts_and_links_the_matches_on_other_pages(browser, paged_site):
    """A filter shows this page's matching rows, says how many more match on the other page and
    links it with the filter kept, where the first page's matches are named in turn. A value that
    only the second page has (the port zones sort after the first PAGE in Russian) says so on the
    first. When the file of every entry cannot be had, the page filters its own rows; without
    script every row shows."""
    url, site = paged_site
    zones = json.loads((site / "catalog.json").read_text(encoding="utf-8"))["collections"]["zones"]["entries"]
    total = sum(z["facts"]["type"] == "technology-innovation" for z in zones)
    shown, more = LABELS["filter-shown"]["ru"], LABELS["filter-more-page"]["ru"]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url + "ru/zones/")
    page.select_option("select[name='type']", "technology-innovation")
    page.wait_for_selector(".kb-filter-more")
    rows = page.locator(".kb-catalogue tbody tr:not([hidden])")
    here = rows.count()
    assert 0 < here < total and all("Технико-внедренческая" in rows.nth(i).inner_text() for i in range(here))
    assert page.inner_text(".kb-filter-status") == f"{shown}: {here} / {PAGE}\n" + more.format(n=total - here, pages=2)
    screenshot(page, "catalogue-filtered-pages-ru")
    page.click(".kb-filter-more a")
    page.wait_for_url(re.compile(r"/ru/zones/p/2/\?type=technology-innovation$"))
    page.wait_for_selector(".kb-filter-more")
    assert page.input_value("select[name='type']") == "technology-innovation"
    assert rows.count() == total - here and all("Технико-внедренческая" in rows.nth(i).inner_text() for i in range(total - here))
    assert page.inner_text(".kb-filter-status") == f"{shown}: {total - here} / {len(zones) - PAGE}\n" + more.format(n=here, pages=1)
    page.click(".kb-filter-more a")
    page.wait_for_url(re.compile(r"/ru/zones/\?type=technology-innovation$"))

    page.goto(url + "ru/zones/?type=port")
    page.wait_for_selector(".kb-filter-more")
    assert rows.count() == 0
    ports = sum(z["facts"]["type"] == "port" for z in zones)
    assert page.inner_text(".kb-filter-status") == LABELS["filter-elsewhere-page"]["ru"].format(n=ports, pages=2)

    page.route("**/filters.json", lambda route: route.abort())
    page.goto(url + "ru/zones/?type=technology-innovation")
    page.wait_for_function("document.querySelector('.kb-filter-status').textContent !== ''")
    assert rows.count() == here and page.inner_text(".kb-filter-status") == f"{shown}: {here} / {PAGE}"
    context.close()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "ru/zones/?type=technology-innovation")
    assert page.locator(".kb-catalogue tbody tr:not([hidden])").count() == PAGE
    context.close()


def test_follow_cross_reference_and_backlink(page, site_url):
    """From a zone the region link leads to the region's page, whose backlink leads back to the zone."""
    page.goto(site_url + "ru/zones/avangard/")
    page.click(".kb-facts a[href*='regions/omsk']")
    page.wait_for_url(re.compile(r"/ru/regions/omsk/$"))
    page.click("#referenced-by ~ ul a[href*='zones/avangard']")
    page.wait_for_url(re.compile(r"/ru/zones/avangard/$"))


def test_map_points_link_to_entries(page, site_url):
    """Each point on the map is a link to its zone, named for screen readers."""
    page.goto(site_url + "ru/overview/map/")
    point = page.locator("svg.kb-map a[href*='zones/avangard']")
    assert "Авангард" in point.get_attribute("aria-label")
    point.click()
    page.wait_for_url(re.compile(r"/ru/zones/avangard/$"))


@pytest.mark.parametrize(
    "lang,region,name,zone", [("ru/", "RU-TA", "Республика Татарстан", "«Алабуга»"), ("", "RU-OMS", "Omsk Region", "Avangard")]
)
def test_map_finds_a_region_by_name(page, site_url, lang, region, name, zone):
    """Choosing one's region by its name on the map fills its borders on both drawings, brings
    its zones forward, lists them with their numbers, and keeps the choice in the address."""
    page.goto(site_url + lang + "overview/map/")
    page.wait_for_selector("#kb-map-place option:nth-child(80)", state="attached")
    assert page.locator("svg.kb-map").first.locator(".kb-map-border").count() == 83  # every region's border
    page.select_option("#kb-map-place", label=name)
    assert page.locator(f".kb-map-border.kb-map-here[data-place='{region}']").count() == 2  # the country and the inset
    assert page.locator(".kb-map-here").count() == 2
    chosen = page.locator("a.kb-map-in")
    assert chosen.count() >= 1 and chosen.count() == page.locator(f"a[data-place='{region}']").count()
    items = page.locator(".kb-map-found li").all_inner_texts()
    numbers = {a.locator(".kb-map-num").text_content() for a in chosen.all()}
    assert any(zone in item for item in items) and all(item.split(".")[0] in numbers for item in items)
    assert name in page.locator(".kb-map-found p").inner_text()
    assert f"region={region}" in page.url
    row = page.locator("table tbody tr", has_text=zone).first  # the point's number is the zone's row number
    assert row.locator("td").first.inner_text() == items[[zone in i for i in items].index(True)].split(".")[0]
    screenshot(page, f"map-region-{lang.strip('/') or 'en'}")
    page.goto(page.url)  # a shared link opens with the region chosen
    page.wait_for_selector(f".kb-map-border.kb-map-here[data-place='{region}']", state="attached")
    assert page.locator("#kb-map-place").input_value() == region


@pytest.mark.parametrize("path", ["ru/programme/national-picture/", "programme/national-picture/"])
def test_stacked_table_keeps_a_cells_links_together_on_a_phone(page, site_url, path):
    """At 390 px a table is stacked, a label beside each value: a cell's text, links and citation
    marks all stay in the value's column, after its label, none of them in the label's column."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + path)
    cells = page.locator("table[data-kb-stack] td[data-label]").evaluate_all("""tds => tds.filter(td => td.querySelector('a, sup')).map(td => {
        const box = td.getBoundingClientRect(), label = getComputedStyle(td, '::before');
        const parts = [...td.querySelectorAll('a, sup')].map(e => e.getBoundingClientRect());
        const value = td.querySelector('.kb-cell').getBoundingClientRect();
        return {td: box.left, value: value.left, width: box.width, parts: parts.map(r => r.left), label: label.content,
                kids: td.children.length};
    })""")
    assert len(cells) >= 10
    for cell in cells:
        assert cell["kids"] == 1 and cell["label"] not in ("none", "normal")
        assert cell["value"] > cell["td"] + 0.3 * cell["width"], cell  # the value column starts right of the labels
        assert all(left >= cell["value"] - 1 for left in cell["parts"]), cell


@pytest.mark.parametrize("path", ["ru/programme/national-picture/", "zones/"])
def test_back_to_top_does_not_cover_a_table_header(page, site_url, path):
    """Scrolled down and back up a little (when the theme offers "back to top"), the button does
    not lie over any table's header row."""
    page.goto(site_url + path)
    page.locator("table thead").first.scroll_into_view_if_needed()
    page.mouse.wheel(0, 600)
    page.wait_for_timeout(200)
    page.mouse.wheel(0, -300)
    page.wait_for_timeout(400)
    top = page.locator(".md-top")
    assert top.is_visible()
    button = top.bounding_box()
    for head in page.locator("table thead").all():
        box = head.bounding_box()
        if box:
            apart = (
                button["y"] >= box["y"] + box["height"]
                or button["y"] + button["height"] <= box["y"]
                or button["x"] >= box["x"] + box["width"]
                or button["x"] + button["width"] <= box["x"]
            )
            assert apart, (button, box)
    assert button["y"] > page.viewport_size["height"] / 2  # in the lower corner, away from where headers are read


@pytest.mark.parametrize("name,path", PAGE_KINDS.items())
def test_page_kind_is_accessible_and_clean(page, site_url, name, path):
    """Every kind of page has no serious or critical axe violation and no console error; a screenshot is kept."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    if "search" in name:
        _results(page)
    screenshot(page, name)
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in serious]
    errors = [e for e in page.console_errors if "404" not in e or name != "not-found"]  # the status of the page itself
    assert errors == []
    if name == "not-found":
        assert page.locator(".kb-404:not([hidden]) h1").inner_text() == "Page not found"


def measure_search(page, site_url) -> dict:
    """Run every query of the set through the search page's own function (direct hits by name,
    then Pagefind's full-text results, in the order the page shows them), per language."""
    report = {}
    for lang, queries in QUERIES.items():
        page.goto(site_url + ("ru/search/" if lang == "ru" else "search/"))
        page.wait_for_function("typeof window.kbSearch === 'function'")
        outcomes = page.evaluate(
            """async (queries) => {
                 const out = [];
                 for (const q of queries) out.push({q: q.q, expect: q.expect, top: (await window.kbSearch(q.q)).slice(0, 3)});
                 return out;
               }""",
            queries,
        )
        prefix = "/ru/" if lang == "ru" else "/"
        hits1 = hits3 = 0
        for o in outcomes:
            want = f"{prefix}{o['expect']}/"
            o["rank"] = next((i + 1 for i, url in enumerate(o["top"]) if url.endswith(want) and (lang == "ru") == ("/ru/" in url)), None)
            hits1 += o["rank"] == 1
            hits3 += o["rank"] is not None
        report[lang] = {
            "queries": len(outcomes),
            "top1": hits1 / len(outcomes),
            "top3": hits3 / len(outcomes),
            "misses": [o for o in outcomes if o["rank"] is None],
        }
    return report


def test_search_quality(page, site_url):
    """The query set finds its expected entry in the top three for at least 95% of queries, per language."""
    report = measure_search(page, site_url)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "search-quality.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    for lang in ("ru", "en"):
        assert report[lang]["queries"] >= 30
        assert report[lang]["top3"] >= 0.95, (lang, report[lang]["top3"], report[lang]["misses"])
