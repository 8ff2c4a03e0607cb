"""Generated pages: golden files for the sample base, and builds through MkDocs.

Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change, then review the diff.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from pathlib import Path

import pytest

from conftest import build_site, checked
from kb.render.renderer import Renderer
from sample_kb import FILES, MEASURE, TODAY, ZONE

GOLDEN = Path(__file__).parent / "golden"
PAGES = [
    "zones/avangard.md",
    "ru/zones/avangard.md",
    "zones/index.md",
    "ru/zones/index.md",
    "regions/omsk.md",
    "ru/sez-types/index.md",
    "overview/measures-by-zone-type.md",
    "ru/overview/measures-by-zone-type.md",
    "editors/review.md",
    "overview/map.md",
    "ru/overview/map.md",
    "overview/timeline.md",
    "ru/overview/timeline.md",
]


def rendered(root) -> dict[str, str]:
    renderer = Renderer(checked(root, TODAY), today=dt.date.fromisoformat(TODAY))
    return {page.uri: page.markdown for page in renderer.pages()}


def with_zones(names, change=lambda zone, name: zone) -> dict[str, str]:
    """The sample base with a zone more for each name ("Zone <name>", «Зона <name>», file
    z<name>), each the sample zone as `change` alters it."""
    files = dict(FILES)
    for name in names:
        files[f"kb/zones/z{name}.md"] = change(ZONE.replace("title: Avangard", f"title: Zone {name}"), name)
        files[f"kb/zones/z{name}.ru.md"] = FILES["kb/zones/avangard.ru.md"].replace("Авангард", f"Зона {name}")
    return files


def set_page_size(root, size: int) -> None:
    kb_yml = root / "kb" / "kb.yml"
    kb_yml.write_text(kb_yml.read_text().replace("catalogue_page_size: 50", f"catalogue_page_size: {size}"))


@pytest.mark.parametrize("uri", PAGES)
def test_golden_page(project, uri):
    """Each generated page of the sample base is exactly its golden file."""
    pages = rendered(project(FILES))
    golden = GOLDEN / uri.replace("/", "__")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(pages[uri], encoding="utf-8")
    assert pages[uri] == golden.read_text(encoding="utf-8")


def test_every_entry_has_a_page_per_language(project):
    """Each entry gets one page in each language, and each collection a catalogue."""
    pages = rendered(project(FILES))
    for prefix in ("", "ru/"):
        for uri in ["sez-types/industrial-production.md", "measures/frp-loans.md", "regions/omsk.md", "zones/avangard.md"]:
            assert prefix + uri in pages
        for collection in ["programme", "sez-types", "zones", "measures", "regions", "glossary"]:
            assert f"{prefix}{collection}/index.md" in pages


def test_front_matter_text_cannot_inject_markup(project):
    """Titles and other front-matter text are shown as text: no HTML or Markdown from them survives."""
    root = project(
        {**FILES, "kb/zones/avangard.md": ZONE.replace("title: Avangard", 'title: "<img src=x onerror=alert(1)> [x](javascript:y) *b*"')}
    )
    page = rendered(root)["zones/avangard.md"]
    assert "\n# &lt;img src=x onerror=alert(1)&gt; &#91;x&#93;(javascript:y) &#42;b&#42;\n" in page


def test_citations_become_links_to_sources(project):
    """[s1] in the text becomes a numbered link to that source; links, definitions and unknown ids stay as written."""
    body = "Area grew [s1][s2]. See [s1](https://x.org) and [note]: here.\n\n[s2]: https://example.org\n"
    root = project({**FILES, "kb/zones/avangard.md": ZONE.replace("## Overview\n", "## Overview\n\n" + body)})
    page = rendered(root)["zones/avangard.md"]
    assert (
        'Area grew<sup class="kb-cite">[1](#source-1)</sup><sup class="kb-cite">[2](#source-2)</sup>. '
        "See [s1](https://x.org) and [note]: here.\n\n[s2]: https://example.org\n"
    ) in page


def test_lead_comes_before_the_fact_box(project):
    """The text before the first section (the lead) is shown between the title and the fact box;
    a heading inside a code block in the lead does not end it; a text that opens with a section
    has no lead, and the fact box follows the title."""
    lead = "Loans of 3% [s1].\n\n```\n## not a heading\n```\n\n"
    root = project(
        {
            **FILES,
            "kb/measures/frp-loans.md": MEASURE.replace("{title: FRP", "{id: s1, title: FRP").replace(
                "---\n## What it gives", "---\n" + lead + "## What it gives"
            ),
        }
    )
    pages = rendered(root)
    page = pages["measures/frp-loans.md"]
    assert (
        page.index("# FRP loans\n\nLoans of 3%")
        < page.index("## not a heading")
        < page.index('<div class="kb-facts"')
        < page.index("## What it gives")
    )
    assert '<sup class="kb-cite">[1](#source-1)</sup>' in page[: page.index('<div class="kb-facts"')]
    ru = pages["ru/measures/frp-loans.md"]
    assert ru.index('# Займы ФРП\n\n<div class="kb-facts"') < ru.index("## Суть меры")


def test_catalogue_is_split_into_pages(project, monkeypatch):
    """A catalogue longer than the page size is split, each page linking the others."""
    root = project(with_zones(str(i) for i in range(5)))
    set_page_size(root, 2)
    pages = rendered(root)
    assert "zones/p/3.md" in pages and "zones/p/4.md" not in pages
    assert "Entries: 6." in pages["zones/p/2.md"]
    assert "Page: [1](../index.md) · **2** · [3](3.md)</nav>" in pages["zones/p/2.md"]


def test_pager_stays_short_with_many_pages(project):
    """With many catalogue pages the pager names the first, the last and the pages around the
    current one, and marks each longer gap with an ellipsis."""
    root = project(with_zones(f"{i:02}" for i in range(11)))
    set_page_size(root, 1)
    pages = rendered(root)
    assert "zones/p/12.md" in pages and "zones/p/13.md" not in pages
    assert "Page: **1** · [2](p/2.md) · [3](p/3.md) · … · [12](p/12.md)</nav>" in pages["zones/index.md"]
    assert (
        "Page: [1](../index.md) · … · [5](5.md) · [6](6.md) · **7** · [8](8.md) · [9](9.md) · … · [12](12.md)</nav>"
        in pages["zones/p/7.md"]
    )
    assert "Page: [1](../index.md) · [2](2.md) · [3](3.md) · **4** · [5](5.md) · [6](6.md) · … · [12](12.md)</nav>" in pages["zones/p/4.md"]


def _filters(page: str) -> dict:
    return json.loads(html.unescape(re.search(r'<div class="kb-filter-data" data-filters="([^"]*)" hidden></div>', page).group(1)))


def test_catalogue_filters_offer_the_whole_collection_and_keep_every_entry_beside_the_first_page(project):
    """Every page of a catalogue offers the options of the whole collection, its rows as indices
    into them (a number for one value, a list for none or several), which page it is and where
    the file of every entry's indices is; that file, beside the first page, lists the pages."""
    from sample_kb import MEASURE, MEASURE_RU

    facts = [
        ("RU-TA", "closed", "2020-12"),
        ("RU-OMS", "operating", "2020-12"),
        ("RU-TA", "operating", None),
        ("RU-OMS", "operating", "2019-05"),
        ("RU-OMS", "operating", "2020-12"),
    ]

    def change(zone: str, name: str) -> str:
        region, status, established = facts[int(name)]
        zone = zone.replace("region: RU-OMS", f"region: {region}").replace("status: operating", f"status: {status}")
        zone = zone.replace("established: 2020-12", f"established: {established}")
        return zone if established else zone.replace("established: None\n", "").replace("unconfirmed: [established]\n", "")

    files = with_zones("01234", change)
    files["kb/measures/grants.md"] = MEASURE.replace("title: FRP loans", "title: Grants").replace(
        "[industrial-companies]", "[smes, industrial-companies]"
    )
    files["kb/measures/grants.ru.md"] = MEASURE_RU.replace("Займы ФРП", "Гранты")
    root = project(files)
    set_page_size(root, 2)
    kb = checked(root, TODAY)
    assert [p for p in kb.problems if p.severity == "error"] == []
    renderer = Renderer(kb, today=dt.date.fromisoformat(TODAY))
    pages = {page.uri: page.markdown for page in renderer.pages()}
    labels = {k: kb.label(k, "en") for k in ("filter", "filter-all", "filter-reset", "filter-shown", "filter-none")}
    more = {k: kb.label(k, "en") for k in ("filter-more-page", "filter-more-pages", "filter-elsewhere-page", "filter-elsewhere-pages")}
    filters = [
        {"key": "type", "label": "Type", "options": [["industrial-production", "Industrial-production zone"]]},
        {"key": "region", "label": "Region", "options": [["RU-OMS", "Omsk Region"], ["RU-TA", "Republic of Tatarstan"]]},
        {"key": "status", "label": "Status", "options": [["closed", "Closed early"], ["operating", "Operating"]]},
        {"key": "established", "label": "Created", "options": [["2019", "2019"], ["2020", "2020"]]},
    ]
    # Avangard, then Zones 0 to 4: two to a page
    assert _filters(pages["zones/index.md"]) == {
        "filters": filters,
        "labels": {**labels, **more},
        "page": 1,
        "size": 2,
        "src": "filters.json",
        "rows": [[0, 0, 1, 1], [0, 1, 0, 1]],
    }
    assert _filters(pages["zones/p/2.md"]) == {
        "filters": filters,
        "labels": {**labels, **more},
        "page": 2,
        "size": 2,
        "src": "../../filters.json",
        "rows": [[0, 0, 1, 1], [0, 1, 1, []]],
    }
    assert _filters(pages["zones/p/3.md"])["rows"] == [[0, 0, 1, 0], [0, 0, 1, 1]]
    data = renderer.data_files("/")
    assert json.loads(data["zones/filters.json"]) == {
        "pages": ["./", "p/2/", "p/3/"],
        "rows": [[0, 0, 1, 1], [0, 1, 0, 1], [0, 0, 1, 1], [0, 1, 1, []], [0, 0, 1, 0], [0, 0, 1, 1]],
    }
    # In Russian the statuses sort the other way round («Действует», «Прекращена досрочно»), so the indices follow.
    assert [f["options"] for f in _filters(pages["ru/zones/p/2.md"])["filters"]][2] == [
        ["operating", "Действует"],
        ["closed", "Прекращена досрочно"],
    ]
    assert json.loads(data["ru/zones/filters.json"])["rows"] == [
        [0, 0, 0, 1],
        [0, 1, 1, 1],
        [0, 0, 0, 1],
        [0, 1, 0, []],
        [0, 0, 0, 0],
        [0, 0, 0, 1],
    ]
    # A catalogue of one page has no file, names none, and a row of several values lists their indices.
    assert "measures/filters.json" not in data and "ru/measures/filters.json" not in data
    measures = _filters(pages["measures/index.md"])
    assert set(measures) == {"filters", "labels", "rows"} and measures["labels"] == labels
    assert measures["filters"][2] == {
        "key": "audience",
        "label": "For whom",
        "options": [["industrial-companies", "Industrial companies"], ["smes", "Small and medium-sized businesses"]],
    }
    assert measures["rows"] == [[0, 0, 0, []], [0, 0, [1, 0], []]]


# --- through MkDocs -------------------------------------------------------------------------


def test_sample_site_builds_strict(project, tmp_path):
    """The sample base builds with --strict into pages in both languages, with catalog.json."""
    root = project(FILES, with_docs=True)
    site = tmp_path / "out"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr
    page = (site / "ru" / "zones" / "avangard" / "index.html").read_text()
    assert '<html lang="ru"' in page
    assert (
        "<dt>Площадь</dt>\n<dd>488\u00a0га (на август 2025\u202fг.)" in page
    )  # kb.pages.typography writes the sanitiser's &nbsp; as U+00A0
    assert 'href="https://github.com/sez-leaders/sez-kb/edit/main/kb/zones/avangard.ru.md"' in page
    assert 'hreflang="en" lang="en" class="md-select__link">\nEnglish' in page
    en = (site / "zones" / "avangard" / "index.html").read_text()
    assert '<html lang="en"' in en and 'href="../../ru/zones/avangard/"' in en
    catalog = json.loads((site / "catalog.json").read_text())
    zone = catalog["collections"]["zones"]["entries"][0]
    assert zone["facts"]["area_ha"] == {"value": 488, "as_of": "2025-08", "source": "s1"}
    assert zone["url"] == {"en": "zones/avangard/", "ru": "ru/zones/avangard/"}


def test_build_fails_on_kb_error_and_passes_on_warning(project, tmp_path):
    """A kb error fails the strict build with the located message; a warning is shown and passes."""
    root = project({**FILES, "kb/zones/avangard.md": ZONE.replace("status: operating", "status: active")}, with_docs=True)
    result = build_site(root, tmp_path / "a")
    assert result.returncode == 1
    assert "ERROR   -  kb: kb/zones/avangard.md:5:1: error [not-allowed] status must be one of the values" in result.stderr
    root.joinpath("kb/zones/avangard.md").write_text(ZONE.replace("reviewed: 2026-11-01", "reviewed: 2020-01-01"))
    result = build_site(root, tmp_path / "b")
    assert result.returncode == 0, result.stderr
    assert "kb/zones/avangard.md:15:1: warning [stale-review] reviewed is 2020-01-01" in result.stderr


def test_no_third_party_requests_in_html(built_site):
    """No page of the real site loads anything from another host (fonts, scripts, styles, images).

    Links a browser does not fetch by itself (canonical, prev/next, the page in another
    language) are not requests."""
    offenders = set()
    for page in built_site.rglob("*.html"):
        for tag in re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", page.read_text()):
            if re.search(r'rel="\s*(?:canonical|prev|next|alternate)"', tag):
                continue
            for host in re.findall(r'(?:src|href|srcset)="(?:https?:)?//([^"/]+)', tag):
                offenders.add((page.relative_to(built_site).as_posix(), host))
    assert not offenders, sorted(offenders)[:10]


def test_review_page_lists_the_oldest_and_names_the_command_for_the_rest(project, monkeypatch):
    """Beyond REVIEW_SHOWN entries due, the reviews page lists the oldest and points to `kb stale`."""
    from kb.render import editors as kb_editors

    days = ["2024-03-01", "2023-05-02", "2024-01-03"]
    files = with_zones("012", lambda zone, name: zone.replace("reviewed: 2026-11-01", f"reviewed: {days[int(name)]}"))
    monkeypatch.setattr(kb_editors, "REVIEW_SHOWN", 2)
    pages = rendered(project(files))
    page = pages["editors/review.md"]
    assert (
        "Entries whose `reviewed` date is more than 12 months old: 3.\n\nThe 2 oldest are listed below; `kb stale` lists every one.\n"
        in page
    )
    assert re.findall(r"^\| \[Zone (\d)\]", page, re.M) == ["1", "2"]
    assert "Ниже — 2 самых давних; полный список выводит команда `kb stale`." in pages["ru/editors/review.md"]
    monkeypatch.setattr(kb_editors, "REVIEW_SHOWN", 3)
    assert "oldest are listed" not in rendered(project(files))["editors/review.md"]


def test_backlinks_name_the_first_few_and_link_the_catalogue(project, monkeypatch):
    """An entry referenced by more than BACKLINKS_SHOWN entries of a collection names that many,
    in title order, and links the collection's catalogue for the rest."""
    from kb.pages import entry_pages as kb_pages

    monkeypatch.setattr(kb_pages, "BACKLINKS_SHOWN", 2)
    page = rendered(project(with_zones("012")))["regions/omsk.md"]
    line = next(text for text in page.splitlines() if text.startswith("- **Zones**"))
    assert line == "- **Zones** (4): [Avangard](../zones/avangard.md), [Zone 0](../zones/z0.md), … (+2 more: [Zones](../zones/index.md))"


def test_a_short_last_catalogue_page_joins_the_one_before(project):
    """A last page shorter than a fifth of the page size is not made: its entries end the page
    before, and that page's filter data and the filter file agree."""
    root = project(with_zones(f"{i:02}" for i in range(20)))
    set_page_size(root, 10)
    renderer = Renderer(checked(root, TODAY), today=dt.date.fromisoformat(TODAY))
    pages = {page.uri: page.markdown for page in renderer.pages()}
    assert "zones/p/2.md" in pages and "zones/p/3.md" not in pages  # 21 entries: 10 and 11, not 10, 10 and 1
    assert len(re.findall(r"^\| \[", pages["zones/p/2.md"], re.M)) == 11
    data = json.loads(html.unescape(re.search(r'data-filters="([^"]*)"', pages["zones/p/2.md"]).group(1)))
    assert len(data["rows"]) == 11 and data["page"] == 2
    file = json.loads(renderer.data_files("/")["zones/filters.json"])
    assert file["pages"] == ["./", "p/2/"] and len(file["rows"]) == 21


def test_other_names_are_those_of_the_page_language(project):
    """The fact box's other names: on the English page the English ones, on the Russian page the
    Russian ones; the title in the other language is not an other name."""
    zone = ZONE.replace(
        "unconfirmed: [established]", "unconfirmed: [established]\naliases: {en: [Avangard SEZ], ru: [ОЭЗ «Авангард», Омская ОЭЗ]}"
    )
    pages = rendered(project({**FILES, "kb/zones/avangard.md": zone}))
    assert 'Also known as\n:   <span data-pagefind-weight="5">Avangard SEZ</span>\n' in pages["zones/avangard.md"]
    assert 'Другие названия\n:   <span data-pagefind-weight="5">ОЭЗ «Авангард»; Омская ОЭЗ</span>\n' in pages["ru/zones/avangard.md"]
    assert "Авангард»" not in pages["zones/avangard.md"].split("</div>")[0]
