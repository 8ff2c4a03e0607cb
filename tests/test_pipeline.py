"""The whole pipeline on wrong input: any value in any field, setting, schema keyword or
vocabulary is a located problem, never an exception, and the rest of the base still renders.

Each case goes through reading, checking and every generated page (`conftest.pipeline`). The
value that failed is left out of the checked model, so the pages show everything else.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import SAMPLE, build_site, pipeline, write_project
from kb.core.rules import RULES
from sample_kb import FILES, TODAY, ZONE

Z = "kb/zones/avangard.md"
WRONG = {"true": "true", "number": "5", "list": "[x]", "map": "{a: 1}", "null": "null"}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return write_project(tmp_path_factory.mktemp("pipeline"), FILES)


def located(kb, path: str) -> list[str]:
    return [f"{p.line}:{p.col} {p.rule}" for p in kb.problems if p.path == path]


def _schemas() -> dict[str, dict]:
    return {
        p.name[: -len(".schema.yml")]: yaml.safe_load(p.read_text())
        for p in (SAMPLE / "kb/schemas").glob("*.schema.yml")
        if p.name[0] != "_"
    }


def _sample_entry(collection: str) -> tuple[str, str] | None:
    for path, text in FILES.items():
        if path.startswith(f"kb/{collection}/") and not path.endswith(".ru.md"):
            return path, text
    return None


FIELD_CASES = [(c, f) for c, schema in sorted(_schemas().items()) if _sample_entry(c) for f in schema["properties"]]


@pytest.mark.parametrize("collection,field", FIELD_CASES, ids=[f"{c}.{f}" for c, f in FIELD_CASES])
def test_every_field_takes_every_wrong_type(scratch, collection, field):
    """true, a number, a list, a map and null in each field of each schema: a located problem on the
    field's line (or none, where the value is allowed), and the page renders without it."""
    path, text = _sample_entry(collection)
    front, body = text.split("\n---\n", 1)
    # Drop the field's block (its line and any indented lines under it), then set the wrong value.
    kept, skipping = [], False
    for line in front.split("\n")[1:]:
        if line.startswith(f"{field}:"):
            skipping = True
            continue
        if skipping and line.startswith((" ", "-")):
            continue
        skipping = False
        kept.append(line)
    for name, wrong in WRONG.items():
        new = "---\n" + "\n".join(kept) + f"\n{field}: {wrong}\n---\n" + body
        (scratch / path).write_text(new, encoding="utf-8")
        kb, pages = pipeline(scratch, TODAY)
        line = new.split("\n").index(f"{field}: {wrong}") + 1
        mine = [p for p in kb.problems if p.path == path]
        assert all(p.rule in RULES for p in kb.problems)
        entry = kb.entry((collection, Path(path).stem))
        assert entry is not None, f"{field}: {wrong} lost the whole entry"
        if any(p.line == line for p in mine):
            assert entry.facts.get(field, "absent") != yaml.safe_load(wrong), f"{field}: {wrong} failed but reached the model"
        else:  # accepted: then it has a shape the schema allows
            assert not [p for p in mine if p.severity == "error" and p.line != line], (name, [p.format() for p in mine])
        assert pages[path[3:]]  # the entry page still renders
    (scratch / path).write_text(text, encoding="utf-8")


# The inputs that crashed `kb check` or the build before the checked model (issue list).
SOURCES = ZONE[ZONE.index("sources:") : ZONE.index("reviewed:")]
CRASHERS = {
    "sources: true": (SOURCES, "sources: true\n"),
    "sources: 5": (SOURCES, "sources: 5\n"),
    "unconfirmed: true": ("unconfirmed: [established]", "unconfirmed: true"),
    "aliases: {en: 5}": ("reviewed:", "aliases: {en: 5}\nreviewed:"),
    "type: [x]": ("type: industrial-production", "type: [x]"),
    "sources id a list": ("  - {id: s1,", "  - {id: [1],"),
    "figure source a list": ("source: s1}", "source: [s1]}"),
}


@pytest.mark.parametrize("old,new", CRASHERS.values(), ids=list(CRASHERS))
def test_inputs_that_once_crashed_are_located_problems(scratch, old, new):
    """Each value that once gave a traceback is now a located error, and every page renders."""
    assert old in ZONE
    (scratch / Z).write_text(ZONE.replace(old, new, 1), encoding="utf-8")
    try:
        kb, pages = pipeline(scratch, TODAY)
    finally:
        (scratch / Z).write_text(ZONE, encoding="utf-8")
    errors = [p for p in kb.problems if p.severity == "error"]
    assert errors and all(p.path == Z and p.line > 1 for p in errors), [p.format() for p in kb.problems]
    assert "zones/avangard.md" in pages and "ru/zones/avangard.md" in pages


def test_measure_zone_types_true_renders_the_matrix(scratch):
    """A list field given `true` (zone_types) is an error, and the matrix view still renders."""
    path = "kb/measures/frp-loans.md"
    text = FILES[path]
    assert "zone_types: [industrial-production]" in text
    (scratch / path).write_text(text.replace("zone_types: [industrial-production]", "zone_types: true"), encoding="utf-8")
    try:
        kb, pages = pipeline(scratch, TODAY)
    finally:
        (scratch / path).write_text(text, encoding="utf-8")
    assert [p.format() for p in kb.problems] == [
        f"{path}:{text.split(chr(10)).index('zone_types: [industrial-production]') + 1}:1: error [wrong-type] zone_types must be a list (got True)"
    ]
    assert "| [FRP loans](../measures/frp-loans.md) | — |" in pages["overview/measures-by-zone-type.md"]


# --- settings ---------------------------------------------------------------------------------

SETTINGS = yaml.safe_load((SAMPLE / "kb/kb.yml").read_text())
SETTING_CASES = [(key, name) for key in SETTINGS for name in WRONG]


def _with_setting(root: Path, key: str, value: str) -> str:
    text = (SAMPLE / "kb/kb.yml").read_text()
    out, skipping = [], False
    for line in text.split("\n"):
        if line.startswith(f"{key}:"):
            out.append(f"{key}: {value}")
            skipping = True
            continue
        if skipping and (line.startswith((" ", "-")) or not line.strip()):
            continue
        skipping = False
        out.append(line)
    new = "\n".join(out)
    (root / "kb/kb.yml").write_text(new, encoding="utf-8")
    return new


@pytest.mark.parametrize("key,name", SETTING_CASES, ids=[f"{k}={n}" for k, n in SETTING_CASES])
def test_every_setting_takes_every_wrong_type(scratch, key, name):
    """Each key of kb.yml given a wrong type is a located error on its line, or allowed; never an exception."""
    try:
        new = _with_setting(scratch, key, WRONG[name])
        kb, pages = pipeline(scratch, TODAY)
    finally:
        shutil.copy(SAMPLE / "kb/kb.yml", scratch / "kb/kb.yml")
    line = new.split("\n").index(f"{key}: {WRONG[name]}") + 1
    errors = [p for p in kb.problems if p.severity == "error"]
    assert not errors or [p for p in errors if p.path == "kb/kb.yml" and p.line == line], [p.format() for p in kb.problems]
    # A broken setting is never blamed on an entry; folders can only be wrong when collections changed.
    assert all(p.path == "kb/kb.yml" or (p.rule == "unknown-collection" and key in ("collections", "data_folders")) for p in errors), [
        p.format() for p in errors
    ]


def test_languages_as_one_word_is_one_error(scratch):
    """`languages: en` (not a list) is one error, not one per file split into letters."""
    try:
        _with_setting(scratch, "languages", "en")
        kb, _ = pipeline(scratch, TODAY)
    finally:
        shutil.copy(SAMPLE / "kb/kb.yml", scratch / "kb/kb.yml")
    line = (SAMPLE / "kb/kb.yml").read_text().split("\n").index("languages: [en, ru]") + 1
    assert [p.format() for p in kb.problems] == [f"kb/kb.yml:{line}:1: error [wrong-type] languages must be a list (got 'en')"]


VIEW_KEYS = sorted({k for view in SETTINGS["views"] for k in view})


@pytest.mark.parametrize("key", VIEW_KEYS)
@pytest.mark.parametrize("name", list(WRONG))
def test_every_view_setting_takes_every_wrong_type(scratch, key, name):
    """A view's setting given a wrong type: a located error in kb.yml and the view left out; the rest renders."""
    data = yaml.safe_load((SAMPLE / "kb/kb.yml").read_text())
    for view in data["views"]:
        if key in view:
            view[key] = yaml.safe_load(WRONG[name])
    (scratch / "kb/kb.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        kb, pages = pipeline(scratch, TODAY)
    finally:
        shutil.copy(SAMPLE / "kb/kb.yml", scratch / "kb/kb.yml")
    assert (kb.problems and all(p.path == "kb/kb.yml" and p.line > 1 for p in kb.problems if p.severity == "error")) or not kb.problems
    assert "zones/avangard.md" in pages


# --- schemas and vocabularies ------------------------------------------------------------------

KEYWORDS = ["x-sections", "x-label", "x-catalog-columns", "x-intro", "$defs", "properties", "required"]
FIELD_KEYWORDS = ["x-label", "x-unit", "x-vocab", "x-ref", "x-filter", "x-show", "x-search-weight", "x-role", "x-example", "description"]


@pytest.mark.parametrize("keyword", KEYWORDS)
@pytest.mark.parametrize("name", list(WRONG))
def test_every_schema_keyword_takes_every_wrong_type(scratch, keyword, name):
    """A collection schema's keyword given a wrong type: a located error in the schema file, never an exception."""
    rel = "kb/schemas/zones.schema.yml"
    data = yaml.safe_load((SAMPLE / rel).read_text())
    data[keyword] = yaml.safe_load(WRONG[name])
    (scratch / rel).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        kb, pages = pipeline(scratch, TODAY)
    finally:
        shutil.copy(SAMPLE / rel, scratch / rel)
    assert all(p.rule in RULES and p.line >= 1 for p in kb.problems)
    assert "measures/frp-loans.md" in pages  # other collections render


@pytest.mark.parametrize("keyword", FIELD_KEYWORDS)
@pytest.mark.parametrize("name", list(WRONG))
def test_every_field_keyword_takes_every_wrong_type(scratch, keyword, name):
    """A field's keyword (x-label, x-unit, …) given a wrong type: reported in the schema file, the rest renders."""
    rel = "kb/schemas/zones.schema.yml"
    data = yaml.safe_load((SAMPLE / rel).read_text())
    data["properties"]["area_ha"][keyword] = yaml.safe_load(WRONG[name])
    (scratch / rel).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        kb, pages = pipeline(scratch, TODAY)
    finally:
        shutil.copy(SAMPLE / rel, scratch / rel)
    assert all(p.rule in RULES and p.line >= 1 for p in kb.problems)
    assert "zones/avangard.md" in pages or any(p.path == rel for p in kb.problems)


def test_misspelt_keyword_is_reported_with_a_suggestion(scratch):
    """An x- keyword the engine does not know is an error naming the closest known one."""
    rel = "kb/schemas/zones.schema.yml"
    text = (SAMPLE / rel).read_text()
    (scratch / rel).write_text(
        text.replace("    x-filter: true\n    x-ref: sez-types", "    x-fitler: true\n    x-ref: sez-types", 1), encoding="utf-8"
    )
    try:
        kb, _ = pipeline(scratch, TODAY)
    finally:
        shutil.copy(SAMPLE / rel, scratch / rel)
    line = text.split("\n").index("    x-ref: sez-types")
    assert [p.format() for p in kb.problems] == [
        f"{rel}:{line}:5: error [unknown-field] 'x-fitler' is not a keyword the engine knows; did you mean 'x-filter'?"
    ]


def test_vocabulary_term_field_of_wrong_type(scratch):
    """A vocabulary term's field given a list is a located error; the term keeps its labels."""
    rel = "kb/vocabularies/regions.yml"
    text = (SAMPLE / rel).read_text()
    old = 'RU-OMS: {en: "Omsk Region", ru: "Омская область", district: siberian}'
    assert old in text
    (scratch / rel).write_text(text.replace(old, old.replace("district: siberian", "district: [1]")), encoding="utf-8")
    try:
        kb, pages = pipeline(scratch, TODAY)
    finally:
        shutil.copy(SAMPLE / rel, scratch / rel)
    line = text.split("\n").index("  " + old) + 1
    assert [f"{p.path}:{p.line} {p.rule}" for p in kb.problems] == [f"{rel}:{line} wrong-type"]
    assert "Омская область" in pages["ru/zones/avangard.md"] and "Сибирский" not in pages["ru/zones/avangard.md"]


# --- the real build ------------------------------------------------------------------------------


@pytest.mark.parametrize("strict", [True, False], ids=["strict", "preview"])
def test_build_on_broken_input_reports_and_never_crashes(tmp_path, strict):
    """`mkdocs build`, strict and not (the preview), on an entry with wrong shapes and a broken
    setting: the problems are logged with file and line, no traceback, and a preview still
    writes the entry's page without the failed values."""
    broken = ZONE.replace("unconfirmed: [established]", "unconfirmed: true\naliases: {en: 5}").replace(
        "type: industrial-production", "type: [x]"
    )
    root = write_project(tmp_path / "p", {**FILES, Z: broken}, with_docs=True)
    kb_yml = root / "kb/kb.yml"
    kb_yml.write_text(kb_yml.read_text().replace("catalogue_page_size: 50", "catalogue_page_size: true"), encoding="utf-8")
    result = build_site(root, tmp_path / "site", *([] if strict else ["--no-strict"]))
    assert "Traceback" not in result.stderr
    assert re.search(r"kb/zones/avangard\.md:\d+:\d+: error \[wrong-type\] type must be text", result.stderr)
    assert re.search(r"kb/kb\.yml:\d+:\d+: error \[wrong-type\] catalogue_page_size must be a whole number \(got True\)", result.stderr)
    if strict:
        assert result.returncode != 0
    else:
        assert result.returncode == 0, result.stderr[-2000:]
        html = (tmp_path / "site/zones/avangard/index.html").read_text()
        assert "<dt>Region</dt>" in html and "<dt>Type</dt>" not in html
        catalog = json.loads((tmp_path / "site/catalog.json").read_text())
        zone = next(e for e in catalog["collections"]["zones"]["entries"] if e["id"] == "avangard")
        assert "type" not in zone["facts"] and "unconfirmed" not in zone["facts"] and zone["facts"]["region"] == "RU-OMS"
