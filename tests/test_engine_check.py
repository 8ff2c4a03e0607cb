"""The checks: each rule's exact message and location, a broken-everything entry, the CLI."""

from __future__ import annotations

import pytest

from conftest import problems_of as all_problems
from conftest import run_kb
from kb.core.rules import RULES
from sample_kb import FILES, TODAY, ZONE

ZONE_PATH = "kb/zones/avangard.md"


def problems_of(root, only=None) -> list[str]:
    return [p.format() for p in all_problems(root, TODAY, only)]


def with_zone(project, old: str, new: str):
    assert old in ZONE, old
    return project({**FILES, ZONE_PATH: ZONE.replace(old, new, 1)})


def test_sample_is_clean(project):
    """The sample knowledge base has no problem at all."""
    assert problems_of(project(FILES)) == []


# (what to replace in the valid zone, what to put instead, the exact expected problem)
FIELD_CASES = [
    (
        "region: RU-OMS\n",
        "region: RU-OMSK\n",
        "kb/zones/avangard.md:4:1: error [not-allowed] region must be one of the values of vocabulary 'regions': RU-AD, RU-AL, RU-BA, RU-BU, RU-CE, RU-CU, RU-DA, RU-IN, RU-KB, RU-KL, RU-KC, RU-KR, … (83 in all; see the editors' reference) (got 'RU-OMSK'); did you mean 'RU-OMS'?",
    ),
    (
        "status: operating",
        "status: active",
        "kb/zones/avangard.md:5:1: error [not-allowed] status must be one of the values of vocabulary 'zone-statuses': operating, being-created, planned, closed (got 'active')",
    ),
    (
        "established: 2020-12",
        "establshed: 2020-12",
        "kb/zones/avangard.md:6:1: error [unknown-field] 'establshed' is not a field of zones; did you mean 'established'?",
    ),
    (
        "established: 2020-12",
        "established: 2020-13",
        "kb/zones/avangard.md:6:1: error [bad-format] established must be a date written YYYY, YYYY-MM or YYYY-MM-DD (got '2020-13')",
    ),
    (
        "established: 2020-12",
        "established: 30.12.2020",
        "kb/zones/avangard.md:6:1: error [bad-format] established must be a date written YYYY, YYYY-MM or YYYY-MM-DD (got '30.12.2020')",
    ),
    (
        "established: 2020-12",
        "established: 2027-01",
        "kb/zones/avangard.md:6:1: error [future-date] established is 2027-01, a date in the future",
    ),
    (
        "{value: 488,",
        "{value: about 488,",
        "kb/zones/avangard.md:7:11: error [wrong-type] area_ha.value must be a number (got 'about 488')",
    ),
    ("{value: 488,", "{value: -5,", "kb/zones/avangard.md:7:11: error [out-of-range] area_ha.value must be at least 0 (got -5)"),
    (
        "{value: 488, as_of: 2025-08, source: s1}",
        "{value: 488}",
        "kb/zones/avangard.md:7:1: error [missing-field] 'as_of' is required to area_ha",
    ),
    (
        "{value: 488, as_of: 2025-08, source: s1}",
        "{value: 488, as_of: 2025-08, source: s9}",
        "kb/zones/avangard.md:7:39: error [unknown-source] area_ha.source names 's9' but sources have ids: s1, s2",
    ),
    (
        "{value: 488, as_of: 2025-08, source: s1}",
        "{value: 488, as_of: 2025-08, when: x}",
        "kb/zones/avangard.md:7:39: error [unknown-field] 'when' is not a field of area_ha",
    ),
    (
        "residents: {value: 10, as_of: 2025-09, source: s2, unconfirmed: true}",
        "residents: 10",
        "kb/zones/avangard.md:8:1: error [wrong-type] residents must be a set of 'key: value' fields (got 10); write e.g. 'residents: {value: 10, as_of: 2025-09, source: s1}'",
    ),
    (
        "coordinates: [55.03, 73.29]",
        "coordinates: [95, 73.29]",
        "kb/zones/avangard.md:9:15: error [out-of-range] coordinates[1] must be at most 90 (got 95)",
    ),
    (
        "coordinates: [55.03, 73.29]",
        "coordinates: [55.03]",
        "kb/zones/avangard.md:9:1: error [out-of-range] coordinates must list at least 2 items",
    ),
    (
        "coordinates: [55.03, 73.29]",
        "coordinates: 55.03, 73.29",
        "kb/zones/avangard.md:9:1: error [wrong-type] coordinates must be a list (got '55.03, 73.29'); write e.g. 'coordinates: [54.99, 73.37]'",
    ),
    (
        "type: industrial-production",
        "type: industrial",
        "kb/zones/avangard.md:3:1: error [broken-ref] type names 'industrial' but there is no such entry in sez-types; did you mean 'industrial-production'?",
    ),
    (
        "measures: [frp-loans]",
        "measures: [frp-loan]",
        "kb/zones/avangard.md:10:12: error [broken-ref] measures[1] names 'frp-loan' but there is no such entry in measures; did you mean 'frp-loans'?",
    ),
    (
        "measures: [frp-loans]",
        "measures: frp-loans",
        "kb/zones/avangard.md:10:1: error [wrong-type] measures must be a list (got 'frp-loans')",
    ),
    (
        "unconfirmed: [established]",
        "unconfirmed: [establshed]",
        "kb/zones/avangard.md:11:15: error [unknown-field-name] unconfirmed[1] names 'establshed', which is not a field of this entry; did you mean 'established'?",
    ),
    (
        "reviewed: 2026-11-01",
        "reviewed: 2026-11-31",
        "kb/zones/avangard.md:15:1: error [bad-format] reviewed must be a date written YYYY-MM-DD (got '2026-11-31')",
    ),
    (
        "reviewed: 2026-11-01",
        "reviewed: 2025-10-01",
        "kb/zones/avangard.md:15:1: warning [stale-review] reviewed is 2025-10-01, more than 12 months ago; check the facts and update it",
    ),
    (
        "reviewed: 2026-11-01",
        "reviewed: 2026-12-01",
        "kb/zones/avangard.md:15:1: error [future-date] reviewed is 2026-12-01, a date in the future",
    ),
    (
        'url: "https://omsk.rbc.ru/"',
        "url: omsk.rbc.ru",
        "kb/zones/avangard.md:13:31: error [bad-format] sources[1].url must be a web address starting with https:// or http:// (got 'omsk.rbc.ru')",
    ),
    (
        '{id: s1, title: Omsk RBC, url: "https://omsk.rbc.ru/", read: 2026-11-01}',
        "{id: s1, title: Omsk RBC, read: 2026-11-01}",
        "kb/zones/avangard.md:13:5: error [missing-field] 'url' is required to sources[1]",
    ),
    (
        '{id: s1, title: Omsk RBC, url: "https://omsk.rbc.ru/", read: 2026-11-01}',
        '{id: S 1, title: Omsk RBC, url: "https://omsk.rbc.ru/", read: 2026-11-01}',
        "kb/zones/avangard.md:13:6: error [bad-format] sources[1].id must be a short id of lowercase letters, digits and hyphens, e.g. s1 (got 'S 1')",
    ),
    (
        "title: Avangard\n",
        "",
        "kb/zones/avangard.md:1:1: error [missing-field] 'title' is required (Name of the zone in English, e.g. \"Avangard\")",
    ),
    (
        "status: operating\n",
        "",
        "kb/zones/avangard.md:1:1: error [missing-field] 'status' is required (Where the zone stands now); add e.g. 'status: operating'",
    ),
    (
        "region: RU-OMS\n",
        "region: RU-OMS\nregion: RU-TA\n",
        "kb/zones/avangard.md:5:1: error [duplicate-key] 'region' is given twice (first on line 4); keep one",
    ),
    (
        "title: Avangard\n",
        "title: Avangard\n\ttype: x\n",
        "kb/zones/avangard.md:3:1: error [tab] front matter must be indented with spaces, not tabs",
    ),
    (
        "title: Avangard\n",
        "title: Avangard: the zone\n",
        "kb/zones/avangard.md:2:16: error [yaml-syntax] front matter is not valid YAML: mapping values are not allowed in this context",
    ),
    (
        "title: Avangard\n",
        "title: !!python/object/apply:os.system [ls]\n",
        "kb/zones/avangard.md:2:8: error [yaml-tag] YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; write a plain value",
    ),
    (
        "title: Avangard\n",
        "title: &t Avangard\naliases: {en: [*t]}\n",
        "kb/zones/avangard.md:2:8: error [yaml-alias] front matter must not use YAML anchors and aliases (& and *); write the value out",
    ),
]


@pytest.mark.parametrize("old,new,expected", FIELD_CASES, ids=[c[2].split("[")[1].split("]")[0] + ":" + c[1][:20] for c in FIELD_CASES])
def test_front_matter_rule(project, old, new, expected):
    """Each front-matter mistake is reported with its rule, its line and column, and a precise message."""
    assert expected in problems_of(with_zone(project, old, new))


BODY_CASES = [
    (
        "uses [FRP loans](../measures/frp-loans.md)",
        "uses [FRP loans](../measures/fpr-loans.md)",
        "kb/zones/avangard.md:19:72: error [broken-link] link '../measures/fpr-loans.md' points to no entry of measures; did you mean 'frp-loans'?",
    ),
    (
        "uses [FRP loans](../measures/frp-loans.md)",
        "uses [FRP loans](../measure/frp-loans.md)",
        "kb/zones/avangard.md:19:72: error [broken-link] link '../measure/frp-loans.md' points outside the collections; link entries as ../<collection>/<id>.md",
    ),
    (
        "## Overview\n",
        "## Overview\n\n<script>alert(1)</script>\n",
        "kb/zones/avangard.md:19:1: error [unsafe-html] <script> is not allowed in an entry",
    ),
    (
        "## Overview\n",
        '## Overview\n\n<IFRAME src="https://example.org"></IFRAME>\n',
        "kb/zones/avangard.md:19:1: error [unsafe-html] <iframe> is not allowed in an entry",
    ),
    (
        "## Overview\n",
        '## Overview\n\n<span onmouseover="steal()">x</span>\n',
        "kb/zones/avangard.md:19:1: error [unsafe-html] the event-handler attribute 'onmouseover' is not allowed in an entry",
    ),
    (
        "## Overview\n",
        "## Overview\n\n[click](javascript:alert(1))\n",
        "kb/zones/avangard.md:19:9: error [unsafe-url] link 'javascript:alert(1' uses the 'javascript:' scheme; only http(s), mailto and relative links are allowed",
    ),
    (
        "## Overview\n",
        "## Overview\n\n[click][x]\n\n[x]: JaVaScRiPt:alert(1)\n",
        "kb/zones/avangard.md:21:6: error [unsafe-url] link 'JaVaScRiPt:alert(1)' uses the 'javascript:' scheme; only http(s), mailto and relative links are allowed",
    ),
    (
        "## Overview\n",
        '## Overview\n\n<a href="&#106;avascript:alert(1)">x</a>\n',
        "kb/zones/avangard.md:19:1: error [unsafe-url] href '&#106;avascript:alert(1)' uses the 'javascript:' scheme; only http(s), mailto and relative links are allowed",
    ),
    (
        "## Overview\n",
        "## Overview\n\n[data](data:text/html;base64,PHNjcmlwdD4=)\n",
        "kb/zones/avangard.md:19:8: error [unsafe-url] link 'data:text/html;base64,PHNjcmlwdD4=' uses the 'data:' scheme; only http(s), mailto and relative links are allowed",
    ),
    (
        "## Overview\n",
        "## Overview\n\n![](map.png)\n",
        "kb/zones/avangard.md:19:5: error [image-alt] the image 'map.png' needs alternative text: ![what it shows](map.png)",
    ),
    (
        "## Overview\n",
        '## Overview\n\n<img src="map.png">\n',
        "kb/zones/avangard.md:19:1: error [image-alt] the <img> needs a non-empty alt attribute describing what it shows",
    ),
    (
        "## Overview\n",
        "## Overview\n\nAs reported [s1][s9].\n",
        "kb/zones/avangard.md:19:17: error [unknown-source] the text cites [s9] but sources have ids: s1, s2",
    ),
    ("## Overview\n", "## Background\n", "kb/zones/avangard.md:17:1: error [missing-section] the text must have a section '## Overview'"),
]


@pytest.mark.parametrize("old,new,expected", BODY_CASES, ids=[c[2].split("[")[1].split("]")[0] for c in BODY_CASES])
def test_body_rule(project, old, new, expected):
    """Each mistake in an entry's text is reported with its rule and exact position."""
    assert expected in problems_of(with_zone(project, old, new))


def test_code_is_not_checked_as_html(project):
    """HTML shown inside code is text, not markup: it is not reported."""
    root = with_zone(project, "## Overview\n", "## Overview\n\n`<script>` and\n\n```html\n<iframe onload=x>\n```\n")
    assert problems_of(root) == []


FILE_CASES = [
    (
        {"kb/zones/avangard.ru.md": None},
        "kb/zones/avangard.md:1:1: error [missing-translation] there is no ru text: create kb/zones/avangard.ru.md with a title and the same sections",
    ),
    (
        {"kb/zones/avangard.md": None},
        "kb/zones/avangard.ru.md:1:1: error [missing-translation] this translation has no main file; create kb/zones/avangard.md with the facts",
    ),
    (
        {"kb/zones/avangard.ru.md": "---\ntitle: Авангард\nregion: RU-OMS\n---\n## Обзор\n"},
        "kb/zones/avangard.ru.md:3:1: error [translation-fields] 'region' belongs in kb/zones/avangard.md; a translation holds only 'title' and the text",
    ),
    (
        {"kb/zones/avangard.ru.md": "---\n---\n## Обзор\n"},
        "kb/zones/avangard.ru.md:1:1: error [missing-field] 'title' is required: the entry's name in this language",
    ),
    (
        {"kb/zones/avangard.ru.md": "---\ntitle: Авангард\n---\n## Обзор\n\n## Ещё\n"},
        "kb/zones/avangard.ru.md:4:1: error [section-mismatch] the ru text has 2 sections (## headings) but the en text has 1; they must match",
    ),
    (
        {"kb/zones/avangard.ru.md": "---\ntitle: Авангард\n---\n## Введение\n"},
        "kb/zones/avangard.ru.md:4:1: error [missing-section] the text must have a section '## Обзор'",
    ),
    (
        {"kb/zones/Avangard_2.md": ZONE},
        "kb/zones/Avangard_2.md:1:1: error [bad-id] file name 'Avangard_2' must be an id: lowercase Latin letters, digits and single hyphens (e.g. 'main-site')",
    ),
    (
        {"kb/zones/аvangard.md": ZONE},
        "kb/zones/аvangard.md:1:1: error [bad-id] file name 'аvangard' must be an id: lowercase Latin letters, digits and single hyphens (e.g. 'main-site')",
    ),
    (
        {"kb/zones/avangard.de.md": ZONE},
        "kb/zones/avangard.de.md:1:1: error [bad-id] 'de' is not a translation language; name translations <id>.ru.md",
    ),
    (
        {"kb/zone/x.md": ZONE},
        "kb/zone:1:1: error [unknown-collection] 'zone' is not a collection; collections are: application-steps, glossary, measures, programme, regions, sez-types, zones; did you mean 'zones'?",
    ),
    (
        {"kb/zones/notes.txt": "x"},
        "kb/zones/notes.txt:1:1: error [misplaced-file] only Markdown entries (.md) belong in a collection folder",
    ),
    ({"kb/zones/old/x.md": ZONE}, "kb/zones/old:1:1: error [misplaced-file] kb/zones/ must not contain folders"),
    (
        {"kb/zones/avangard.md": "title: Avangard\n"},
        "kb/zones/avangard.md:1:1: error [front-matter] the file must start with front matter: a line '---', the fields, then a line '---'",
    ),
    (
        {"kb/zones/avangard.md": "---\ntitle: Avangard\n"},
        "kb/zones/avangard.md:1:1: error [front-matter] front matter is not closed: add a line '---' after the last field",
    ),
    (
        {"kb/zones/avangard.md": ""},
        "kb/zones/avangard.md:1:1: error [front-matter] the file is empty; an entry needs front matter and a body",
    ),
    (
        {"kb/zones/avangard.md": b"\xef\xbb\xbf" + ZONE.encode()},
        "kb/zones/avangard.md:1:1: error [bom] the file starts with a byte-order mark; save it as UTF-8 without BOM",
    ),
    (
        {"kb/zones/avangard.md": ZONE.replace("\n", "\r\n").encode()},
        "kb/zones/avangard.md:1:1: error [line-ends] the file must use LF line ends, not CRLF or CR (set your editor to LF)",
    ),
    (
        {"kb/zones/avangard.md": ZONE.replace("Avangard", "Avang\xe4rd").encode("latin-1")},
        "kb/zones/avangard.md:2:13: error [not-utf8] byte 0xe4 is not valid UTF-8; save the file as UTF-8",
    ),
    (
        {"kb/zones/avangard.md": "---\n- a\n- b\n---\n"},
        "kb/zones/avangard.md:2:1: error [front-matter] front matter must be a set of 'field: value' lines",
    ),
]


@pytest.mark.parametrize("change,expected", FILE_CASES, ids=[c[1].split("[")[1].split("]")[0] for c in FILE_CASES])
def test_file_rule(project, change, expected):
    """Problems with whole files (names, places, encodings, translations) are reported and located."""
    files = {**FILES, **{k: v for k, v in change.items() if v is not None}}
    for key, value in change.items():
        if value is None:
            files.pop(key)
    assert expected in problems_of(project(files))


def test_symlink_is_reported_not_followed(project, tmp_path):
    """A symbolic link under kb/ is an error and its target is never read."""
    root = project(FILES)
    (tmp_path / "secret.md").write_text(ZONE)
    (root / "kb" / "zones" / "linked.md").symlink_to(tmp_path / "secret.md")
    assert problems_of(root) == ["kb/zones/linked.md:1:1: error [symlink] symbolic links are not allowed under kb/; copy the content in"]


BROKEN_EVERYTHING = """---
title: Avangard
type: industrial
region: RU-OMSK
status: active
establshed: 2020-12-30
area_ha: {value: "about 160", as_of: 2025-08, source: s9}
coordinates: [95, 73.37]
website: ftp://example
region: RU-OMS
sources: []
reviewed: 2031-01-01
---
## Background

See [the fund](../measures/fpr-loans.md) and ![](map.png).
<script>alert(1)</script>
"""


def test_broken_everything_entry(project):
    """One entry with a mistake in every line gets every problem at once, in file order. A value
    that failed its schema is not checked further (area_ha's source is not looked up)."""
    root = project({**FILES, ZONE_PATH: BROKEN_EVERYTHING})
    assert problems_of(root, only={ZONE_PATH}) == [
        "kb/zones/avangard.md:3:1: error [broken-ref] type names 'industrial' but there is no such entry in sez-types; did you mean 'industrial-production'?",
        "kb/zones/avangard.md:4:1: error [not-allowed] region must be one of the values of vocabulary 'regions': RU-AD, RU-AL, RU-BA, RU-BU, RU-CE, RU-CU, RU-DA, RU-IN, RU-KB, RU-KL, RU-KC, RU-KR, … (83 in all; see the editors' reference) (got 'RU-OMSK'); did you mean 'RU-OMS'?",
        "kb/zones/avangard.md:5:1: error [not-allowed] status must be one of the values of vocabulary 'zone-statuses': operating, being-created, planned, closed (got 'active')",
        "kb/zones/avangard.md:6:1: error [unknown-field] 'establshed' is not a field of zones; did you mean 'established'?",
        "kb/zones/avangard.md:7:11: error [wrong-type] area_ha.value must be a number (got 'about 160')",
        "kb/zones/avangard.md:8:15: error [out-of-range] coordinates[1] must be at most 90 (got 95)",
        "kb/zones/avangard.md:9:1: error [bad-format] website must be a web address starting with https:// or http:// (got 'ftp://example')",
        "kb/zones/avangard.md:10:1: error [duplicate-key] 'region' is given twice (first on line 4); keep one",
        "kb/zones/avangard.md:11:1: error [no-source] sources must list at least 1 item",
        "kb/zones/avangard.md:12:1: error [future-date] reviewed is 2031-01-01, a date in the future",
        "kb/zones/avangard.md:14:1: error [missing-section] the text must have a section '## Overview'",
        "kb/zones/avangard.md:16:16: error [broken-link] link '../measures/fpr-loans.md' points to no entry of measures; did you mean 'frp-loans'?",
        "kb/zones/avangard.md:16:50: error [image-alt] the image 'map.png' needs alternative text: ![what it shows](map.png)",
        "kb/zones/avangard.md:17:1: error [unsafe-html] <script> is not allowed in an entry",
    ]


def test_every_reported_rule_is_documented(project):
    """Every rule the checks can emit is listed (with an example) for the editors' page."""
    root = project({**FILES, ZONE_PATH: BROKEN_EVERYTHING})
    rules = {p.rule for p in all_problems(root, TODAY)}
    assert rules <= set(RULES)
    for case in FIELD_CASES + BODY_CASES:
        assert case[2].split("[")[1].split("]")[0] in RULES


# --- the command line ---------------------------------------------------------------------


def test_cli_clean_exit_zero(project):
    """`kb check` on a clean base prints a summary and exits 0."""
    result = run_kb(project(FILES), "check", "--today", TODAY)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("kb check: 4 entries, 0 errors, 0 warnings (")


def test_cli_errors_exit_one_with_all_problems(project):
    """`kb check` prints every problem, one a line, then the totals, and exits 1."""
    root = project({**FILES, ZONE_PATH: BROKEN_EVERYTHING})
    result = run_kb(root, "check", "--today", TODAY)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert (
        lines[0]
        == "kb/zones/avangard.md:3:1: error [broken-ref] type names 'industrial' but there is no such entry in sez-types; did you mean 'industrial-production'?"
    )
    assert len([line for line in lines if "error [" in line]) == 14
    assert lines[-1].startswith("kb check: 4 entries, 14 errors, 0 warnings (")


def test_cli_warning_passes(project):
    """A stale review is shown as a warning and does not fail the check."""
    root = with_zone(project, "reviewed: 2026-11-01", "reviewed: 2024-01-01")
    result = run_kb(root, "check", "--today", TODAY)
    assert result.returncode == 0
    assert (
        "kb/zones/avangard.md:15:1: warning [stale-review] reviewed is 2024-01-01, more than 12 months ago; check the facts and update it"
        in result.stdout
    )


def test_cli_github_format(project):
    """`--format github` prints workflow annotations that GitHub shows on the diff."""
    root = with_zone(project, "status: operating", "status: active")
    result = run_kb(root, "check", "--format", "github", "--today", TODAY)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=kb/zones/avangard.md,line=5,col=1,title=kb check::[not-allowed] status must be one of the values of vocabulary 'zone-statuses': operating, being-created, planned, closed (got 'active')"
    ]


def test_cli_paths_limit_the_report(project):
    """Named paths limit the report to those files, while references still resolve against the whole base."""
    root = with_zone(project, "status: operating", "status: active")
    assert run_kb(root, "check", "kb/regions", "--today", TODAY).returncode == 0
    assert run_kb(root, "check", "kb/zones/avangard.md", "--today", TODAY).returncode == 1


@pytest.mark.parametrize(
    "args,message",
    [
        (["check", "kb/nowhere.md"], "kb: kb/nowhere.md: no such file or folder"),
        (["check", "--format", "xml"], "invalid choice: 'xml'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "usage: kb"),
    ],
)
def test_cli_bad_usage_exits_two(project, args, message):
    """Bad usage exits 2 with a message, never a traceback."""
    result = run_kb(project(FILES), *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_outside_project(tmp_path):
    """Run where there is no kb/, `kb check` says so and exits 2."""
    result = run_kb(tmp_path, "check")
    assert result.returncode == 2
    assert result.stderr == "kb: no kb/kb.yml here or in any parent folder; run kb inside the project\n"


def test_vocabulary_label_with_unquoted_comma_is_reported(project):
    """A vocabulary label cut in two by an unquoted comma is a located maintainer error, not a silent half-label."""
    root = project(FILES)
    path = root / "kb" / "vocabularies" / "zone-statuses.yml"
    path.write_text(path.read_text().replace('"Created, infrastructure being built"', "Created, infrastructure being built"))
    assert problems_of(root)[0] == (
        "kb/vocabularies/zone-statuses.yml:4:3: error [bad-vocabulary] term 'being-created' has keys without values "
        "(infrastructure being built); quote labels that contain commas"
    )
