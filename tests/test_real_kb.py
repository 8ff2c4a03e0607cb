"""The real knowledge base: it checks clean, and its strict build holds the pages and facts
readers need in both languages."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT, run_kb

CASE_STUDIES = {
    # id: (type id, English region, Russian region)
    "avangard": ("industrial-production", "Omsk Region", "Омская область"),
    "baikal-harbor": ("tourist-recreational", "Republic of Buryatia", "Республика Бурятия"),
    "ulyanovsk": ("port", "Ulyanovsk Region", "Ульяновская область"),
}
# A fixed day for the checks, so that review dates do not turn stale as the calendar moves on.
TODAY = "2026-12-06"
TYPES = ["industrial-production", "technology-innovation", "tourist-recreational", "port"]


def test_kb_check_is_clean():
    """`kb check` on the real base reports no error and no warning."""
    result = run_kb(ROOT, "check", "--today", TODAY)
    assert result.returncode == 0, result.stdout[-3000:]
    assert " 0 errors, 0 warnings" in result.stdout.splitlines()[-1]


@pytest.mark.parametrize("lang", ["", "ru/"])
@pytest.mark.parametrize("type_id", TYPES)
def test_zone_type_pages(built_site, lang, type_id):
    """Every zone type has a page in both languages, marked with the page's language."""
    html = (built_site / f"{lang}sez-types/{type_id}/index.html").read_text()
    assert f'<html lang="{lang.strip("/") or "en"}"' in html
    assert 'class="kb-sources"' in html


@pytest.mark.parametrize("zone,expected", CASE_STUDIES.items())
def test_case_study_pages(built_site, zone, expected):
    """The three case studies show their type and region in each language, and link each other's language."""
    type_id, region_en, region_ru = expected
    en = (built_site / f"zones/{zone}/index.html").read_text()
    ru = (built_site / f"ru/zones/{zone}/index.html").read_text()
    assert f'href="../../sez-types/{type_id}/"' in en and f'href="../../../ru/sez-types/{type_id}/"' not in en
    assert region_en in en and region_ru in ru
    assert "<dt>Region</dt>" in en and "<dt>Регион</dt>" in ru
    assert f'href="../../ru/zones/{zone}/"' in en
    assert f'href="../../../zones/{zone}/"' in ru


def test_region_pages_list_their_zones(built_site):
    """A region's page lists the zones in it, through the references the zones make."""
    html = (built_site / "regions/omsk/index.html").read_text()
    assert 'href="../../zones/avangard/"' in html
    ru = (built_site / "ru/regions/buryatia/index.html").read_text()
    assert 'href="../../zones/baikal-harbor/"' in ru


def test_catalog_json_holds_every_entry(built_site):
    """catalog.json lists every entry of every collection with its facts."""
    catalog = json.loads((built_site / "catalog.json").read_text())
    ids = {c: {e["id"] for e in data["entries"]} for c, data in catalog["collections"].items()}
    assert set(TYPES) <= ids["sez-types"]
    assert set(CASE_STUDIES) <= ids["zones"]
    for path in (ROOT / "kb").glob("*/*.md"):
        if path.parent.name in catalog["collections"] and "." not in path.stem:
            assert path.stem in ids[path.parent.name]


def test_editors_reference_lists_fields_and_rules(built_site):
    """The editors' page is generated from the schemas: it names every field and every rule."""
    html = "".join((built_site / f"editors/{page}index.html").read_text() for page in ("", "fields/", "vocabularies/"))
    for text in ["<code>established</code>", "<code>area_ha</code>", "<code>unknown-field</code>", "<code>stale-review</code>", "RU-OMS"]:
        assert text in html


def test_heading_anchors_keep_cyrillic(built_site):
    """Russian headings get Cyrillic anchors, not empty or transliterated ones."""
    html = (built_site / "ru/zones/avangard/index.html").read_text()
    assert 'id="обзор"' in html


def test_api_reference_is_rendered(built_site):
    """The maintainers' engine reference is rendered from the modules' docstrings."""
    html = (built_site / "api/check/entries/index.html").read_text()
    assert "The checked base, with every problem of the base sorted by file and line." in html


def test_every_engine_module_has_a_reference_page_and_a_row():
    """Each module of the engine has its page under docs/api/ and a row in the index; README's
    layout names each of the package's folders."""
    index = (ROOT / "docs/api/index.md").read_text()
    readme = (ROOT / "README.md").read_text()
    engine = ROOT / "hooks/kb"
    for module in sorted(engine.glob("*/*.py")):
        if module.stem == "__init__" or module.stem == "offline_serve":  # shipped inside the offline copy
            continue
        name = f"kb.{module.parent.name}.{module.stem}"
        page = f"{module.parent.name}/{module.stem}.md"
        assert (ROOT / "docs/api" / page).read_text() == f"# `{name}`\n\n::: {name}\n"
        assert f"[`{name}`]({page})" in index
        assert f"`{module.parent.name}/`" in readme, module.parent.name


def test_mistakes_seeded_into_a_copy_are_each_reported_with_file_and_line(tmp_path):
    """Three typical editor mistakes seeded into a copy of the real base are each reported, located."""
    import shutil

    shutil.copytree(ROOT / "kb", tmp_path / "kb")
    zone = tmp_path / "kb/zones/avangard.md"
    zone.write_text(zone.read_text().replace("status: operating", "status: working").replace("established: 2020-12", "establshed: 2020-12"))
    measure = tmp_path / "kb/measures/industrial-mortgage.md"
    measure.write_text(measure.read_text().replace("(../glossary/key-rate.md)", "(../glossary/key-rates.md)"))
    result = run_kb(tmp_path, "check", "--today", TODAY)
    assert result.returncode == 1
    lines = measure.read_text().split("\n")
    line = next(i for i, text in enumerate(lines, 1) if "(../glossary/key-rates.md)" in text)
    col = lines[line - 1].index("../glossary/key-rates.md") + 1
    assert result.stdout.splitlines()[:-1] == [
        f"kb/measures/industrial-mortgage.md:{line}:{col}: error [broken-link] link '../glossary/key-rates.md' points to no entry of glossary; did you mean 'key-rate'?",
        "kb/zones/avangard.md:5:1: error [not-allowed] status must be one of the values of vocabulary 'zone-statuses': operating, being-created, planned, closed (got 'working'); did you mean 'operating'?",
        "kb/zones/avangard.md:6:1: error [unknown-field] 'establshed' is not a field of zones; did you mean 'established'?",
    ]


def test_not_found_page_offers_home_and_search_in_both_languages(built_site):
    """The 404 page (served at any depth, so its addresses are absolute) links each language's
    home page and has a search box for each language's search page."""
    html = (built_site / "404.html").read_text()
    for path in ("", "ru/"):
        assert f'<a href="/sez-kb/{path}">' in html, path
    for path in ("search/", "ru/search/"):
        assert f'<form class="kb-404-search" action="/sez-kb/{path}" method="get" role="search">' in html, path


# What a Russian page must not say: remarks on the research rather than on the subject. What is not
# confirmed is said once per page, in its «Что не подтверждено» note.
DIARY_PHRASES = [
    "здесь не проверял",
    "не проверялось",
    "не проверяли",
    "мы не нашли",
    "не нашли",
    "прочитать не удалось",
    "по сохранённым источникам",
    "по сохранённой копии",
    "подтвердить не удалось",
    "найти не удалось",
    "установить не удалось",
    "в доступной копии",
    "не сверял",
    "в прочитанных источниках",
    "по прочитанным источникам",
    "в изученных источниках",
    "изученные источники",
    "изученным источникам",
    "изученных источник",
    "в изученной копии",
    "мы не видели",
    "не прочитан",
]
ANSWER_FIRST = ["sez-types", "measures", "programme"]


def answer_first_pages():
    return [
        (c, path.name[: -len(".ru.md")] if path.name.endswith(".ru.md") else path.stem, lang)
        for c in ANSWER_FIRST
        for path in sorted((ROOT / "kb" / c).glob("*.md"))
        if path.name.endswith(".ru.md")
        for lang in ("", "ru/")
    ]


@pytest.mark.parametrize("collection,entry,lang", answer_first_pages())
def test_answer_first_pages_open_with_their_lead(built_site, collection, entry, lang):
    """Every zone-type, measure and programme page, in both languages, has a lead paragraph of
    substance right after its title, before the fact box and before the first section."""
    import re

    html = (built_site / f"{lang}{collection}/{entry}/index.html").read_text()
    article = html[html.index("<h1") :]
    first_p = article.index("<p>")
    assert first_p < article.index("<h2"), entry
    if 'class="kb-facts"' in article:
        assert first_p < article.index('class="kb-facts"'), entry
    lead = re.sub(r"<[^>]+>", "", article[first_p : article.index("</p>", first_p)])
    assert 200 <= len(lead) <= 1200, (entry, len(lead))


def test_russian_other_names_are_russian(built_site):
    """On a Russian page, "Other names" lists Russian names only: none is written in Latin letters alone."""
    import re

    checked = 0
    for page in (built_site / "ru").glob("*/*/index.html"):
        match = re.search(r"<dt>Другие названия</dt>\s*<dd>(.*?)</dd>", page.read_text(), re.S)
        if match:
            names = re.sub(r"<[^>]+>", "", match.group(1)).split("; ")
            assert all(re.search("[а-яё]", name, re.I) for name in names), (page, names)
            checked += 1
    assert checked > 50


def test_russian_pages_keep_no_research_diary():
    """No Russian text of the base (the .ru.md files and the Russian values of the facts) contains
    a remark on the research from the list above."""
    for path in sorted((ROOT / "kb").glob("*/*.md")):
        text = path.read_text(encoding="utf-8").lower()
        if not path.name.endswith(".ru.md"):
            text = "\n".join(line for line in text.splitlines() if "ru:" in line)
        for phrase in DIARY_PHRASES:
            assert phrase not in text, (path.name, phrase)


def test_region_borders_cover_every_region_and_name_their_source(built_site):
    """kb/maps/regions.geojson has a border for every region of the vocabulary and says where it
    comes from and under what terms; the map's file beside its page draws each of them, named in
    the page's language, and a region is found with its zones."""
    import yaml

    data = json.loads((ROOT / "kb/maps/regions.geojson").read_text(encoding="utf-8"))
    codes = set(yaml.safe_load((ROOT / "kb/vocabularies/regions.yml").read_text(encoding="utf-8"))["terms"])
    assert {f["properties"]["id"] for f in data["features"]} == codes and len(codes) == 83
    assert "Natural Earth" in data["properties"]["source"] and "public domain" in data["properties"]["licence"].lower()
    beside = json.loads((built_site / "ru/overview/map/borders.json").read_text(encoding="utf-8"))
    assert set(beside["maps"][0]) == codes and dict(beside["places"])["RU-OMS"] == "Омская область"
    assert "«Авангард»" in [z[1] for z in beside["entries"]["RU-OMS"]]
    page = (built_site / "ru/overview/map/index.html").read_text(encoding="utf-8")
    assert 'data-map="borders.json"' in page and "maps/regions" not in page  # the geometry is not in the page


def test_every_zone_closed_early_is_in_the_closures_table_with_its_decrees_and_reason(built_site):
    """Every zone with status closed carries the date, decree and reason of its closure, and the
    built page overview/zones-closed-early lists each of them in both languages with no empty
    cell, but for the one value no source gives: the date Novaya Anapa was ended (before 2012)."""
    import re

    import yaml

    closed = {}
    for path in sorted((ROOT / "kb/zones").glob("*.md")):
        if path.name.endswith(".ru.md"):
            continue
        facts = yaml.safe_load(path.read_text(encoding="utf-8").split("\n---\n")[0].removeprefix("---\n"))
        if facts["status"] == "closed":
            closed[path.stem] = facts
    assert len(closed) == 10
    missing = {
        (zone, field) for zone, facts in closed.items() for field in ("closed", "closure_decree", "closure_reason") if not facts.get(field)
    }
    assert missing == {("new-anapa", "closed")}
    assert sum(str(facts.get("closed", "")).startswith("2016-09") for facts in closed.values()) == 8

    for lang in ("", "ru/"):
        html = (built_site / f"{lang}overview/zones-closed-early/index.html").read_text(encoding="utf-8")
        rows = re.findall(r"<tr>(.*?)</tr>", html[html.index("<tbody>") :], re.S)
        cells = [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)] for row in rows]
        linked = [re.search(r'href="\.\./\.\./zones/([a-z0-9-]+)/"', row).group(1) for row in rows]
        assert sorted(linked) == sorted(closed), lang
        empty = {(zone, i) for zone, row in zip(linked, cells) for i, cell in enumerate(row) if not cell}
        assert empty == {("new-anapa", 5)}, lang  # column 5: the closing date
        reasons = dict(zip(linked, (row[7] for row in cells)))
        assert reasons["altai-valley"].startswith("Residents had carried out no" if not lang else "Резиденты в течение трёх лет подряд")
        assert ("national park" if not lang else "национальном парке") in reasons["curonian-spit"]
