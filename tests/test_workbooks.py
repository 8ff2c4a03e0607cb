"""Tools for a region planning a zone, on the real site: the application checklist (ticks kept in
the browser and in a shared link, a spreadsheet copy) and each region's project workbook (a DOCX
opened with python-docx, an XLSX opened with openpyxl, its formulas recomputed here)."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from docx import Document
from openpyxl import load_workbook

from browser import screenshot
from conftest import ROOT, run_kb

SETTINGS = yaml.safe_load((ROOT / "kb" / "kb.yml").read_text(encoding="utf-8"))
LABELS = yaml.safe_load((ROOT / "hooks/kb/read/words.yml").read_text(encoding="utf-8"))["labels"] | SETTINGS["labels"]
REGIONS = sorted(
    p.stem
    for p in (ROOT / "kb" / "regions").glob("*.md")
    if not p.name.endswith(".ru.md") and "in_stream: true" in p.read_text(encoding="utf-8")
)
STEPS = len([p for p in (ROOT / "kb" / "application-steps").glob("*.md") if not p.name.endswith(".ru.md")])


def front(path):
    return yaml.safe_load(re.match(r"---\n(.*?)\n---\n", path.read_text(encoding="utf-8"), re.S).group(1))


def title(collection: str, id_: str, lang: str) -> str:
    return front(ROOT / "kb" / collection / (f"{id_}.ru.md" if lang == "ru" else f"{id_}.md"))["title"]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_checklist_keeps_ticks_across_a_reload_and_in_a_shared_link(browser, site_url, lang):
    """Ticked steps stay ticked after a reload (the browser keeps them) and in the page's address;
    that address opened in a fresh browser shows the same ticks, and clearing them empties it."""
    prefix = "" if lang == "en" else "ru/"
    done = LABELS["checklist-done"][lang]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + prefix + "tools/application-checklist/")
    page.wait_for_selector(".kb-check-tick")
    assert page.locator(".kb-check-tick").count() == STEPS
    page.check(".kb-check-step[data-step='site'] .kb-check-tick")
    page.check(".kb-check-step[data-step='application'] .kb-check-tick")
    assert page.inner_text(".kb-checklist-status").startswith(done.format(n=2, total=STEPS))
    assert re.search(r"done=site%2Capplication$", page.url)
    shared = page.url
    page.goto(site_url + prefix + "tools/application-checklist/")  # no ticks in the address: the browser's
    page.wait_for_selector(".kb-check-tick")
    assert page.is_checked(".kb-check-step[data-step='site'] .kb-check-tick")
    assert page.is_checked(".kb-check-step[data-step='application'] .kb-check-tick")
    assert not page.is_checked(".kb-check-step[data-step='concept'] .kb-check-tick")
    screenshot(page, f"checklist-ticked-{lang}")
    context.close()

    other = browser.new_context(viewport={"width": 390, "height": 900})  # a colleague, with nothing stored
    page = other.new_page()
    page.goto(shared)
    page.wait_for_selector(".kb-check-tick")
    ticked = [
        page.locator(".kb-check-tick").nth(i).get_attribute("value")
        for i in range(STEPS)
        if page.locator(".kb-check-tick").nth(i).is_checked()
    ]
    assert ticked == ["site", "application"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, f"checklist-shared-{lang}-390")
    pdf = page.pdf(prefer_css_page_size=True)  # printed: A4 pages (595 × 842 points)
    boxes = {tuple(round(float(x)) for x in box.split()[2:]) for box in re.findall(rb"/MediaBox \[([^\]]*)\]", pdf)}
    assert boxes == {(595, 842)}
    page.click(".kb-checklist-clear")
    assert "done=" not in page.url and page.locator(".kb-check-tick:checked").count() == 0
    other.close()


def test_checklist_page_and_spreadsheet(built_site):
    """The page lists every step in order with its authors, reviewers, dependencies (links within
    the page) and legal basis, under 60 KB; its spreadsheet has a row per step in the same order."""
    html = (built_site / "ru/tools/application-checklist/index.html").read_text()
    assert len(html.encode("utf-8")) < 60_000
    assert html.count('class="kb-check-step"') == STEPS
    assert 'href="#step-application"' in html and "Кто готовит" in html and "Правовая основа" in html
    book = load_workbook(built_site / "ru/tools/application-checklist/checklist.xlsx")
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Выполнено", "№", "Шаг") and len(rows) == STEPS + 1
    assert rows[1][2] == title("application-steps", "working-group", "ru")
    assert sheet.freeze_panes == "A2" and sheet.page_setup.paperSize == 9


def test_depends_on_must_name_a_step(tmp_path):
    """A step that depends on a step that does not exist is reported at its line."""
    for name in ("kb", "hooks"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    step = tmp_path / "kb/application-steps/site.md"
    step.write_text(
        step.read_text(encoding="utf-8").replace("depends_on: [working-group]", "depends_on: [working-groups]"), encoding="utf-8"
    )
    result = run_kb(tmp_path, "check", "--today", "2026-12-06", "kb/application-steps/site.md")
    assert result.returncode == 1
    assert re.search(r"kb/application-steps/site\.md:\d+:\d+: error \[broken-ref\] .*working-groups", result.stdout)


def zones_of(region: str) -> list[str]:
    code = front(ROOT / "kb/regions" / f"{region}.md")["code"]
    return sorted(p.stem for p in (ROOT / "kb/zones").glob("*.md") if not p.name.endswith(".ru.md") and front(p).get("region") == code)


def ratio(formula: str, sheet) -> float | str:
    """Recompute one of the workbook's ratio formulas from the cells it names."""
    m = re.fullmatch(r'=IF\(AND\(ISNUMBER\(([A-Z]+\d+)\),ISNUMBER\(([A-Z]+\d+)\),\2<>0\),\1/\2,""\)', formula)
    assert m, formula
    top, bottom = sheet[m.group(1)].value, sheet[m.group(2)].value
    return top / bottom if isinstance(top, (int, float)) and isinstance(bottom, (int, float)) and bottom else ""


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("region", REGIONS)
def test_region_workbook_opens_with_its_zones_and_peers(built_site, region, lang):
    """The region's DOCX names the region and its zones, the measures and a peer's figure with its
    source; the XLSX computes the ratios by formulas whose stored values match a recomputation,
    on the peers' sheet and in the plan once a team fills it in."""
    folder = built_site / ("" if lang == "en" else "ru/") / "tools/project-workbooks"
    doc = Document(folder / f"{region}.docx")
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert doc.paragraphs[0].text.startswith(title("regions", region, lang))
    for zone in zones_of(region):
        assert title("zones", zone, lang) in text
    assert title("measures", "treasury-infrastructure-credits", lang) in text
    assert LABELS["workbook-team"][lang] in text
    assert re.search(r"\d.*\((?:as of|на) [^)]+\) \[\d+\]", text)  # a figure with its date and numbered source
    assert title("application-steps", "application", lang) in text

    book = load_workbook(folder / f"{region}.xlsx")
    values = load_workbook(folder / f"{region}.xlsx", data_only=True)
    peers_name = LABELS["workbook-sheet-peers"][lang]
    peers, stored = book[peers_name], values[peers_name]
    names = [peers.cell(r, 1).value for r in range(2, peers.max_row + 1)]
    peer_titles = {title("zones", z, lang) for z in zones_of(region)}
    assert any(n and n not in peer_titles for n in names)  # a peer besides the region's own zones
    computed = 0
    for r in range(2, peers.max_row + 1):
        for c in range(11, 15):
            formula = peers.cell(r, c).value
            if isinstance(formula, str) and formula.startswith("="):
                expected = ratio(formula, peers)
                assert stored.cell(r, c).value == pytest.approx(expected) if expected != "" else stored.cell(r, c).value in ("", None)
                computed += expected != ""
    assert computed > 0  # at least one peer's ratio is a number

    plan = book[LABELS["workbook-sheet-plan"][lang]]
    assert [plan.cell(1, c).value for c in range(7, 11)] == [
        LABELS[k][lang]
        for k in ("workbook-ratio-investment-ha", "workbook-ratio-jobs-ha", "workbook-ratio-residents-ha", "workbook-ratio-budget")
    ]
    plan["B2"], plan["C2"], plan["D2"], plan["E2"], plan["F2"] = 120, 6, 9000, 700, 1500  # a team's first year
    assert [ratio(plan.cell(2, c).value, plan) for c in range(7, 11)] == pytest.approx([75, 700 / 120, 6 / 120, 6])
    median = plan.cell(13, 7).value
    assert median.startswith("=IFERROR(MEDIAN(") and peers_name in median


def test_region_and_programme_pages_link_the_workbooks(built_site):
    """The region's page links its two files; the programme's project page links the list."""
    html = (built_site / "ru/regions/omsk/index.html").read_text()
    assert 'href="../../tools/project-workbooks/omsk.docx"' in html and 'href="../../tools/project-workbooks/omsk.xlsx"' in html
    project = (built_site / "ru/programme/regional-project/index.html").read_text()
    assert 'href="../../tools/project-workbooks/"' in project and 'href="../../tools/application-checklist/"' in project
    listing = (built_site / "tools/project-workbooks/index.html").read_text()
    assert listing.count(".docx") == len(REGIONS) and listing.count(".xlsx") == len(REGIONS)
