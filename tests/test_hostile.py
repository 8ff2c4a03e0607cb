"""Hostile and broken input: every bad file ends in located problems, never a traceback, a hang
or a silent pass; caps keep checks fast; builds lose nothing, repeat byte for byte, and publish
no script from the content.

The corpus (CORPUS, WRONG_TYPES) names for each input the rule and the place it must be
reported at; the property tests feed the reader and the checks whatever hypothesis makes.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import re
import shutil
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SAMPLE, build_site, pipeline, run_kb, write_project
from kb.check.entries import check_kb
from kb.check.sanitise import CONTENT, removals
from kb.read.load import load_kb
from kb.read.yaml_file import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES
from sample_kb import FILES, TODAY, ZONE

Z = "kb/zones/avangard.md"
TODAY_DATE = dt.date.fromisoformat(TODAY)


def fm(old: str, new: str) -> dict:
    """The sample with one change in the zone's front matter."""
    assert old in ZONE, old
    return {Z: ZONE.replace(old, new, 1)}


def body(text: str) -> dict:
    """The sample with `text` starting on line 19 of the zone, in its Overview section."""
    return {Z: ZONE.replace("## Overview\n", "## Overview\n\n" + text + "\n", 1)}


def timed_problems(root: Path, limit: float = 5.0) -> list:
    started = time.perf_counter()
    problems = check_kb(load_kb(root), today=TODAY_DATE).problems
    assert time.perf_counter() - started < limit, "the check took too long"
    return problems


def located(problems) -> set[str]:
    return {f"{p.path}:{p.line}:{p.col} {p.rule}" for p in problems}


JS = "uses the 'javascript:' scheme"
DEEP_BLOCK = "".join(" " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 2)) + " " * (MAX_DEPTH + 2) + "x: 1\n"
LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi")
)

# (id, change to the sample, expected "path:line:col rule" entries)
CORPUS = [
    # --- YAML that cannot be read, or must not be -----------------------------------------
    ("yaml-unclosed-flow", fm("title: Avangard\n", "title: [Avangard\n"), [f"{Z}:3:5 yaml-syntax"]),
    ("yaml-bad-indent", fm("region: RU-OMS\n", "region: RU-OMS\n  status: x\n"), [f"{Z}:5:9 yaml-syntax"]),
    (
        "yaml-unclosed-quote",
        fm("title: Avangard\n", 'title: "Avangard\n'),
        [f"{Z}:13:37 yaml-syntax"],
    ),  # the string runs on to the next quote
    ("yaml-tab-nested", fm("residents: {value: 10", "residents:\n\t value: 10\n x: {value: 10"), [f"{Z}:9:1 tab"]),
    ("yaml-control-char", fm("title: Avangard", "title: Avan\x07gard"), [f"{Z}:2:1 yaml-syntax"]),
    ("yaml-document-end-marker", fm("title: Avangard\n", "title: Avangard\n...\nx: y\n"), [f"{Z}:4:1 yaml-syntax"]),
    ("duplicate-nested-key", fm("{value: 488, as_of", "{value: 488, value: 5, as_of"), [f"{Z}:7:23 duplicate-key"]),
    ("duplicate-key-case-twin-ok", fm("title: Avangard\n", "title: Avangard\nTitle: A\n"), [f"{Z}:3:1 unknown-field"]),
    ("merge-key", fm("title: Avangard\n", "<<: {title: A}\ntitle: Avangard\n"), [f"{Z}:2:1 yaml-syntax"]),
    ("complex-key", fm("title: Avangard\n", "? [a, b]\n: c\ntitle: Avangard\n"), [f"{Z}:2:3 yaml-syntax"]),
    ("front-matter-list", {Z: "---\n- a\n---\n## Overview\n"}, [f"{Z}:2:1 front-matter"]),
    ("front-matter-scalar", {Z: "---\njust text\n---\n## Overview\n"}, [f"{Z}:2:1 front-matter"]),
    ("no-front-matter", {Z: "## Overview\n\nText.\n"}, [f"{Z}:1:1 front-matter"]),
    ("front-matter-unclosed", {Z: ZONE.replace("---\n## Overview", "## Overview")}, [f"{Z}:1:1 front-matter"]),
    ("front-matter-indented-opener", {Z: " ---\ntitle: a\n---\n"}, [f"{Z}:1:1 front-matter"]),
    # --- bytes that are not an entry's text ------------------------------------------------
    ("bom", {Z: b"\xef\xbb\xbf" + ZONE.encode()}, [f"{Z}:1:1 bom"]),
    ("crlf", {Z: ZONE.replace("\n", "\r\n").encode()}, [f"{Z}:1:1 line-ends"]),
    ("cr-in-body", {Z: ZONE.replace("Omsk](", "Omsk\r](").encode()}, [f"{Z}:19:1 line-ends"]),
    ("latin1-in-body", {Z: ZONE.replace("An industrial", "An industri\xe4l").encode("latin-1")}, [f"{Z}:19:12 not-utf8"]),
    ("utf16", {Z: ZONE.encode("utf-16")}, [f"{Z}:1:1 not-utf8"]),
    ("nul-byte", {Z: ZONE.replace("Avangard\n", "Avan\x00gard\n").encode()}, [f"{Z}:2:1 not-utf8"]),
    ("empty", {Z: ""}, [f"{Z}:1:1 front-matter"]),
    ("only-blank-lines", {Z: "\n\n   \n"}, [f"{Z}:1:1 front-matter"]),
    ("huge-file", {Z: ZONE + "x" * MAX_FILE_BYTES}, [f"{Z}:1:1 file-too-large"]),
    # --- complexity (an alias is located at its anchor: YAML keeps no position for the alias) ------------------------------------------------------------------------
    ("deep-flow-nesting", {Z: "---\ntitle: " + "[" * 100_000 + "\n---\n"}, [f"{Z}:2:1007 yaml-syntax"]),
    ("deep-block-nesting", fm("title: Avangard\n", "title: Avangard\n" + DEEP_BLOCK), [f"{Z}:16:14 too-complex"]),
    (
        "too-many-values",
        fm("title: Avangard\n", "title: Avangard\nx: [" + "1, " * MAX_NODES + "1]\n"),
        [f"{Z}:3:{5 + 3 * (MAX_NODES - 3)} too-complex"],
    ),
    ("billion-laughs", fm("title: Avangard\n", LAUGHS + "title: Avangard\n"), [f"{Z}:2:4 yaml-alias"]),
    ("recursive-alias", fm("title: Avangard", "title: &a [*a]"), [f"{Z}:2:8 yaml-alias"]),
    # --- tags that try to build objects ----------------------------------------------------
    ("tag-python-object-apply", fm("title: Avangard", "title: !!python/object/apply:os.system [id]"), [f"{Z}:2:8 yaml-tag"]),
    ("tag-python-object-new", fm("title: Avangard", "title: !!python/object/new:subprocess.Popen {args: [id]}"), [f"{Z}:2:8 yaml-tag"]),
    ("tag-python-name", fm("title: Avangard", "title: !!python/name:os.system"), [f"{Z}:2:8 yaml-tag"]),
    ("tag-python-module", fm("title: Avangard", "title: !!python/module:os"), [f"{Z}:2:8 yaml-tag"]),
    ("tag-binary", fm("title: Avangard", "title: !!binary aGVsbG8="), [f"{Z}:2:8 yaml-tag"]),
    ("tag-set", fm("measures: [frp-loans]", "measures: !!set {frp-loans}"), [f"{Z}:10:11 yaml-tag"]),
    ("tag-omap", fm("title: Avangard", "title: !!omap [{a: 1}]"), [f"{Z}:2:8 yaml-tag"]),
    ("tag-custom", fm("title: Avangard", "title: !Ref Avangard"), [f"{Z}:2:8 yaml-tag"]),
    ("tag-custom-on-key", fm("title: Avangard\n", "title: Avangard\nx: !!python/tuple [1]\n"), [f"{Z}:3:4 yaml-tag"]),
    ("tag-int-on-text", fm("{value: 488,", "{value: !!int many,"), [f"{Z}:7:18 wrong-type"]),
    ("tag-float-on-text", fm("{value: 488,", "{value: !!float many,"), [f"{Z}:7:18 wrong-type"]),
    ("tag-bool-on-text", fm("unconfirmed: true}", "unconfirmed: !!bool maybe}"), [f"{Z}:8:65 wrong-type"]),
    ("int-over-4300-digits", fm("{value: 488,", "{value: " + "9" * 5000 + ","), [f"{Z}:7:11 wrong-type"]),
    ("float-infinite", fm("{value: 488,", "{value: .inf,"), [f"{Z}:7:11 wrong-type"]),
    # --- ids, names and places -------------------------------------------------------------
    ("id-uppercase-twin", {"kb/zones/Avangard.md": ZONE}, ["kb/zones/Avangard.md:1:1 bad-id"]),
    ("id-cyrillic-lookalike", {"kb/zones/аvangard.md": ZONE}, ["kb/zones/аvangard.md:1:1 bad-id"]),
    ("id-fullwidth", {"kb/zones/ａvangard.md": ZONE}, ["kb/zones/ａvangard.md:1:1 bad-id"]),
    ("id-space", {"kb/zones/new zone.md": ZONE}, ["kb/zones/new zone.md:1:1 bad-id"]),
    ("id-dots", {"kb/zones/a.b.md": ZONE}, ["kb/zones/a.b.md:1:1 bad-id"]),
    ("id-double-dot", {"kb/zones/avangard..md": ZONE}, ["kb/zones/avangard..md:1:1 bad-id"]),
    ("id-trailing-hyphen", {"kb/zones/avangard-.md": ZONE}, ["kb/zones/avangard-.md:1:1 bad-id"]),
    ("id-lang-uppercase", {"kb/zones/avangard.RU.md": ZONE}, ["kb/zones/avangard.RU.md:1:1 bad-id"]),
    ("file-in-kb-root", {"kb/avangard.md": ZONE}, ["kb/avangard.md:1:1 misplaced-file"]),
    ("file-in-subfolder", {"kb/zones/old/avangard.md": ZONE}, ["kb/zones/old:1:1 misplaced-file"]),
    ("file-not-markdown", {"kb/zones/avangard.yml": "title: x\n"}, ["kb/zones/avangard.yml:1:1 misplaced-file"]),
    ("unknown-collection", {"kb/Zones/avangard.md": ZONE}, ["kb/Zones:1:1 unknown-collection"]),
    ("unknown-collection-dotted", {"kb/zones.old/avangard.md": ZONE}, ["kb/zones.old:1:1 unknown-collection"]),
    (
        "translation-only",
        {"kb/zones/nowhere.ru.md": "---\ntitle: Нигде\n---\n## Обзор\n"},
        ["kb/zones/nowhere.ru.md:1:1 missing-translation"],
    ),
    # --- references ------------------------------------------------------------------------
    ("ref-dotdot", fm("type: industrial-production", "type: ../sez-types/industrial-production"), [f"{Z}:3:1 broken-ref"]),
    ("ref-absolute", fm("type: industrial-production", "type: /etc/passwd"), [f"{Z}:3:1 broken-ref"]),
    ("ref-with-extension", fm("type: industrial-production", "type: industrial-production.md"), [f"{Z}:3:1 broken-ref"]),
    ("ref-wrong-case", fm("measures: [frp-loans]", "measures: [FRP-loans]"), [f"{Z}:10:12 broken-ref"]),
    ("ref-lookalike", fm("measures: [frp-loans]", "measures: [frр-loans]"), [f"{Z}:10:12 broken-ref"]),
    ("source-id-not-text", fm("{id: s1,", "{id: 1,"), [f"{Z}:13:6 wrong-type", f"{Z}:7:39 unknown-source"]),
    ("link-escapes-kb", body("[x](../../../../etc/passwd.md)"), [f"{Z}:19:5 broken-link"]),
    ("link-absolute", body("[x](/kb/zones/avangard.md)"), [f"{Z}:19:5 broken-link"]),
    ("link-missing", body("[x](../zones/nowhere.md)"), [f"{Z}:19:5 broken-link"]),
    ("link-wrong-collection-case", body("[x](../Zones/avangard.md)"), [f"{Z}:19:5 broken-link"]),
    # --- HTML that runs code ---------------------------------------------------------------
    ("script-upper", body("<SCRIPT SRC=//evil.example/x.js></SCRIPT>"), [f"{Z}:19:1 unsafe-html"]),
    ("script-spaced", body("< script >alert(1)</script>"), [f"{Z}:19:1 unsafe-html"]),
    ("script-split-over-lines", body("<script\n>alert(1)</script>"), [f"{Z}:19:1 unsafe-html"]),
    ("script-nested-name", body("<scr<script>ipt>alert(1)</script>"), [f"{Z}:19:5 unsafe-html"]),
    ("iframe-srcdoc", body('<iframe srcdoc="<script>alert(1)</script>"></iframe>'), [f"{Z}:19:1 unsafe-html"]),
    ("object", body("<object data=x.swf></object>"), [f"{Z}:19:1 unsafe-html"]),
    ("embed", body("<embed src=x.swf>"), [f"{Z}:19:1 unsafe-html"]),
    ("svg-onload", body("<svg/onload=alert(1)>"), [f"{Z}:19:1 unsafe-html"]),
    ("base-href", body('<base href="https://evil.example/">'), [f"{Z}:19:1 unsafe-html"]),
    ("meta-refresh", body('<meta http-equiv=refresh content="0;url=javascript:alert(1)">'), [f"{Z}:19:1 unsafe-html"]),
    ("style-element", body("<style>body{background:url(javascript:alert(1))}</style>"), [f"{Z}:19:1 unsafe-html"]),
    ("form-action", body('<form action="javascript:alert(1)"><button>x</button></form>'), [f"{Z}:19:1 unsafe-html"]),
    ("onerror-unquoted", body("<img src=x alt=map onerror=alert(1)>"), [f"{Z}:19:1 unsafe-html"]),
    ("onclick-spaced-upper", body('<a href="#" ONCLICK  =  "alert(1)">x</a>'), [f"{Z}:19:1 unsafe-html"]),
    ("onclick-after-slash", body("<a/onclick=alert(1)>x</a>"), [f"{Z}:19:1 unsafe-html"]),
    ("onmouseover-next-line", body("<span\nonmouseover=alert(1)>x</span>"), [f"{Z}:19:1 unsafe-html"]),
    ("onclick-after-quoted-gt", body('<a title="a>b" onclick="alert(1)">x</a>'), [f"{Z}:19:1 unsafe-html"]),
    ("onclick-no-space-after-quote", body('<img alt="x"src=x onerror=alert(1)>'), [f"{Z}:19:1 unsafe-html"]),
    ("script-after-escaped-backtick", body("\\`<script>alert(1)</script>\\`"), [f"{Z}:19:3 unsafe-html"]),
    ("script-in-html-block-backticks", body("<div>`<script>alert(1)</script>`</div>"), [f"{Z}:19:7 unsafe-html"]),
    ("script-after-unclosed-fence-run", body("````\n<script>alert(1)</script>\n````"), [f"{Z}:20:1 unsafe-html"]),
    # --- addresses that run code -----------------------------------------------------------
    ("js-inline", body("[x](javascript:alert(1))"), [f"{Z}:19:5 unsafe-url"]),
    ("js-inline-angle", body("[x](<javascript:alert(1)>)"), [f"{Z}:19:6 unsafe-url"]),
    ("js-inline-spaces", body('[x](   javascript:alert(1) "t" )'), [f"{Z}:19:8 unsafe-url"]),
    ("js-image", body("![map](javascript:alert(1))"), [f"{Z}:19:8 unsafe-url"]),
    ("js-nested-brackets", body("[a [b] c](javascript:alert(1))"), [f"{Z}:19:11 unsafe-url"]),
    ("js-text-over-lines", body("[a\nb](javascript:alert(1))"), [f"{Z}:20:4 unsafe-url"]),
    ("js-reference", body("[x][r]\n\n[r]: javascript:alert(1)"), [f"{Z}:21:6 unsafe-url"]),
    ("js-reference-next-line", body("[x][r]\n\n[r]:\n    javascript:alert(1)"), [f"{Z}:22:5 unsafe-url"]),
    ("js-reference-in-quote", body("> [x][r]\n>\n> [r]: javascript:alert(1)"), [f"{Z}:21:8 unsafe-url"]),
    ("js-reference-in-list", body("- [x][r]\n\n    [r]: javascript:alert(1)"), [f"{Z}:21:10 unsafe-url"]),
    ("js-reference-titled", body('[x][r]\n\n[r]: <javascript:alert(1)> "title"'), [f"{Z}:21:7 unsafe-url"]),
    ("js-autolink", body("<javascript:alert(1)>"), [f"{Z}:19:2 unsafe-url"]),
    ("js-decimal-entity", body("[x](&#106;avascript:alert(1))"), [f"{Z}:19:5 unsafe-url"]),
    ("js-decimal-entity-padded", body("[x](&#0000106&#0000097vascript:alert(1))"), [f"{Z}:19:5 unsafe-url"]),
    ("js-hex-entity", body("[x](&#x6A;&#X61;vascript:alert(1))"), [f"{Z}:19:5 unsafe-url"]),
    ("js-named-colon", body("[x](javascript&colon;alert(1))"), [f"{Z}:19:5 unsafe-url"]),
    ("js-tab-entity", body("[x](java&#9;script:alert(1))"), [f"{Z}:19:5 unsafe-url"]),
    ("js-newline-entity", body("[x](java&#x0A;script:alert(1))"), [f"{Z}:19:5 unsafe-url"]),
    ("js-href-tab-inside", body('<a href="java\tscript:alert(1)">x</a>'), [f"{Z}:19:1 unsafe-url"]),
    ("js-href-newline-inside", body('<a href="java\nscript:alert(1)">x</a>'), [f"{Z}:19:1 unsafe-url"]),
    ("js-href-leading-space", body('<a href="  \x01javascript:alert(1)">x</a>'), [f"{Z}:19:1 unsafe-url"]),
    ("js-href-entity-hex", body('<a href="&#x6a;avascript:alert(1)">x</a>'), [f"{Z}:19:1 unsafe-url"]),
    ("js-href-unquoted", body("<a href=javascript:alert(1)>x</a>"), [f"{Z}:19:1 unsafe-url"]),
    ("data-url", body("[x](data:text/html,<script>alert(1)</script>)"), [f"{Z}:19:5 unsafe-url"]),
    ("data-url-image", body("![map](data:image/svg+xml;base64,PHN2Zz4=)"), [f"{Z}:19:8 unsafe-url"]),
    ("vbscript-url", body("[x](VBScript:MsgBox(1))"), [f"{Z}:19:5 unsafe-url"]),
    ("vbscript-href", body("<a href='vbscript:msgbox(1)'>x</a>"), [f"{Z}:19:1 unsafe-url"]),
]


@pytest.mark.parametrize("change,expected", [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS])
def test_hostile_input_is_reported(project, change, expected):
    """Each bad input ends in its rule at its place, quickly, and never in an exception."""
    problems = timed_problems(project({**FILES, **change}))
    assert set(expected) <= located(problems), sorted(located(problems))


def test_corpus_is_large_enough():
    """The issue asks for at least 50 bad inputs; each one names its expected problems."""
    assert len(CORPUS) >= 50 and all(c[2] for c in CORPUS)
    assert len({c[0] for c in CORPUS}) == len(CORPUS)


# --- special files ----------------------------------------------------------------------------


def test_symlinked_file_folder_and_collection(project, tmp_path):
    """Symbolic links under kb/, to a file, to a folder and as a collection, are reported, never followed."""
    root = project(FILES)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(ZONE)
    (root / "kb/zones/linked.md").symlink_to(outside / "secret.md")
    (root / "kb/zones/folder").symlink_to(outside)
    (root / "kb/glossary").symlink_to(outside)
    assert {"kb/zones/linked.md:1:1 symlink", "kb/zones/folder:1:1 symlink", "kb/glossary:1:1 symlink"} <= located(timed_problems(root))


def test_symlinked_settings_are_not_read(project, tmp_path):
    """kb.yml and vocabularies are not read through a symbolic link either."""
    root = project(FILES)
    (tmp_path / "elsewhere.yml").write_text((root / "kb/vocabularies/zone-statuses.yml").read_text())
    (root / "kb/vocabularies/zone-statuses.yml").unlink()
    (root / "kb/vocabularies/zone-statuses.yml").symlink_to(tmp_path / "elsewhere.yml")
    assert "kb/vocabularies/zone-statuses.yml:1:1 symlink" in located(timed_problems(root))


def test_fifo_does_not_hang(project):
    """A named pipe where an entry should be is reported, not opened (opening it would wait forever)."""
    root = project(FILES)
    os.mkfifo(root / "kb/zones/pipe.md")
    assert "kb/zones/pipe.md:1:1 unreadable" in located(timed_problems(root))


# --- wrong types in every field of every collection -----------------------------------------


def _wrong_type_cases() -> list[tuple[str, str, str]]:
    """(collection, field, YAML value of the wrong type) for every field of every schema."""
    cases = []
    for path in sorted((SAMPLE / "kb/schemas").glob("*.schema.yml")):
        if path.name.startswith("_"):
            continue
        schema = yaml.safe_load(path.read_text())
        defs = {**yaml.safe_load((SAMPLE / "kb/schemas/_defs.schema.yml").read_text()).get("$defs", {}), **schema.get("$defs", {})}
        for name, prop in (schema.get("properties") or {}).items():
            ref = prop.get("$ref", "").rsplit("/", 1)[-1]
            types = prop.get("type") or defs.get(ref, {}).get("type") or "object"
            types = types if isinstance(types, list) else [types]
            # a nested mapping is wrong for text, numbers, lists and booleans; text is wrong for mappings
            value = "'not a mapping'" if "object" in types else "{wrong: [1]}"
            cases.append((path.name.split(".")[0], name, value))
    return cases


WRONG_TYPES = _wrong_type_cases()


@pytest.mark.parametrize("collection,field,value", WRONG_TYPES, ids=[f"{c}.{f}" for c, f, _ in WRONG_TYPES])
def test_wrong_type_in_every_field(project, collection, field, value):
    """A value of the wrong kind in any field is a located problem of that field (wrong-type or a kin)."""
    rel = f"kb/{collection}/probe.md"
    root = project({**FILES, rel: f"---\n{field}: {value}\n---\n## Overview\n"})
    mine = [p for p in timed_problems(root) if p.path == rel and p.line == 2]
    assert mine, f"no problem reported for {field}: {value}"
    # wrong-type, or the field's own rule (no-source for sources, not-allowed for a vocabulary)
    assert {p.rule for p in mine} <= {"wrong-type", "no-source", "not-allowed", "bad-value"}, [p.format() for p in mine]
    assert all(p.message.startswith(field) for p in mine), [p.format() for p in mine]


def test_every_collection_field_was_tried():
    """The wrong-type table covers every field of the real schemas (so a new field is covered too)."""
    assert len(WRONG_TYPES) > 40
    assert {c for c, _, _ in WRONG_TYPES} == set(yaml.safe_load((SAMPLE / "kb/kb.yml").read_text())["collections"])


# --- caps and time bounds ------------------------------------------------------------------------

# 250 KB of text built to make a careless regex backtrack; each must be checked within a second
# or two. Before the patterns were rewritten, the first eight each took more than 20 s.
N = 250_000
ADVERSARIAL = {
    "open-brackets": "[" * N,
    "unclosed-tags": "<a " * (N // 3),
    "unclosed-autolinks": "<a:" * (N // 3),
    "unclosed-fences": "```x\n" * (N // 5),
    "link-then-spaces": "[x](" + " " * N,
    "heading-then-spaces": "## a" + " " * N + "b",
    "unclosed-quotes-1": "<a '" * (N // 4),
    "unclosed-quotes-2": '<a title="' * (N // 10),
    "backticks": "`" * N,
    "reference-defs": "[x]: " * (N // 5),
    "link-destinations": "](" * (N // 2),
    "many-scripts": "<script>" * (N // 8),
    "many-empty-images": "![](x)\n" * (N // 7),
    "entities": "[x](" + "&#" * (N // 2) + ")",
    "nested-emphasis": "*_" * (N // 2),
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_adversarial_body_is_checked_quickly(project, name):
    """A body built to make the checks' patterns backtrack is checked in about the time of a
    plain body of the same size, measured in the same run (a ratio, not a wall time: the
    machines are shared). Backtracking would make it hundreds of times slower."""
    size = MAX_FILE_BYTES - len(ZONE) - 100

    def check(text: str) -> tuple[float, list]:
        root = project({**FILES, Z: ZONE + "\n" + text[:size]})
        started = time.perf_counter()
        problems = check_kb(load_kb(root), today=TODAY_DATE).problems
        return time.perf_counter() - started, problems

    plain, _ = check("plain words of a body, " * (size // 23 + 1))
    hostile, problems = check(ADVERSARIAL[name])
    assert hostile < 25 * max(plain, 0.05), f"{name}: {hostile:.2f} s against {plain:.2f} s for a plain body"
    assert isinstance(problems, list)


@pytest.mark.parametrize("size,rule", [(MAX_FILE_BYTES, None), (MAX_FILE_BYTES + 1, "file-too-large")])
def test_file_size_cap(project, size, rule):
    """The cap on a file's size is exact: at the cap it is read, one byte over it is refused."""
    text = ZONE + "x" * (size - len(ZONE.encode()) - 1) + "\n"
    assert len(text.encode()) == size
    rules = {p.rule for p in timed_problems(project({**FILES, Z: text})) if p.path == Z}
    assert (rule in rules) if rule else "file-too-large" not in rules


def test_node_and_depth_caps(project):
    """The caps on values and nesting are exact too."""
    at_cap = fm("title: Avangard\n", "title: Avangard\nx: [" + ", ".join(["1"] * (MAX_NODES - 40)) + "]\n")
    assert "too-complex" not in {p.rule for p in timed_problems(project({**FILES, **at_cap}))}
    # the field itself is the first level: x: [[1]] is nested three deep
    nested = "x: " + "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1) + "\n"
    too_deep = "x: " + "[" * MAX_DEPTH + "1" + "]" * MAX_DEPTH + "\n"
    assert "too-complex" not in {
        p.rule for p in timed_problems(project({**FILES, **fm("title: Avangard\n", "title: Avangard\n" + nested)}))
    }
    assert "too-complex" in {p.rule for p in timed_problems(project({**FILES, **fm("title: Avangard\n", "title: Avangard\n" + too_deep)}))}


# --- properties: whatever the input, a list of problems ------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.dates().map(str),
    st.sampled_from(["industrial-production", "frp-loans", "RU-OMS", "s1", "https://x.org/"]),
)
keys = st.one_of(
    st.sampled_from(
        [
            "title",
            "type",
            "region",
            "status",
            "sources",
            "area_ha",
            "value",
            "as_of",
            "source",
            "coordinates",
            "measures",
            "unconfirmed",
            "reviewed",
            "id",
            "url",
            "read",
        ]
    ),
    st.text(max_size=10),
)
values = st.recursive(
    scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)), max_leaves=25
)
MARKUP = st.lists(
    st.sampled_from(list("[]()<>!`~#*_-:;&=\"' \n\t/\\x1aj") + ["javascript:", "<script>", "](", "```", "&#106;", "on", "http://"]),
    max_size=120,
).map("".join)
PROPERTY = settings()  # the loaded profile (conftest): fixed seed in `make test`, long and random in `make fuzz`


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return write_project(tmp_path_factory.mktemp("scratch"), FILES)


def _check(root: Path, content: str | bytes) -> list:
    path = root / Z
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    kb, _ = pipeline(root, TODAY)  # checked, then every page rendered: no exception anywhere
    assert all(p.line >= 1 and p.col >= 1 and p.path.startswith("kb/") for p in kb.problems)
    return kb.problems


@PROPERTY
@given(front=st.dictionaries(keys, values, max_size=8), text=MARKUP)
def test_any_front_matter_and_body_give_problems_not_exceptions(scratch, front, text):
    """Any YAML values as front matter, with any Markdown-ish body, end in a list of problems."""
    dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    _check(scratch, "---\n" + dumped + "---\n## Overview\n\n" + text + "\n")


@PROPERTY
@given(front=values)
def test_any_yaml_value_as_a_field(scratch, front):
    """Any value in place of the zone's facts ends in problems, whatever its shape."""
    _check(
        scratch,
        ZONE.replace(
            "area_ha: {value: 488, as_of: 2025-08, source: s1}", "area_ha: " + yaml.safe_dump(front, default_flow_style=True).strip()
        ),
    )


@PROPERTY
@given(text=st.text(max_size=400))
def test_any_text_gives_problems(scratch, text):
    """Any text at all as an entry file is read or refused with problems."""
    _check(scratch, "---\n" + text if text[:1] != "-" else text)


@PROPERTY
@given(raw=st.binary(max_size=400))
def test_any_bytes_give_problems(scratch, raw):
    """Any bytes at all as an entry file are refused or read, never raise."""
    _check(scratch, raw)


@settings(max_examples=8)
@given(text=st.one_of(st.text(max_size=200), MARKUP))
def test_kb_check_exits_0_1_or_2(scratch, text):
    """`kb check` on any entry text exits 0, 1 or 2 within its time, and prints no traceback."""
    (scratch / Z).write_text("---\n" + text, encoding="utf-8", errors="surrogatepass")
    result = run_kb(scratch, "check", "--today", TODAY)
    assert result.returncode in (0, 1, 2)
    assert "Traceback" not in result.stderr


# --- the build: nothing lost, the same twice, no script ---------------------------------------------

HOSTILE_TEXT = """---
title: "</title><script>alert('title')</script> Avangard"
type: industrial-production
region: RU-OMS
status: operating
aliases: {en: ["<img src=x onerror=alert(1)>"]}
sources:
  - {id: s1, title: "<b onmouseover=alert(1)>News</b>", url: "https://omsk.rbc.ru/?a=1&b=<2>", read: 2026-11-01}
reviewed: 2026-11-01
---
## Overview

An industrial zone in [Omsk](../regions/omsk.md); see [the fund](https://frprf.ru/) and <https://example.org/>.
"""


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory) -> tuple[Path, Path]:
    """The sample base, with front-matter text carrying HTML, built strictly once: (project, site)."""
    root = write_project(tmp_path_factory.mktemp("sample"), {**FILES, Z: HOSTILE_TEXT}, with_docs=True)
    site = root.parent / "site-a"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return root, site


def _html_pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def test_front_matter_html_is_escaped_in_pages(sample_build):
    """HTML in front-matter text reaches the pages as text, never as markup."""
    _, site = sample_build
    pages = _html_pages(site)
    zone = pages["zones/avangard/index.html"]
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(" in zone  # Material's striptags would unescape it
    assert "&lt;script&gt;alert(" in _content(zone)
    for uri, html in pages.items():
        assert "<script>alert(" not in html, uri
        assert "onerror=alert" not in html.replace("onerror=alert(1)&gt;", ""), uri
        assert "<b onmouseover" not in html, uri
        assert "<script" not in _content(html), uri  # content holds no script element at all


def _content(html: str) -> str:
    """The article of a Material page: where the Markdown of the page ends up."""
    m = re.search(r'<article class="md-content__inner md-typeset"[^>]*>(.*?)</article>', html, re.S)
    return m.group(1) if m else ""


def test_external_links_carry_rel(sample_build):
    """Markdown links and autolinks to other sites carry rel="noopener noreferrer"; links inside the site do not."""
    _, site = sample_build
    article = _content(_html_pages(site)["zones/avangard/index.html"])
    links = re.findall(r"<a [^>]*>", article)
    # the body's Markdown link and autolink, and the link of a source rendered from front matter
    for url in ("https://frprf.ru/", "https://example.org/", "https://omsk.rbc.ru/?a=1&amp;b=&lt;2&gt;"):
        found = [a for a in links if f'href="{url}"' in a]
        assert found and all('rel="noopener noreferrer"' in a for a in found), (url, found)
    internal = [a for a in links if 'href="../../regions/omsk/"' in a or 'href="#' in a]
    assert internal and not [a for a in internal if "rel=" in a]


def test_script_hidden_from_the_patterns_is_caught_and_removed(project, tmp_path):
    """Raw HTML that the text patterns cannot see (a script in backticks inside an HTML block) is
    found in the rendered text by `kb check`, fails the strict build, and is removed from the page."""
    hidden = "<div>\n`<script>alert(1)</script>`\n</div>"
    root = project({**FILES, **body(hidden)}, with_docs=True)
    problems = check_kb(load_kb(root), today=TODAY_DATE).problems
    assert [(p.path, p.rule, p.message) for p in problems] == [(Z, "unsafe-html", "<script> is not allowed in an entry")]
    assert build_site(root, tmp_path / "out").returncode == 1
    preview = build_site(root, tmp_path / "preview", "--no-strict")
    assert preview.returncode == 0 and "alert(1)" not in _content((tmp_path / "preview/zones/avangard/index.html").read_text())


@pytest.mark.parametrize(
    "html,found",
    [
        ('<script type="application/json">{"a": 1}</script>', ["<script> is not allowed in an entry"]),
        ("<SCRIPT>x</SCRIPT>", ["<script> is not allowed in an entry"]),
        ('<svg viewBox="0 0 1 1"><circle r="1"/></svg>', ["<svg> is not allowed in an entry", "<circle> is not allowed in an entry"]),
        (
            '<a href="java&#x09;script:x">y</a>',
            ["href 'java\tscript:x' uses the 'javascript:' scheme; only http(s), mailto and relative links are allowed"],
        ),
        ("<img src=x onerror=y>", ["the event-handler attribute 'onerror' is not allowed in an entry"]),
        ("<p>&lt;script&gt;</p>", []),
    ],
)
def test_removals(html, found):
    """What the contributors' policy removes, told to the editor: elements, handlers, code addresses; escaped text is text."""
    assert [message for _, _, message in removals(html, CONTENT)] == found


def _snapshot(root: Path) -> dict[str, tuple[str, int]]:
    return {
        p.relative_to(root).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for folder in ("kb", "docs")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


def test_check_and_build_change_no_source_file(project, tmp_path):
    """`kb check` and a full build neither modify nor delete nor add a file under kb/ or docs/."""
    root = project({**FILES, **body("[x](../zones/nowhere.md)")}, with_docs=True)
    before = _snapshot(root)
    assert run_kb(root, "check", "--today", TODAY).returncode == 1
    build_site(root, tmp_path / "out")
    shutil.rmtree(tmp_path / "out", ignore_errors=True)
    root2 = write_project(tmp_path / "clean", FILES, with_docs=True)
    before2 = _snapshot(root2)
    assert build_site(root2, tmp_path / "out2").returncode == 0
    assert _snapshot(root) == before
    assert _snapshot(root2) == before2


# Files that legitimately differ between two builds of the same commit. Keep this list short and
# say why for each.
# (None today: MkDocs 1.6 writes sitemap.xml.gz with a fixed gzip time, catalog.json is sorted,
# the pages carry no build date, and kb.adapters.mkdocs_hook sorts Pagefind's pagefind-entry.json.)
UNAVOIDABLY_DIFFERENT: dict[str, str] = {}


def test_two_builds_are_identical(sample_build, tmp_path):
    """Building the same project twice gives the same files, byte for byte, except the listed ones."""
    root, first = sample_build
    second = tmp_path / "site-b"
    assert build_site(root, second).returncode == 0
    files_a = {p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file()}
    files_b = {p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()}
    assert files_a == files_b
    different = sorted(f for f in files_a if (first / f).read_bytes() != (second / f).read_bytes())
    assert different == sorted(f for f in UNAVOIDABLY_DIFFERENT if f in files_a)


# --- Content-Security-Policy -------------------------------------------------------------------------

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def test_every_inline_script_is_allowed_by_the_policy(sample_build):
    """Every page has the policy; every inline script after it is allowed by its hash, and the only
    one before it is Material's __md_scope bootstrap. No inline styles or event handlers exist, so
    the policy allows none."""
    _, site = sample_build
    pages = _html_pages(site)
    assert len(pages) > 20
    for uri, html in pages.items():
        meta = _CSP.search(html)
        assert meta, f"{uri} has no Content-Security-Policy"
        policy = dict(part.strip().split(" ", 1) for part in meta.group(1).split(";"))
        assert "'unsafe-inline'" not in policy["script-src"] and policy["object-src"] == "'none'"
        allowed = set(re.findall(r"'(sha256-[^']+)'", policy["script-src"]))
        for m in _SCRIPT.finditer(re.sub(r"<title>.*?</title>", "", html, flags=re.S)):
            attrs, code = m.group(1), m.group(2)
            if "src=" in attrs or re.search(r'type="application/(ld\+)?json"', attrs):
                continue
            digest = "sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
            if m.start() < meta.start():
                assert code.startswith("__md_scope=new URL("), f"{uri}: an inline script before the policy"
            else:
                assert digest in allowed, f"{uri}: inline script {code[:60]!r} ({digest}) is not allowed by the policy"
        assert not re.search(r"<[a-z][^>]*\sstyle=", html), f"{uri}: an inline style attribute, which style-src 'self' blocks"
        assert not re.search(r"<[a-z][^>]*\son[a-z]+=", html), f"{uri}: an event-handler attribute"
