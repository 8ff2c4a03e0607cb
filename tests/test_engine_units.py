"""Direct tests of the modules the build tests reach only from afar: the MkDocs adapter, schemas,
charts and publishing."""

from __future__ import annotations

import json
import zipfile

import pytest

from conftest import checked, write_project
from kb.read.schema import inline_refs, known_keywords
from kb.read.settings import engine_schema
from kb.render.renderer import Renderer, compact_html
from kb.views.svg import SIMPLIFY, Group, Point, Projection, _relative_path, legend_html, map_svg, timeline_svg
from sample_kb import FILES, TODAY

PROJECTION = Projection(100, (52, 64), 60)


def test_known_keywords_come_from_the_meta_schema():
    """The engine's keywords are exactly those the meta-schema declares."""
    meta = engine_schema("collection")
    declared = {k for k in meta["$defs"]["node"]["properties"] if k.startswith("x-")} | {
        k for k in meta["properties"] if k.startswith("x-")
    }
    assert known_keywords() == declared
    assert {"x-label", "x-role", "x-sections", "x-catalog-columns"} <= known_keywords()


def test_inline_refs_copies_the_definition_and_names_it():
    """A local $ref is replaced by its definition, keeping the field's own keywords and the def's name."""
    defs = {"text": {"type": "object", "properties": {"en": {"type": "string"}}}}
    out = inline_refs({"properties": {"name": {"$ref": "#/$defs/text", "description": "A name."}}}, defs)
    assert out["properties"]["name"] == {
        "type": "object",
        "properties": {"en": {"type": "string"}},
        "description": "A name.",
        "x-def": "text",
    }


def test_inline_refs_stops_on_a_cycle():
    """A definition that refers to itself is inlined to a bounded depth, not forever."""
    defs = {"node": {"type": "object", "properties": {"child": {"$ref": "#/$defs/node"}}}}
    out = inline_refs({"$ref": "#/$defs/node"}, defs)
    depth, node = 0, out
    while isinstance(node, dict) and "properties" in node:
        node, depth = node["properties"]["child"], depth + 1
    assert 3 < depth < 30


def test_map_svg_places_points_in_the_view_box_and_links_them():
    """Each point is a link with its label, inside the map's view box."""
    svg = map_svg(
        [Point(55.0, 73.3, "A & B", "../a/", "#123456"), Point(51.8, 107.6, "C", "../c/", "#654321")],
        [],
        "T",
        "D",
        (19, 41, 191, 82),
        PROJECTION,
    )
    width, height = map(float, svg.split('viewBox="0 0 ')[1].split('"')[0].split())
    circles = {
        a.split('aria-label="')[1].split('"')[0]: tuple(map(float, a.split('transform="translate(')[1].split(")")[0].split()))
        for a in svg.split("<a ")[1:]
    }
    assert len(circles) == 2 and all(0 <= x <= width and 0 <= y <= height for x, y in circles.values())
    assert '<a href="../a/" aria-label="A &amp; B">' in svg
    assert circles["A &amp; B"][0] < circles["C"][0]  # Omsk lies west of Ulan-Ude
    assert svg.count('class="kb-map-hit"') == 2 and svg.count('class="kb-map-label">') == 2  # a target to tap, a name to show


def test_map_outline_keeps_what_a_screen_shows_and_drops_the_rest():
    """A ring's path keeps its corners and leaves out the points within two units (under 2 px on a
    1,280 px screen) of the line through its neighbours; relative moves follow one `l`."""
    ring = [(0, 0), (100, 0.8), (200, 0), (200, 100), (100, 101.5), (0, 100), (0.6, 50), (0, 0)]
    assert _relative_path(ring, 1, SIMPLIFY) == "M0 0l200 0 0 100-200 0 0-100z"
    assert _relative_path(ring, 1) == "M0 0l100 1 100-1 0 100-100 2-100-2 1-50-1-50z"  # without a tolerance: every point


def test_compact_html_squeezes_the_templates_blank_lines_and_keeps_preformatted_text():
    """A line break and the white space after it become one line break, except in <pre> and
    <textarea>; the theme's settings are written with their letters as they are."""
    page = (
        "<nav>\n    <ul>\n\n      <li>Главная</li>\n    </ul>\n</nav>\n<pre><code>a\n    b\n</code></pre>\n  <textarea>x\n\n y</textarea>"
        '<script id="__config" type="application/json">{"t": "\\u041f\\u043e\\u0438\\u0441\\u043a \\u003c/script\\u003e"}</script>'
    )
    assert compact_html(page) == (
        "<nav>\n<ul>\n<li>Главная</li>\n</ul>\n</nav>\n<pre><code>a\n    b\n</code></pre>\n<textarea>x\n\n y</textarea>"
        '<script id="__config" type="application/json">{"t":"Поиск \\u003c/script\\u003e"}</script>'
    )


def test_timeline_counts_stack_by_group_and_legend_names_each_colour():
    """Bars stack the counts of each year by group; the legend pairs each colour with its name."""
    groups = {"a": Group("Alpha", "#111111"), "b": Group("Beta", "#222222")}
    svg = timeline_svg({2020: {"a": 2, "b": 1}, 2022: {"b": 3}}, groups, "T", "D")
    assert svg.count("<rect") == 3 and "<title>2020: Alpha — 2</title>" in svg and "<title>2022: Beta — 3</title>" in svg
    rects = [float(r.split('x="')[1].split('"')[0]) for r in svg.split("<rect")[1:]]
    width = float(svg.split("<rect")[1].split('width="')[1].split('"')[0])
    assert rects[2] - rects[0] == pytest.approx(2 * (width + 4), abs=0.2)
    assert ">2021</text>" not in svg  # an empty year keeps its place on the axis, with no label
    legend = legend_html(list(groups.values()), "Key")
    assert legend.index("#111111") < legend.index("Alpha") < legend.index("#222222") < legend.index("Beta")


@pytest.mark.parametrize(
    "years,upright",
    [
        ({2020: 1, 2022: 3}, ""),  # two labels far apart: side by side at every width
        ({y: 1 for y in range(2005, 2027)}, " kb-tl-v-0 kb-tl-v-1 kb-tl-v-2 kb-tl-v-3"),  # 22 years in a row: upright wherever they crowd
        ({2005: 2, 2006: 1, 2010: 4, 2026: 1}, " kb-tl-v-0 kb-tl-v-1 kb-tl-v-2 kb-tl-v-3"),
        ({2005: 2, 2009: 1, 2013: 4, 2026: 1}, ""),
    ],
)
def test_timeline_labels_exactly_the_years_that_have_a_bar(years, upright):
    """Every year with a bar has its label under the bar's middle, and no other year has one;
    where labels would touch at some width, the chart says at which (they are written upright there)."""
    groups = {"a": Group("Alpha", "#111111")}
    svg = timeline_svg({y: {"a": n} for y, n in years.items()}, groups, "T", "D")
    labels = [t.split(">")[1].split("<")[0] for t in svg.split("<text")[1:] if 'class="kb-year"' in t]
    assert labels == [str(y) for y in sorted(years)]
    bars = {
        t.split("<title>")[1][:4]: float(t.split('x="')[1].split('"')[0]) + float(t.split('width="')[1].split('"')[0]) / 2
        for t in svg.split("<rect")[1:]
    }
    centres = {
        t.split(">")[1].split("<")[0]: float(t.split('x="')[1].split('"')[0]) for t in svg.split("<text")[1:] if 'class="kb-year"' in t
    }
    assert centres == pytest.approx(bars, abs=0.1)
    assert svg.startswith(f'<svg class="kb-timeline{upright}" ')


def test_publish_writes_catalog_names_search_and_offline_copy(tmp_path, monkeypatch):
    """write_site_files writes catalog.json, the names chunks, the search index and the zip with
    its server and its message in every language."""
    from kb.publish.output import offline_zip, write_site_files

    root = write_project(tmp_path / "p", FILES)
    renderer = Renderer(checked(root, TODAY))
    site = tmp_path / "site"
    (site / "zones/avangard").mkdir(parents=True)
    (site / "zones/avangard/index.html").write_text('<html lang="en"><body data-pagefind-body><h1>Avangard</h1></body></html>')
    write_site_files(renderer, site, offline=True)
    catalog = json.loads((site / "catalog.json").read_text())
    assert [e["id"] for e in catalog["collections"]["zones"]["entries"]] == ["avangard"]
    chunk = json.loads((site / "names/ru/" / ("ав".encode().hex() + ".json")).read_text())
    assert chunk[0][:2] == ["ru/zones/avangard/", "Авангард"]
    assert (site / "pagefind/pagefind-entry.json").exists()
    with zipfile.ZipFile(site / offline_zip(renderer)) as archive:
        names = archive.namelist()
        assert "sez-kb/serve.py" in names and "sez-kb/site/catalog.json" in names
        assert archive.read("sez-kb/serving.txt").decode() == "Serving the knowledge base at {url} / База знаний открыта по адресу {url}"


@pytest.fixture
def hook_config(tmp_path):
    from mkdocs.config import load_config

    root = write_project(tmp_path / "p", FILES, with_docs=True)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins._current_plugin = "kb"  # as MkDocs sets it while a hook runs
    return config


def test_hook_adds_generated_pages_with_their_edit_paths(hook_config):
    """on_files adds every generated page, each with the file an editor should open, and sets the nav."""
    from mkdocs.structure.files import get_files

    from kb.adapters import mkdocs_hook as kb_hook

    kb_hook.on_startup(command="build", dirty=False)
    kb_hook.on_config(hook_config)
    files = kb_hook.on_files(get_files(hook_config), hook_config)
    page = files.get_file_from_path("ru/zones/avangard.md")
    assert page is not None and page.edit_uri == "kb/zones/avangard.ru.md"
    assert files.get_file_from_path("zones/index.md").edit_uri == "kb/schemas/zones.schema.yml"
    assert files.get_file_from_path("index.md").edit_uri == "docs/index.md"
    assert list(hook_config.nav[0]) == ["Home"]


def test_hook_refuses_a_docs_page_at_a_generated_address(hook_config):
    """A hand-written page with the address of a generated one stops the build with a clear message."""
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import get_files

    from kb.adapters import mkdocs_hook as kb_hook

    docs = hook_config.docs_dir
    (__import__("pathlib").Path(docs) / "search.md").write_text("# Mine\n")
    kb_hook.on_startup(command="build", dirty=False)
    kb_hook.on_config(hook_config)
    with pytest.raises(PluginError, match=r"has the same address as a generated page: search\.md"):
        kb_hook.on_files(get_files(hook_config), hook_config)


def test_search_markup_marks_the_article_and_weighs_the_title_and_the_index_leaves_out_marks():
    """The part of a page the search index holds is its article and its title weighs most; citation
    marks and heading anchors are not words, so the index leaves them out (Pagefind's
    --exclude-selectors, once for the whole site) and no page marks them one by one."""
    from kb.pages.search import mark_for_search
    from kb.publish.output import IGNORED

    html = (
        '<h1 class="x">Before</h1><article class="md-content__inner md-typeset"><h1 id="a">Avangard</h1><h1>Second</h1>'
        '<p>zone<sup class="kb-cite">1</sup></p><a class="headerlink" href="#a">¶</a></article>'
    )
    assert mark_for_search(html) == (
        '<h1 data-pagefind-weight="10" class="x">Before</h1><article class="md-content__inner md-typeset" data-pagefind-body><h1 id="a">Avangard</h1>'
        '<h1>Second</h1><p>zone<sup class="kb-cite">1</sup></p><a class="headerlink" href="#a">¶</a></article>'
    )
    assert IGNORED == ("sup.kb-cite", "a.headerlink")


def test_docs_may_hold_only_markdown_pages_and_the_reference_stubs(tmp_path):
    """What may be in docs/: a Markdown page, and an engine reference page that is exactly the
    stub of a module of the engine; anything else is named with the reason."""
    from kb.check.docs import not_belonging

    docs = tmp_path / "docs"
    (docs / "api" / "core").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n")
    (docs / "logo.svg").write_text("<svg/>")
    (docs / "api" / "core" / "model.md").write_text("# `kb.core.model`\n\n::: kb.core.model\n")
    (docs / "api" / "core" / "rules.md").write_text("# Rules\n")
    (docs / "api" / "core" / "nothing.md").write_text("# `kb.core.nothing`\n\n::: kb.core.nothing\n")
    (tmp_path / "secret.md").write_text("# Secret\n")
    (docs / "linked.md").symlink_to(tmp_path / "secret.md")
    files = [(p.relative_to(docs).as_posix(), p) for p in sorted(docs.rglob("*")) if not p.is_dir()]  # as MkDocs lists them
    found = dict(not_belonging(docs, files))
    assert found == {
        "logo.svg": "only Markdown pages belong in docs/; the reader-side assets are the engine's (kb/theme/assets/)",
        "api/core/rules.md": "an engine reference page must be exactly the stub for a module of the engine: '# `kb.core.rules`\\n\\n::: kb.core.rules\\n'",
        "api/core/nothing.md": "an engine reference page must be exactly the stub for a module of the engine: '# `kb.core.nothing`\\n\\n::: kb.core.nothing\\n'",
        "linked.md": "symbolic links are not allowed in docs/; copy the content in",
    }
