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
    html = (built_site / "api/kb_check/index.html").read_text()
    assert "The checked base, with every problem of the base sorted by file and line." in html


def test_every_engine_module_has_a_reference_page_and_a_row():
    """Each module of hooks/ has its page under docs/api/ and a row in the index and README tables."""
    index = (ROOT / "docs/api/index.md").read_text()
    readme = (ROOT / "README.md").read_text()
    for module in sorted((ROOT / "hooks").glob("kb_*.py")):
        if module.stem == "kb_offline_serve":  # shipped inside the offline copy, not part of the engine
            continue
        assert (ROOT / f"docs/api/{module.stem}.md").read_text() == f"# `{module.stem}`\n\n::: {module.stem}\n"
        assert f"[`{module.stem}`]({module.stem}.md)" in index
        assert f"`{module.stem}`" in readme


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
