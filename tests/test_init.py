"""`kb init`: a new knowledge base in any languages that passes `kb check` and the strict build
at once, and what that needs of the engine: its own interface words, a theme language it lacks,
one language without a switch, and data text that never becomes Markdown syntax."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import subprocess
import sys

import markdown
import pytest
import yaml
from babel.dates import format_date as babel_date
from babel.localedata import locale_identifiers

from conftest import ROOT, SAMPLE, build_site, checked, pipeline, problems_of, run_kb
from kb.pages.format import esc, format_date
from sample_kb import FILES, REGION, REGION_RU, TODAY, ZONE, ZONE_RU

WORD_KEYS = set(yaml.safe_load((ROOT / "hooks/kb/read/words.yml").read_text(encoding="utf-8"))["labels"])
# Pages whose content is the schema's own field names (title, sources, reviewed …).
FIELD_NAME_PAGES = ("editors/fields/", "editors/review/")


def visible_text(page: str) -> list[str]:
    """The page's text as a reader sees it, one piece per element: no script, style or markup."""
    page = re.sub(r"<(script|style|svg)\b.*?</\1>", "", page, flags=re.S)
    return [piece for piece in (html.unescape(p).strip() for p in re.split(r"<[^>]+>", page)) if piece]


@pytest.fixture(scope="module", params=[["en"], ["de", "en", "kk"]], ids=["en", "de-en-kk"])
def made(request, tmp_path_factory):
    """A base written by `kb init`, its `kb check` output and its strictly built site."""
    languages = request.param
    root = tmp_path_factory.mktemp("init") / "my-kb"
    init = run_kb(root.parent, "init", str(root), "--languages", ",".join(languages))
    assert init.returncode == 0, init.stderr
    check = run_kb(root, "check")
    site = root.parent / "site"
    build = build_site(root, site)
    assert build.returncode == 0, build.stderr[-3000:]
    return languages, root, check, site


def test_init_writes_a_base_that_checks_and_builds(made):
    languages, root, check, site = made
    assert check.returncode == 0, check.stdout + check.stderr
    assert ", 0 errors, " in check.stdout.splitlines()[-1]
    assert (root / "kb" / "kb.yml").is_file() and (root / "kb" / "schemas" / "articles.schema.yml").is_file()
    assert sorted(p.name for p in (root / "kb" / "articles").iterdir()) == sorted(
        ["first-article.md", *(f"first-article.{lang}.md" for lang in languages[1:])]
    )
    assert (site / "index.html").is_file()
    for lang in languages[1:]:
        assert (site / lang / "articles" / "first-article" / "index.html").is_file()
    # Nothing of the engine is copied: its stylesheet and browser modules come from its templates.
    assert sorted(p.name for p in (root / "docs").rglob("*") if p.is_file() and p.suffix != ".md") == []
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<script src="assets/kb/main.js" type="module">' in home and (site / "assets" / "kb" / "names.js").is_file()
    # The endings search strips from names, for the languages the engine knows them in.
    assert yaml.safe_load((root / "kb" / "kb.yml").read_text(encoding="utf-8"))["name_endings"] == {"en": ["es", "s"]}


def test_built_pages_show_no_interface_key_and_no_zone_word(made):
    languages, root, check, site = made
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 8
    for path in pages:
        text = visible_text(path.read_text(encoding="utf-8"))
        rel = path.relative_to(site).as_posix()
        if not any(part in rel for part in FIELD_NAME_PAGES):
            assert not [t for t in text if t in WORD_KEYS], rel
        assert not [t for t in text if re.search(r"\bzones?\b|\bSEZs?\b|ОЭЗ|\bNone\b", t, re.IGNORECASE)], rel
        assert not [t for t in text if re.search(r"\bru\b", t)], rel  # the editors' examples name the site's languages


def test_dates_are_text_in_every_language(made):
    languages, root, check, site = made
    expected = {lang: babel_date(dt.date(2018, 12, 5), "long", locale=lang) for lang in languages}
    assert expected.get("de", "5. Dezember 2018") == "5. Dezember 2018" and expected.get("en") == "December 5, 2018"
    for i, lang in enumerate(languages):
        page = (site / ("" if i == 0 else lang) / "articles" / "first-article" / "index.html").read_text(encoding="utf-8")
        assert expected[lang] in visible_text(page)
        assert not re.search(r"<li>[^<]*(?:2018|2026)", page) and "<ol start=" not in page
        assert f'<html lang="{lang}"' in page


def test_search_index_in_each_language(made):
    languages, root, check, site = made
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == set(languages)
    assert all(info["page_count"] >= 3 for info in entry["languages"].values())


def test_language_switch_only_with_several_languages(made):
    languages, root, check, site = made
    page = (site / "articles" / "first-article" / "index.html").read_text(encoding="utf-8")
    assert ('class="md-select__list"' in page) == (len(languages) > 1)
    assert 'data-md-color-media="(prefers-color-scheme: dark)"' in page  # the reader's dark scheme is followed


def test_a_language_the_theme_lacks_is_a_warning_with_its_line(made):
    languages, root, check, site = made
    if "kk" not in languages:
        assert ", 0 errors, 0 warnings (" in check.stdout
        return
    assert (
        "kb/kb.yml:4:21: warning [untranslated] languages: the theme has no words in 'kk' (such as \"Skip to content\");"
        " its pages show the theme's English ones"
    ) in check.stdout.splitlines()
    assert "kb/kb.yml:4:13: warning [untranslated] languages: 'de' has no text for" in check.stdout
    kk = (site / "kk" / "index.html").read_text(encoding="utf-8")
    assert "Skip to content" in visible_text(kk)  # the theme's English words, not a crash or a key


def test_init_never_overwrites(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: mine\n", encoding="utf-8")
    result = run_kb(tmp_path, "init", ".", "--languages", "en")
    assert result.returncode == 1
    assert result.stderr.startswith("kb: mkdocs.yml already exists in .; nothing was written")
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: mine\n"
    assert not (tmp_path / "kb").exists() and not (tmp_path / "docs").exists()


@pytest.mark.parametrize(
    ("languages", "message"),
    [
        ("en,xx-nope", "kb: --languages: 'xx-nope' is not a language code the engine can format dates and numbers in (e.g. de, en, kk)\n"),
        ("en,en", "kb: --languages names a language twice\n"),
        (",", "kb: --languages needs at least one language code, e.g. --languages en or --languages de,en\n"),
    ],
)
def test_init_bad_languages(tmp_path, languages, message):
    result = run_kb(tmp_path, "init", "new", "--languages", languages)
    assert (result.returncode, result.stderr) == (2, message)
    assert not (tmp_path / "new").exists()


def test_a_word_missing_in_a_language_is_reported_at_its_line(tmp_path):
    assert run_kb(tmp_path, "init", "new", "--languages", "en,de").returncode == 0
    root = tmp_path / "new"
    kb_yml = root / "kb" / "kb.yml"
    text = kb_yml.read_text(encoding="utf-8")
    old = '  site-name: {en: "Knowledge base", de: "Wissensdatenbank"}\n'
    assert old in text
    kb_yml.write_text(text.replace(old, '  site-name: {en: "Knowledge base"}\n'), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    found = [p.format() for p in problems_of(root, "2026-11-28") if p.rule == "untranslated" and p.where[0] == "labels"]
    assert found == [
        f"kb/kb.yml:{line}:3: warning [untranslated] labels.site-name has no text in de; the pages show the English word: add it in each"
    ]
    assert checked(root).settings.label("site-name", "de") == "Knowledge base"


def test_site_words_replace_the_engines_and_the_engine_words_fill_the_rest(project):
    settings = checked(project({})).settings
    assert settings.label("site-name", "ru") == "База знаний «Лидеры ОЭЗ»"  # kb.yml's
    assert settings.label("sources", "ru") == "Источники"  # the engine's (hooks/kb/read/words.yml)
    assert settings.label("no-such-word", "ru") == "no-such-word"


def _numbered_languages() -> list[str]:
    """Every language whose long date Babel writes with a number and a full stop first."""
    out = []
    for ident in locale_identifiers():
        if "_" in ident:
            continue
        if re.match(r"\d+\.", babel_date(dt.date(2018, 12, 5), "long", locale=ident)):
            out.append(ident)
    return out


NUMBERED = _numbered_languages()


def test_the_languages_dates_start_with_a_number_in():
    assert {"de", "da", "nb", "fi", "cs"} <= set(NUMBERED)


@pytest.mark.parametrize("lang", NUMBERED)
def test_a_date_never_becomes_a_numbered_list(lang):
    written = babel_date(dt.date(2018, 12, 5), "long", locale=lang)
    for text in (format_date("2018-12-05", lang), f"{format_date('2018-12-05', lang)}\n{format_date('2019-01-31', lang)}"):
        out = markdown.markdown(text, extensions=["def_list", "tables"])
        assert "<ol" not in out and "<li" not in out
    assert html.unescape(re.sub(r"<[^>]+>", "", markdown.markdown(format_date("2018-12-05", lang)))) == written


@pytest.mark.parametrize(
    "text",
    [
        "# not a heading",
        "- not an item",
        "+ not an item",
        "12) not an item",
        "=== not underline",
        "~~~ not a fence",
        "a | b",
        "  3. indented",
    ],
)
def test_data_text_starts_no_block(text):
    out = markdown.markdown(f"{esc(text)}\n\n| head |\n| --- |\n| {esc(text)} |", extensions=["tables"])
    assert not re.search(r"<(h\d|ul|ol|li|pre|code)\b", out)
    assert html.unescape(re.sub(r"<[^>]+>", "", out.split("<table>")[0])).strip() == text.strip()


def test_editors_examples_name_the_sites_languages(made):
    languages, root, check, site = made
    text = visible_text((site / "editors" / "index.html").read_text(encoding="utf-8"))
    other = languages[1] if len(languages) > 1 else languages[0]
    assert f"there is no {other} text: create kb/<collection>/<id>.{other}.md with a title and the same sections" in text


def test_the_engine_ships_every_word_in_english_and_russian():
    """hooks/kb/read/words.yml: every key a name (never YAML 1.1's yes/no read as booleans), every word in
    both languages the engine supports, with the same {names} in both."""
    words = yaml.safe_load((ROOT / "hooks/kb/read/words.yml").read_text(encoding="utf-8"))["labels"]
    assert all(isinstance(key, str) for key in words)
    assert {"yes", "no", "home", "sources", "site-name"} <= set(words)
    for key, texts in words.items():
        assert set(texts) == {"en", "ru"}, key
        assert set(re.findall(r"{(\w+)}", texts["en"])) == set(re.findall(r"{(\w+)}", texts["ru"])), key


def test_an_entry_without_sources_has_no_sources_heading(tmp_path):
    """A schema need not have sources: its entries' pages then have no «Sources» section."""
    from conftest import pipeline

    assert run_kb(tmp_path, "init", "new", "--languages", "en").returncode == 0
    root = tmp_path / "new"
    schema = root / "kb" / "schemas" / "articles.schema.yml"
    data = yaml.safe_load(schema.read_text(encoding="utf-8"))
    del data["properties"]["sources"]
    data["required"].remove("sources")
    schema.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    entry = root / "kb" / "articles" / "first-article.md"
    text = entry.read_text(encoding="utf-8")
    entry.write_text(re.sub(r"sources:\n  - .*\n", "", text), encoding="utf-8")
    assert not [p for p in problems_of(root, "2026-12-07") if p.severity == "error"]
    kb, pages = pipeline(root, "2026-12-07")
    page = pages["articles/first-article.md"]
    assert "{ #sources }" not in page and "kb-sources" not in page
    assert '<p class="kb-reviewed">Last reviewed: ' in page


LAND = {"type": "Polygon", "coordinates": [[[60, 50], [80, 50], [80, 60], [60, 60], [60, 50]]]}


@pytest.mark.parametrize(
    "outline",
    [
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": LAND}]},
        {"type": "Feature", "properties": {}, "geometry": LAND},
        LAND,
    ],
    ids=["feature-collection", "feature", "geometry"],
)
def test_a_map_outline_may_be_a_feature_collection(project, outline):
    """The usual GeoJSON form, a FeatureCollection, draws the land as a Feature does."""
    from conftest import pipeline

    root = project({"kb/maps/land.geojson": json.dumps(outline)})
    assert not [p.format() for p in problems_of(root, "2026-11-28") if p.rule == "bad-settings"]
    kb, pages = pipeline(root)
    assert re.search(r'<path class="kb-map-land" d="M[^"]+"', pages["overview/map.md"])


@pytest.mark.parametrize(
    "outline",
    [
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}}]}',
        '{"type": "Feature"}',
        "[1, 2]",
        "not json",
    ],
)
def test_an_outline_that_is_not_polygons_is_a_located_error(project, outline):
    root = project({"kb/maps/land.geojson": outline})
    text = (root / "kb" / "kb.yml").read_text(encoding="utf-8")
    line = text[: text.index("    outline: maps/land.geojson")].count("\n") + 1
    found = [p.format() for p in problems_of(root, "2026-11-28") if p.rule == "bad-settings"]
    assert found == [
        f"kb/kb.yml:{line}:5: error [bad-settings] views[2].outline 'maps/land.geojson' is not a GeoJSON FeatureCollection, Feature or geometry of polygons"
    ]


def test_the_review_workflow_can_be_turned_off(tmp_path):
    """review_field: null: no stale-review warning however old the date, no reviews page or link,
    and kb stale says why it lists nothing."""
    from conftest import pipeline

    assert run_kb(tmp_path, "init", "new", "--languages", "en").returncode == 0
    root = tmp_path / "new"
    kb_yml = root / "kb" / "kb.yml"
    assert [p.rule for p in problems_of(root, "2030-01-01")] == ["stale-review"]  # on, a date years old is due
    kb_yml.write_text(kb_yml.read_text(encoding="utf-8") + "review_field: null\n", encoding="utf-8")
    assert problems_of(root, "2030-01-01") == []
    kb, pages = pipeline(root, "2030-01-01")
    assert "editors/review.md" not in pages and "editors/fields.md" in pages
    from kb.render.renderer import Renderer

    editors = Renderer(kb).nav("en")[-1]["For editors"]
    assert [list(item.values())[0] for item in editors] == ["editors/index.md", "editors/fields.md", "editors/vocabularies.md"]
    stale = run_kb(root, "stale")
    assert (stale.returncode, stale.stdout, stale.stderr) == (
        0,
        "",
        "kb stale: this base has no review workflow (review_field: null in kb.yml)\n",
    )


# A fast, representative part of the engine's tests: checks and their messages, rendering,
# the command line, the house rules, typography and the editors' pages in both languages.
ENGINE_SAMPLE = [
    "test_engine_check.py",
    "test_engine_units.py",
    "test_engine_house.py",
    "test_cli_new.py",
    "test_table_view.py",
    "test_typography.py",
    "test_editors_languages.py",
]


def test_engine_tests_pass_where_kb_init_made_the_base(tmp_path):
    """Whoever replaces this base keeps the engine's tests green: in a fresh checkout of the engine
    (hooks/, tests/, pyproject.toml) whose kb/, docs/ and mkdocs.yml `kb init --languages en`
    wrote, the engine's tests, content tests deselected, pass."""
    checkout = tmp_path / "checkout"
    for name in ("hooks", "tests"):
        shutil.copytree(ROOT / name, checkout / name, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    shutil.copy(ROOT / "pyproject.toml", checkout / "pyproject.toml")
    init = run_kb(tmp_path, "init", str(checkout), "--languages", "en")
    assert init.returncode == 0, init.stderr
    assert yaml.safe_load((checkout / "kb" / "kb.yml").read_text(encoding="utf-8"))["languages"] == ["en"]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-m", "not content", "-q", "-p", "no:cacheprovider", *(f"tests/{name}" for name in ENGINE_SAMPLE)],
        cwd=checkout,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert re.search(r"\b\d{2,} passed\b", result.stdout) and " failed" not in result.stdout


def _named_regions(name_field: str = "name") -> dict[str, str]:
    """The sample base with its regions named by a field `name` (x-name-field), not `title`."""
    schema = (SAMPLE / "kb/schemas/regions.schema.yml").read_text(encoding="utf-8")
    schema = (
        schema.replace("x-catalog-columns: [title,", "x-name-field: " + name_field + "\nx-catalog-columns: [name,")
        .replace("required: [title,", "required: [name,")
        .replace("\n  title:\n", "\n  name:\n")
    )
    return {
        **FILES,
        "kb/schemas/regions.schema.yml": schema,
        "kb/regions/omsk.md": REGION.replace("title: Omsk Region", "name: Omsk Region"),
        "kb/regions/omsk.ru.md": REGION_RU.replace("title: Омская область", "name: Омская область"),
    }


def test_the_name_field_is_a_setting(project):
    """A collection whose entries are named by `name`: the entry's page, its catalogue row, the
    table of a view and the search names take it, the fact box does not repeat it, and a
    translation gives only it."""
    root = project(_named_regions())
    assert [p.format() for p in checked(root, TODAY).problems if p.severity == "error"] == []
    kb, pages = pipeline(root, TODAY)
    assert kb.collections["regions"].name_field == "name" and kb.collections["zones"].name_field == "title"
    assert kb.collections["regions"].entries["omsk"].titles == {"en": "Omsk Region", "ru": "Омская область"}
    assert "# Omsk Region" in pages["regions/omsk.md"] and "# Омская область" in pages["ru/regions/omsk.md"]
    assert "| Name |" in pages["regions/index.md"] and "[Omsk Region](omsk.md)" in pages["regions/index.md"]
    assert "[Омская область](omsk.md)" in pages["ru/regions/index.md"]
    assert "<dt>Name</dt>" not in pages["regions/omsk.md"]
    wrong = project(
        {**_named_regions(), "kb/regions/omsk.ru.md": REGION_RU.replace("title: Омская область", "name: Омская область\ntitle: Омск")}
    )
    assert [p.format() for p in problems_of(wrong, TODAY, {"kb/regions/omsk.ru.md"})] == [
        "kb/regions/omsk.ru.md:3:1: error [translation-fields] 'title' belongs in kb/regions/omsk.md; a translation holds only 'name' and the text"
    ]


@pytest.mark.parametrize(
    "name_field, message",
    [
        ("nmae", "x-name-field: 'nmae' is not a text field of the schema (type: string), so entries have no name; did you mean 'name'?"),
        ("in_stream", "x-name-field: 'in_stream' is not a text field of the schema (type: string), so entries have no name"),
    ],
)
def test_a_name_field_that_is_no_text_field_is_a_located_error(project, name_field, message):
    files = _named_regions(name_field)
    line = files["kb/schemas/regions.schema.yml"].split("\n").index(f"x-name-field: {name_field}") + 1
    problems = [p.format() for p in problems_of(project(files), TODAY, {"kb/schemas/regions.schema.yml"})]
    assert problems == [f"kb/schemas/regions.schema.yml:{line}:1: error [bad-schema] {message}"]


def _map_by_status(colour: str = "") -> dict[str, str]:
    """The sample base with its map coloured by the zones' status (a vocabulary field), a second
    zone planned, and the planned term's colour given in the vocabulary (or not)."""
    settings = (SAMPLE / "kb/kb.yml").read_text(encoding="utf-8")
    vocabulary = (SAMPLE / "kb/vocabularies/zone-statuses.yml").read_text(encoding="utf-8")
    if colour:
        vocabulary = vocabulary.replace(
            "ru: Планируется (постановления пока нет)}", f'ru: Планируется (постановления пока нет), colour: "{colour}"}}'
        )
    second = (
        ZONE.replace("title: Avangard", "title: Irtysh")
        .replace("status: operating", "status: planned")
        .replace("coordinates: [55.03, 73.29]", "coordinates: [54.9, 73.4]")
    )
    return {
        **FILES,
        "kb/kb.yml": settings.replace("    group_by: type        #", "    group_by: status        #", 1),
        "kb/vocabularies/zone-statuses.yml": vocabulary,
        "kb/zones/irtysh.md": second,
        "kb/zones/irtysh.ru.md": ZONE_RU.replace("title: Авангард", "title: Иртыш"),
    }


@pytest.mark.parametrize("colour", ["", "#aa3377"], ids=["palette", "vocabulary-colour"])
def test_the_map_colours_points_by_a_vocabulary(project, colour):
    """group_by names a vocabulary field: each term is a group, with its colour from the
    vocabulary or, where it gives none, the palette's in the terms' order; the legend names the
    terms in the page's language and each point takes its term's colour."""
    root = project(_map_by_status(colour))
    assert [p.format() for p in checked(root, TODAY).problems if p.severity == "error"] == []
    _, pages = pipeline(root, TODAY)
    planned = colour or "#009e73"  # the third term: its own colour, or the palette's third
    expected = {
        "en": ["Operating", "Created, infrastructure being built", "Planned (no decree yet)", "Closed early"],
        "ru": ["Действует", "Создана, строится инфраструктура", "Планируется (постановления пока нет)", "Прекращена досрочно"],
    }
    for lang, uri in (("en", "overview/map.md"), ("ru", "ru/overview/map.md")):
        page = pages[uri]
        legend = page[page.index('<ul class="kb-legend">') :]
        legend = legend[: legend.index("</ul>")]
        items = re.findall(r'fill="(#[0-9a-f]{6})"/></svg> ([^<]+)</li>', legend)
        assert [html.unescape(label) for _, label in items] == expected[lang]
        assert [fill for fill, _ in items] == ["#e69f00", "#56b4e9", planned, "#f0e442"]
        fills = dict(re.findall(r'<a [^>]*aria-label="\d+\. ([^"—]+?) —[^"]*"[^>]*>.*?fill="(#[0-9a-f]{6})" class="kb-map-point"', page))
        assert fills == ({"Avangard": "#e69f00", "Irtysh": planned} if lang == "en" else {"Авангард": "#e69f00", "Иртыш": planned})


def test_a_group_by_that_is_neither_vocabulary_nor_reference_is_a_located_error(project):
    files = _map_by_status()
    files["kb/kb.yml"] = files["kb/kb.yml"].replace("    group_by: status        #", "    group_by: established        #", 1)
    line = (
        files["kb/kb.yml"].split("\n").index(next(x for x in files["kb/kb.yml"].split("\n") if x.startswith("    group_by: established")))
        + 1
    )
    root = project(files)
    assert [p.format() for p in problems_of(root, TODAY, {"kb/kb.yml"})] == [
        f"kb/kb.yml:{line}:5: error [bad-settings] views[2].group_by names 'established', which is neither a vocabulary field (x-vocab) "
        "nor a reference (x-ref) of zones, so it gives no groups to colour"
    ]
    assert "overview/map.md" not in pipeline(root, TODAY)[1]
