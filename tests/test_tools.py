"""The tools for a regional project: measure finder, zone comparison, spreadsheet downloads and
the feed of changes, on the real site in Chromium and on small bases built here."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest

from browser import screenshot
from conftest import ROOT, build_site, write_project
from sample_kb import FILES, ZONE

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize("lang", ["", "ru/"])
def test_finder_narrows_the_list_and_keeps_the_answer_in_the_address(page, site_url, lang):
    """Answering one question hides the measures that do not fit, lists why, and changes the address."""
    page.goto(site_url + lang + "tools/measure-finder/")
    page.wait_for_selector(".kb-finder-status")
    cards = page.locator(".kb-finder-item")
    total = cards.count()
    assert total >= 17 and page.locator(".kb-finder-item:visible").count() == total  # no answers: every measure
    page.check("input[name='audience'][value='management-companies']")
    shown = page.locator(".kb-finder-item:visible").count()
    assert 0 < shown < total
    assert "audience=management-companies" in page.url
    assert page.locator(".kb-finder-out li").count() == total - shown
    assert page.locator(".kb-finder-status").inner_text().endswith(f"{shown} / {total}")
    screenshot(page, f"tools-finder-{lang.strip('/') or 'en'}")
    page.goto(page.url)  # the shared link gives the same answer
    page.wait_for_selector(".kb-finder-status")
    assert page.locator(".kb-finder-item:visible").count() == shown


MONEY_FOR_PLANNING = ("treasury-infrastructure-credits", "infrastructure-budget-loans", "infrastructure-reimbursement")


@pytest.mark.parametrize(
    "lang,co,brings", [("", "Co-financing:", "What the applicant brings:"), ("ru/", "Софинансирование:", "Что готовит заявитель:")]
)
def test_finder_for_a_region_and_its_managing_company_planning_a_zone(page, site_url, lang, co, brings):
    """A region and its managing company, together, at the planning stage: the infrastructure
    credits, the budget loans and the reimbursement are listed, each with its co-financing terms
    and what the applicant brings; the count stands above the cards, and the answers travel in
    the address."""
    page.goto(site_url + lang + "tools/measure-finder/")
    page.wait_for_selector(".kb-finder-status")
    page.check("input[name='audience'][value='regions']")
    page.check("input[name='audience'][value='management-companies']")
    page.select_option("#kb-finder-stages", "planning")
    visible = page.locator(".kb-finder-item:visible")
    ids = [visible.nth(i).get_attribute("data-id") for i in range(visible.count())]
    assert set(MONEY_FOR_PLANNING) <= set(ids)
    for measure in MONEY_FOR_PLANNING:
        text = page.locator(f".kb-finder-item[data-id='{measure}']").inner_text()
        assert co in text and brings in text
    assert "3 %" in page.locator(".kb-finder-item[data-id='treasury-infrastructure-credits']").inner_text().replace("3%", "3 %")
    status = page.locator(".kb-finder-status")
    assert status.inner_text().split(":")[1].strip().startswith(f"{len(ids)} /")
    assert status.bounding_box()["y"] < visible.first.bounding_box()["y"]
    assert "audience=management-companies%2Cregions" in page.url and "stages=planning" in page.url
    page.goto(page.url)
    page.wait_for_selector(".kb-finder-status")
    assert page.is_checked("input[name='audience'][value='regions']") and page.is_checked(
        "input[name='audience'][value='management-companies']"
    )
    assert page.locator(".kb-finder-item:visible").count() == len(ids)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"tools-finder-planning-{lang.strip('/') or 'en'}-{width}")


@pytest.mark.parametrize("lang", ["", "ru/"])
def test_finder_page_is_small_and_links_the_catalogue_without_script(built_site, lang):
    """The cards travel in the file beside the page, fetched once: the page stays under the 60 KB
    budget, and without script it links to the catalogue, which lists every measure."""
    page = built_site / lang / "tools/measure-finder/index.html"
    html = page.read_text()
    assert len(html.encode("utf-8")) < 60_000
    assert 'class="kb-finder-item"' not in html
    assert 'href="../../measures/"' in html
    data = json.loads((page.parent / "finder.json").read_text())
    assert len(data["items"]) == len(list((built_site / "measures").glob("*/index.html")))


@pytest.mark.parametrize("lang", ["", "ru/"])
def test_compare_shows_the_zones_of_the_address_in_one_table(page, site_url, lang):
    """tools/compare/?zones=a,b,c shows those zones' facts side by side, with dates and sources."""
    page.goto(site_url + lang + "tools/compare/?zones=avangard,alabuga,kaluga")
    page.wait_for_selector(".kb-compare-table table")
    heads = page.locator(".kb-compare-table thead th a").all_inner_texts()
    assert len(heads) == 3 and ("Avangard" in heads[0] or "Авангард" in heads[0])
    assert page.locator(".kb-compare-table tbody tr").count() >= 8
    assert page.locator(".kb-compare-source").count() >= 3
    page.locator(".kb-compare-pick input[value='kaluga']").uncheck()
    assert "zones=avangard%2Calabuga" in page.url or "zones=avangard,alabuga" in page.url
    assert page.locator(".kb-compare-table thead th a").count() == 2
    screenshot(page, f"tools-compare-{lang.strip('/') or 'en'}")


@pytest.mark.parametrize(
    "lang,declared,realised,per_ha", [("", "declared", "realised", "per hectare"), ("ru/", "заявлено", "фактически", "на гектар")]
)
def test_compare_by_type_with_figures_per_hectare(page, site_url, built_site, lang, declared, realised, per_ha):
    """The picker narrowed by type offers that type's zones only; the table computes investment,
    jobs and residents per hectare from the facts, each with the dates of both figures, and tags
    the declared and the realised rows. Where one zone gives only the declared figure and another
    only the realised one, a note says they are not comparable."""
    folder = built_site / lang / "tools/compare"
    index = json.loads((folder / "compare.json").read_text())
    cells = json.loads((folder / "compare-1.json").read_text())
    ports = {row[0] for row in index if row[3] == "port"}
    page.goto(site_url + lang + "tools/compare/?zones=avangard,kaluga")
    page.wait_for_selector(".kb-compare-table table")
    page.select_option("#kb-compare-filter", "port")
    offered = {cb.get_attribute("value") for cb in page.locator(".kb-compare-pick label:visible input").all()}
    assert offered == ports | {"avangard", "kaluga"}  # chosen zones stay in view
    assert "type=port" in page.url
    rows = {r.locator("th").inner_text(): r for r in page.locator(".kb-compare-table tbody tr").all()}
    ratio = next(k for k in rows if per_ha in k and declared in k)
    avangard = cells["avangard"]["cells"]
    area, invest = float(avangard["area_ha"]["text"].split()[0].replace(",", "")), avangard["investment_declared_bn_rub"]["text"]
    shown = rows[ratio].locator("td").first.inner_text()
    expected = float(invest.split()[0].replace(",", ".")) * 1000 / area
    assert abs(float(shown.split()[0].replace(",", ".").replace("\u202f", "").replace("\xa0", "")) - expected) < 0.01 * expected
    assert avangard["investment_declared_bn_rub"]["as_of"] in shown and avangard["area_ha"]["as_of"] in shown
    assert any(realised in k for k in rows)
    assert page.locator(".kb-compare-table th[scope=row]").first.evaluate("e => getComputedStyle(e).position") == "sticky"
    screenshot(page, f"tools-compare-per-hectare-{lang.strip('/') or 'en'}")

    def only_realised(route):  # one zone's investment given as realised only
        data = json.loads((folder / "compare-1.json").read_text())
        zone = data["kaluga"]["cells"]
        zone["investment_realised_bn_rub"] = zone.pop("investment_declared_bn_rub")
        route.fulfill(status=200, content_type="application/json", body=json.dumps(data))

    page.route("**/compare-1.json", only_realised)
    page.goto(site_url + lang + "tools/compare/?zones=avangard,kaluga")
    page.wait_for_selector(".kb-compare-notes li")
    notes = page.locator(".kb-compare-notes").inner_text()
    titles = {row[0]: row[1] for row in index}
    assert any(
        titles["avangard"] in line and titles["kaluga"] in line and line.index(titles["avangard"]) < line.index(titles["kaluga"])
        for line in notes.splitlines()
    )


def test_zone_page_links_to_the_comparison(built_site):
    """Each zone's page offers "compare with…", starting from that zone."""
    html = (built_site / "ru/zones/avangard/index.html").read_text()
    assert 'href="../../tools/compare/?zones=avangard"' in html and "Сравнить с другими зонами" in html


@pytest.mark.parametrize("lang,title", [("en", "Name"), ("ru", "Название")])
def test_zones_download_opens_with_cyrillic_and_one_row_per_zone(built_site, lang, title):
    """The zones spreadsheet is UTF-8 with a byte-order mark (Excel reads Cyrillic), one row per
    zone, and each figure in separate columns from its date and source."""
    raw = (built_site / f"downloads/{lang}/zones.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    zones = len(list((built_site / "zones").glob("*/index.html")))
    assert rows[0][:2] == ["id", title] and len(rows) == zones + 1
    avangard = dict(zip(rows[0], next(r for r in rows if r[0] == "avangard")))
    area = next(h for h in rows[0] if h.startswith(("Area", "Площадь")) and h.endswith(("ha", "га")))
    assert avangard[area] == "488"
    assert any(v.startswith("https://") for k, v in avangard.items() if k.startswith(area.split(",")[0]) and k != area)
    if lang == "ru":
        assert avangard["Регион"] == "Омская область"
    catalogue = (built_site / f"{'' if lang == 'en' else 'ru/'}zones/index.html").read_text()
    assert f'href="../{"" if lang == "en" else "../"}downloads/{lang}/zones.csv" download' in catalogue


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("collection", ["programme", "sez-types", "zones", "measures", "regions", "glossary"])
def test_every_catalogue_has_a_workbook_with_typed_cells(built_site, collection, lang):
    """Each catalogue's XLSX, opened with openpyxl: one row per entry under a frozen header row,
    the same columns as the CSV, figures as numbers and their dates as dates, names in intact
    Cyrillic, and a second sheet that explains every column."""
    import datetime as dt

    import openpyxl

    book = openpyxl.load_workbook(built_site / f"downloads/{lang}/{collection}.xlsx")
    sheet, about = book.worksheets
    assert sheet.freeze_panes == "C2"
    rows = list(sheet.iter_rows(values_only=True))
    head = list(rows[0])
    with open(built_site / f"downloads/{lang}/{collection}.csv", encoding="utf-8-sig") as f:
        table = list(csv.reader(f))
    assert head == table[0] and len(rows) == len(table)
    assert {r[0] for r in rows[1:]} == {r[0] for r in table[1:]}
    assert head[0] == "id"
    titles = [r[1] for r in rows[1:]]
    if lang == "ru":
        assert all(re.search("[А-Яа-яЁё]", t) for t in titles), titles
    explained = [r[0] for r in about.iter_rows(values_only=True) if r[0] in head]
    assert explained == head
    assert about.freeze_panes is not None
    for c, heading in enumerate(head):
        values = [r[c] for r in rows[1:] if r[c] is not None]
        csv_values = [r[c] for r in table[1:] if r[c]]
        assert len(values) == len(csv_values), heading  # nothing lost on the way
        width = sheet.column_dimensions[openpyxl.utils.get_column_letter(c + 1)].width
        assert 8 <= width <= 53, (heading, width)  # XLSX_WIDTH + 2, in Excel's units
    if collection == "zones":
        zones = {r[0]: dict(zip(head, r)) for r in rows[1:]}
        avangard = zones["avangard"]
        area = next(h for h in head if h.startswith(("Area", "Площадь")) and h.endswith(("ha", "га")))
        assert avangard[area] == 488 and isinstance(avangard[area], int)
        assert avangard[f"{area.split(',')[0]}: {'as of' if lang == 'en' else 'на'}"] == dt.datetime(2025, 8, 25)
        assert avangard[f"{area.split(',')[0]}: {'source' if lang == 'en' else 'источник'}"].startswith("https://")
        created = "Created" if lang == "en" else "Создана"
        assert zones["alabuga"][created] == dt.datetime(2005, 12, 21)
        cell = sheet.cell(row=[r[0] for r in rows].index("alabuga") + 1, column=head.index(created) + 1)
        assert cell.is_date and cell.number_format == ("yyyy-mm-dd" if lang == "en" else "dd.mm.yyyy")
        invested = next(h for h in head if h.startswith(("Investment realised", "Фактические")) and h.endswith(("bn RUB", "млрд руб.")))
        assert zones["alabuga"][invested] == 538.2  # a number, never the text "538,2" or a date
        if lang == "ru":
            assert avangard["Регион"] == "Омская область" and avangard["Название"] == "«Авангард»"
    catalogue = (built_site / f"{'' if lang == 'en' else 'ru/'}{collection}/index.html").read_text()
    up = "../" if lang == "en" else "../../"
    assert f'href="{up}downloads/{lang}/{collection}.xlsx" download' in catalogue
    assert ("for programs" if lang == "en" else "для обработки программами") in catalogue


def _git(root, *args, day="2026-11-20"):
    subprocess.run(
        ["git", "-C", str(root), *args],
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "Ed",
            "GIT_AUTHOR_EMAIL": "ed@example.org",
            "GIT_COMMITTER_NAME": "Ed",
            "GIT_COMMITTER_EMAIL": "ed@example.org",
            "GIT_AUTHOR_DATE": f"{day}T10:00:00+00:00",
            "GIT_COMMITTER_DATE": f"{day}T10:00:00+00:00",
            "PATH": "/usr/bin:/bin",
        },
    )


NOTE = """changes:
  - date: 2026-11-20
    note: {en: "Area updated to 488 ha from the managing company's report.", ru: "Площадь уточнена по отчёту управляющей компании: 488 га."}
sources:"""


def test_feed_and_page_give_the_entries_notes_and_never_a_commit_message(tmp_path):
    """With commits to entries, the feed is Atom (RFC 4287: id, title, updated, author, links), newest
    first. An entry's own note is shown in the page's language; a later change without a note is
    named by its entry and collection; no commit message reaches the page or the feed."""
    root = write_project(tmp_path / "p", FILES, with_docs=True)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Start the base")
    for i in range(3):
        zone = root / "kb/zones/avangard.md"
        zone.write_text(ZONE.replace("sources:", NOTE, 1).replace("An industrial zone", f"An industrial zone ({i})"))
        _git(root, "commit", "-q", "-am", f"Avangard: change {i}")
    measure = root / "kb/measures/frp-loans.ru.md"
    measure.write_text(measure.read_text() + "\nЕщё одно предложение.\n")
    _git(root, "commit", "-q", "-am", "FRP loans: a sentence for the Russian text", day="2026-11-25")
    result = build_site(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    raw = (tmp_path / "site/ru/feed.xml").read_text()
    feed = ET.fromstring(raw)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{name}") is not None, name
    entries = feed.findall(f"{ATOM}entry")
    summaries = [(e.find(f"{ATOM}title").text, e.find(f"{ATOM}summary").text, e.find(f"{ATOM}updated").text) for e in entries]
    assert summaries[:2] == [
        ("Займы ФРП", "Обновлены сведения о мере поддержки «Займы ФРП»", "2026-11-25T00:00:00Z"),
        ("Авангард", "Площадь уточнена по отчёту управляющей компании: 488 га.", "2026-11-20T00:00:00Z"),
    ]
    assert ("Омская область", "Обновлены сведения о регионе: Омская область", "2026-11-20T00:00:00Z") in summaries
    assert len([s for s in summaries if s[0] == "Авангард"]) == 1  # the note covers the day's commits
    for entry in entries:
        assert all(entry.find(f"{ATOM}{n}") is not None for n in ("id", "title", "updated", "link"))
        assert entry.find(f"{ATOM}link").get("href").startswith("https://")
    page = (tmp_path / "site/ru/whats-new/index.html").read_text().replace("\xa0", " ")  # no-break spaces from the typography
    assert "Площадь уточнена по отчёту управляющей компании: 488 га." in page and "Обновлены сведения о мере поддержки «Займы ФРП»" in page
    english = (tmp_path / "site/whats-new/index.html").read_text().replace("\xa0", " ")
    assert "Area updated to 488 ha from the managing company's report." in english and "Updated: FRP loans" in english
    for text in (raw, page, english, (tmp_path / "site/feed.xml").read_text()):
        for message in ("Start the base", "Avangard: change", "FRP loans: a sentence", "Ещё одно предложение"):
            assert message not in text


def test_real_whats_new_in_russian_shows_notes_and_no_commit_message(built_site):
    """The real site's Russian page and feed of changes: the zones' own notes and plain Russian
    names of the other changes (on the page, one row for a day's plain changes to a collection);
    not one subject of a commit to kb/ (they are written in English, for developers)."""
    subjects = subprocess.run(["git", "-C", str(ROOT), "log", "--format=%s", "--", "kb"], capture_output=True, text=True, check=True).stdout
    page = (built_site / "ru/whats-new/index.html").read_text().replace("\xa0", " ")  # no-break spaces from the typography
    feed = (built_site / "ru/feed.xml").read_text()
    for text in (page, feed):
        for subject in filter(None, subjects.splitlines()):
            assert subject[:40] not in text
    # The page groups a day's plain changes, so an older note stays on it; the feed has one entry
    # per change, each a note or a plain Russian phrase.
    assert "Уточнена площадь: 1107 га на трёх площадках" in page
    summaries = re.findall(r"<summary>(.*?)</summary>", feed)
    assert summaries and all(re.search("[а-яё]", s) for s in summaries), summaries
    assert re.search(r"<summary>Обновлены сведения о зоне «[^<»]+»</summary>", feed)  # one feed entry per change
    assert re.search(r"<td>Зоны</td>\s*<td><span>Обновлены сведения о зонах: <a ", page)  # a day's plain changes to zones share a row
    main = re.sub(r"<(script|style)\b.*?</\1>", "", page[page.index("<article") : page.index("</article>")], flags=re.S)
    assert not re.search(r"\b(Updated|Start|Content|Zones|Merge)\b", re.sub(r"<[^>]+>", " ", main))


def test_no_history_is_said_not_hidden(tmp_path):
    """A copy without git history says so on the page instead of showing an empty list."""
    root = write_project(tmp_path / "p", FILES, with_docs=True)
    result = build_site(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "без истории репозитория" in (tmp_path / "site/ru/whats-new/index.html").read_text()


def test_home_pages_link_the_tools(built_site):
    """Both home pages link the finder, the comparison and what's new."""
    for lang in ("", "ru/"):
        html = (built_site / f"{lang}index.html").read_text()
        for path in ("tools/measure-finder/", "tools/compare/", "whats-new/"):
            assert f'href="{path}"' in html, (lang, path)


def test_benchmarks_are_computed_from_the_facts(built_site):
    """The benchmarks page computes each metric from the entries' facts (here: declared investment
    per resident for Avangard, 40 bn over 10 residents), shows the facts' dates and a median."""
    import re

    html = (built_site / "overview/benchmarks/index.html").read_text()
    row = re.search(
        r'<tr>\s*<td><a href="../../zones/avangard/"[^>]*>Avangard</a></td>\s*<td[^>]*><strong>([\d.,]+)</strong>',
        html.split("Declared investment per resident")[-1],
    )
    catalog = __import__("json").loads((built_site / "catalog.json").read_text())
    facts = next(e for e in catalog["collections"]["zones"]["entries"] if e["id"] == "avangard")["facts"]
    assert float(row.group(1)) == round(facts["investment_declared_bn_rub"]["value"] / facts["residents"]["value"], 1)
    assert "Median: <strong>" in html


class _Entry:
    def __init__(self, facts):
        self.facts = facts


@pytest.mark.parametrize(
    "facts,expected",
    [
        ({"top": {"value": 40, "as_of": "2025-04"}, "area": {"value": 488, "as_of": "2025-08-25"}}, (40 * 1000 / 488, False)),
        ({"top": {"value": 108, "as_of": "2023-12"}, "area": {"value": 1107, "as_of": "2024-03"}}, (108 * 1000 / 1107, True)),
        ({"top": {"value": 5, "as_of": "2024"}, "area": 250}, (5 * 1000 / 250, False)),
        ({"top": {"value": 5, "as_of": "2024"}, "area": {"value": 0, "as_of": "2024"}}, None),
        ({"area": {"value": 10, "as_of": "2024"}}, None),
    ],
)
def test_compare_ratio_keeps_both_dates_and_marks_different_years(facts, expected):
    """A ratio of two figures is computed at build time with both dates; figures of different
    years are marked, and a missing or zero denominator gives no ratio rather than a wrong one."""
    from kb.views.tools import compare_ratio

    got = compare_ratio(_Entry(facts), {"of": ["top", "area"], "scale": 1000})
    if expected is None:
        assert got is None
    else:
        assert got["value"] == pytest.approx(expected[0]) and got["apart"] is expected[1]
        assert got["dates"][0] == facts["top"]["as_of"]
