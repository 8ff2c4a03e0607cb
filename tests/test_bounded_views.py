"""Views that stay small however large the base: beyond `page_items_max` entries the map draws one
point per place, linked to the filtered catalogue, and the finder and the comparison keep their
entries in files beside their pages. And the map's longitudes across the 180th meridian."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from conftest import SAMPLE, checked
from kb.render.renderer import Renderer
from kb.views.svg import Projection, map_svg, unwrap
from sample_kb import FILES, REGION, TODAY, ZONE, ZONE_RU


def _base(project, limit: int):
    """The sample base with five zones in Omsk and two in Tatarstan, and page_items_max set."""
    files = dict(FILES)
    files["kb/kb.yml"] = (SAMPLE / "kb" / "kb.yml").read_text(encoding="utf-8") + f"\npage_items_max: {limit}\n"
    for i in range(6):
        region = "RU-TA" if i < 2 else "RU-OMS"
        files[f"kb/zones/z{i}.md"] = ZONE.replace("title: Avangard", f"title: Zone {i}").replace("region: RU-OMS", f"region: {region}")
        files[f"kb/zones/z{i}.ru.md"] = ZONE_RU.replace("title: Авангард", f"title: Зона {i}")
    kb = checked(project(files), TODAY)
    assert [p for p in kb.problems if p.severity == "error"] == []
    return Renderer(kb, today=dt.date.fromisoformat(TODAY))


def test_map_above_the_limit_draws_one_point_per_place_and_its_table_links_the_filtered_catalogue(project):
    renderer = _base(project, 3)
    page = {p.uri: p.markdown for p in renderer.pages()}["ru/overview/map.md"]
    main = re.search(r'<svg class="kb-map" .*?</svg>', page, re.S).group(0)
    dots = re.findall(r'<circle cx="\d+" cy="\d+" r="(\d+)" [^>]*class="kb-map-point kb-map-many"><title>([^<]+)</title>', main)
    assert [title for _, title in dots] == ["Омская область — 5", "Республика Татарстан — 2"]
    assert int(dots[0][0]) > int(dots[1][0])  # sized by their number
    assert "<a " not in main and "zones/z1" not in page and "zones/avangard" not in page  # no entry of its own, on the map or in the table
    assert (
        '| Омская область | <a href="../../zones/?region=RU-OMS">5</a> |' in page
        and '| Республика Татарстан | <a href="../../zones/?region=RU-TA">2</a> |' in page
    )


def test_map_at_the_limit_draws_every_entry(project):
    renderer = _base(project, 7)
    page = {p.uri: p.markdown for p in renderer.pages()}["overview/map.md"]
    main = re.search(r'<svg class="kb-map" .*?</svg>', page, re.S).group(0)
    assert len(re.findall(r"<a href=\"\.\./\.\./zones/[a-z0-9-]+/\"", main)) == 7


def test_tools_above_the_limit_list_no_entries_but_keep_them_beside_the_page(project):
    """The finder and the comparison link the catalogue instead of listing entries; their data
    files hold every entry (the comparison's facts split into files of a hundred)."""
    renderer = _base(project, 3)
    pages = {p.uri: p.markdown for p in renderer.pages()}
    compare = pages["ru/tools/compare.md"]
    assert "zones/z1" not in compare and '<p class="kb-tool-all"><a href="../../zones/">Полный список (7) — в каталоге</a></p>' in compare
    files = renderer.data_files("/")
    index = json.loads(files["ru/tools/compare/compare.json"])
    assert [row[0] for row in index] == ["avangard", "z0", "z1", "z2", "z3", "z4", "z5"] and {row[2] for row in index} == {"compare-1.json"}
    facts = json.loads(files["ru/tools/compare/compare-1.json"])
    assert facts["z1"]["url"] == "../../zones/z1/" and facts["z1"]["cells"]["area_ha"]["text"].startswith("488")
    finder = json.loads(files["tools/measure-finder/finder.json"])
    assert [item["id"] for item in finder["items"]] == ["frp-loans"] and finder["items"][0]["url"] == "../../measures/frp-loans/"


def test_rings_across_the_180th_meridian_stay_whole():
    """A ring cut at ±180° (as world outlines are) is drawn in one piece east of 180°, and a point
    at -170° lies east of one at 170°."""
    ring = [[170, 60], [180, 60], [-180, 60], [-170, 60], [-170, 70], [-180, 70], [180, 70], [170, 70]]
    assert [x for x, _ in unwrap(ring, 100)] == [170, 180, 180, 190, 190, 180, 180, 170]
    svg = map_svg([], [ring], "t", "", (160, 55, 200, 75), Projection(180, (52, 64), 60))
    width = int(re.search(r'viewBox="0 0 (\d+) ', svg).group(1))
    xs = [int(v) for v in re.findall(r"M(-?\d+) ", svg)]
    assert min(xs) >= 0 and max(xs) < width


def test_matrix_above_the_limit_counts_the_rows_of_each_column(project):
    """More rows than page_items_max: one row of counts, linked to the rows' catalogue, instead of a row per entry."""
    from sample_kb import MEASURE, MEASURE_RU

    files = dict(FILES)
    files["kb/kb.yml"] = (SAMPLE / "kb" / "kb.yml").read_text(encoding="utf-8") + "\npage_items_max: 3\n"
    for i in range(4):
        files[f"kb/measures/m{i}.md"] = MEASURE.replace("title: ", f"title: M{i} ", 1)
        files[f"kb/measures/m{i}.ru.md"] = MEASURE_RU.replace("title: ", f"title: M{i} ", 1)
    renderer = Renderer(checked(project(files), TODAY), today=dt.date.fromisoformat(TODAY))
    page = {p.uri: p.markdown for p in renderer.pages()}["overview/measures-by-zone-type.md"]
    assert page.rstrip().endswith('| <a href="../../measures/">Number: 5</a> | 5 |')
    assert "m1.md" not in page


@pytest.mark.parametrize("limit", [300, 2], ids=["a point per zone", "a point per region"])
def test_the_maps_borders_are_drawn_once_for_all_languages(project, monkeypatch, limit):
    """The borders are projected, cut and simplified once per build, though each language lists
    the map's points (or the zones whose middle makes a region's point) in the order of its own names."""
    import kb.views.overview as overview

    files = dict(FILES)
    files["kb/kb.yml"] = (SAMPLE / "kb" / "kb.yml").read_text(encoding="utf-8") + f"\npage_items_max: {limit}\n"
    for i in range(3):
        zone = ZONE.replace("title: Avangard", f"title: Zone {i}").replace("[55.03, 73.29]", f"[5{i}.1{i}7, 7{i}.3{i}9]")
        files[f"kb/zones/z{i}.md"] = zone
        files[f"kb/zones/z{i}.ru.md"] = ZONE_RU.replace("title: Авангард", f"title: Зона {3 - i}")  # the other order
    kb = checked(project(files), TODAY)
    drawn = []
    monkeypatch.setattr(overview, "border_paths", lambda *args, **kwargs: drawn.append(args[1]) or {"RU-OMS": "M0 0z"})
    files = Renderer(kb, today=dt.date.fromisoformat(TODAY)).data_files("/")
    assert len(drawn) == 1 and {"overview/map/borders.json", "ru/overview/map/borders.json"} <= set(files)


def test_a_preview_rebuild_makes_the_downloads_again_only_when_what_they_read_changes(project, monkeypatch):
    """Under `mkdocs serve` the project workbooks, the catalogues' files and the map's drawing are
    kept between rebuilds: an edit to a zone's text makes none of them again; an edit to a fact
    makes them again, and so does an edit to the first paragraph of a region's text, which its
    workbook quotes. Every time, the pages and files equal those of a fresh build."""
    import kb.views.overview as overview
    import kb.views.sheets as sheets
    import kb.views.workbooks as workbooks
    from kb.check.entries import check_kb
    from kb.core.model import BuildCache
    from kb.read.load import load_kb

    made: list[str] = []
    workbook, catalogue = workbooks.workbook_xlsx, sheets.table_xlsx
    monkeypatch.setattr(workbooks, "workbook_xlsx", lambda facts: made.append(facts.entry.id) or workbook(facts))
    monkeypatch.setattr(sheets, "table_xlsx", lambda ctx, name, lang: made.append(name) or catalogue(ctx, name, lang))
    monkeypatch.setattr(overview, "map_svg", lambda *args, _draw=overview.map_svg, **kwargs: made.append("map") or _draw(*args, **kwargs))
    root, today = project(dict(FILES)), dt.date.fromisoformat(TODAY)

    def build(cache: BuildCache) -> tuple:
        renderer = Renderer(check_kb(load_kb(root, cache=cache), today=today, cache=cache), today=today, cache=cache)
        return renderer.data_files("/"), {page.uri: page.markdown for page in renderer.pages()}

    def rebuild_after(path: str, text: str) -> list[str]:
        (root / path).write_text(text, encoding="utf-8")
        made.clear()
        files = build(kept)
        remade = sorted(made)
        assert files == build(BuildCache())
        return remade

    kept = BuildCache()
    build(kept)
    assert rebuild_after("kb/zones/avangard.md", ZONE + "\nOne more paragraph.\n") == []
    everything = sorted(
        [
            "map",
            "map",
            "omsk",
            "omsk",
            *(name for name in ("application-steps", "glossary", "measures", "programme", "regions", "sez-types", "zones") for _ in "ru"),
        ]
    )
    assert rebuild_after("kb/zones/avangard.md", ZONE.replace("value: 488", "value: 500")) == everything
    assert rebuild_after("kb/regions/omsk.md", REGION.replace("Omsk has", "The Omsk Region has")) == ["omsk"]
