"""`kb new` writes a new entry's files from the schema and refuses to overwrite; `kb stale`
lists the entries whose review is due."""

from __future__ import annotations

import pytest

from conftest import run_kb
from sample_kb import FILES, TODAY

# A schema of every shape `kb new` has to write, put in place of the glossary's so that the
# expected files below do not change when the real schemas do.
SCHEMA = """\
$schema: https://json-schema.org/draft/2020-12/schema
title: glossary
description: Test collection.
x-label: {en: Glossary, ru: Глоссарий}
x-sections:
  - {en: Meaning, ru: Значение}
  - {en: Use, ru: Употребление}
type: object
additionalProperties: false
required: [title, status, since, abbreviation, audience, sources, reviewed]
properties:
  title: {description: The term in English., x-label: {en: Term, ru: Термин}, type: string, minLength: 1}
  status: {description: Where it stands., x-label: {en: Status, ru: Статус}, x-vocab: zone-statuses, x-example: operating, type: string}
  optional: {description: Not required., x-label: {en: Optional, ru: Необязательно}, type: string}
  since: {description: "When it began (YYYY, YYYY-MM or YYYY-MM-DD).", x-label: {en: Since, ru: С}, type: [string, integer], format: partial-date}
  abbreviation: {description: The abbreviation per language., x-label: {en: Abbreviation, ru: Сокращение}, $ref: "#/$defs/text"}
  audience: {description: Who uses it., x-label: {en: For whom, ru: Для кого}, type: array, minItems: 1, items: {type: string, x-vocab: audiences}}
  sources: {description: Sources of the entry., x-label: {en: Sources, ru: Источники}, $ref: "#/$defs/sources"}
  reviewed: {description: Date of the last full check (YYYY-MM-DD)., x-label: {en: Last reviewed, ru: Последняя проверка}, $ref: "#/$defs/reviewed"}
"""

EXPECTED_MAIN = """\
---
title:  # The term in English.
status:  # Where it stands. Example: operating
since: YYYY-MM-DD  # When it began (YYYY, YYYY-MM or YYYY-MM-DD).
abbreviation:  # The abbreviation per language.
  en:  # English text.
  ru:  # Russian text.
audience:  # Who uses it.
  -
sources:  # Sources of the entry.
  - title:  # Title of the page or document as the source itself gives it: a Russian source's Russian headline, a foreign source's headline in its language (then give language and title_translated).
    url:  # Web address of the source.
    read: YYYY-MM-DD  # The date the source was read (YYYY-MM-DD).
reviewed: YYYY-MM-DD  # Date of the last full check (YYYY-MM-DD).
---

TODO: one or two sentences saying what this is; catalogues show them as the summary.

## Meaning

TODO: write this section.

## Use

TODO: write this section.
"""

EXPECTED_RU = """\
---
title:  # Термин: the entry's name in this language (Русский)
---

TODO: одно-два предложения о том, что это такое; каталоги показывают их как краткое описание.

## Значение

TODO: напишите этот раздел.

## Употребление

TODO: напишите этот раздел.
"""


def test_new_writes_every_required_field_and_section(project):
    """Both files hold each required field with its comment, and the sections in their language."""
    root = project({"kb/schemas/glossary.schema.yml": SCHEMA})
    result = run_kb(root, "new", "glossary", "sez")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "created kb/glossary/sez.md",
        "created kb/glossary/sez.ru.md",
        "Next: replace every empty value, YYYY-MM-DD and TODO, then run: kb check kb/glossary/sez.md kb/glossary/sez.ru.md",
    ]
    assert (root / "kb/glossary/sez.md").read_text(encoding="utf-8") == EXPECTED_MAIN
    assert (root / "kb/glossary/sez.ru.md").read_text(encoding="utf-8") == EXPECTED_RU
    assert sorted(p.name for p in (root / "kb/glossary").iterdir()) == ["sez.md", "sez.ru.md"]  # no temporary files left


def test_placeholders_fail_the_check_on_their_own_lines(project):
    """`kb check` on a fresh zone names every placeholder an editor must fill in, at its line."""
    root = project(FILES)
    assert run_kb(root, "new", "zones", "baikal-harbor").returncode == 0
    result = run_kb(root, "check", "kb/zones/baikal-harbor.md", "kb/zones/baikal-harbor.ru.md", "--today", TODAY)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("kb check: 5 entries, ")
    problems = lines[:-1]
    expected_at = {  # line of the placeholder -> the rule that reports it
        "kb/zones/baikal-harbor.md:2:1": "wrong-type",  # title
        "kb/zones/baikal-harbor.md:3:1": "wrong-type",  # type
        "kb/zones/baikal-harbor.md:4:1": "not-allowed",  # region
        "kb/zones/baikal-harbor.md:5:1": "not-allowed",  # status
        "kb/zones/baikal-harbor.md:7:5": "wrong-type",  # sources[1].title
        "kb/zones/baikal-harbor.md:8:5": "wrong-type",  # sources[1].url
        "kb/zones/baikal-harbor.md:9:5": "bad-format",  # sources[1].read
        "kb/zones/baikal-harbor.md:10:1": "bad-format",  # reviewed
        "kb/zones/baikal-harbor.ru.md:1:1": "missing-field",  # the translation's title
    }
    for where, rule in expected_at.items():
        assert any(p.startswith(f"{where}: error [{rule}]") for p in problems), (where, problems)
    assert {p.split(": error")[0] for p in problems} == set(expected_at)
    assert "kb/zones/baikal-harbor.md:10:1: error [bad-format] reviewed must be a date written YYYY-MM-DD (got 'YYYY-MM-DD')" in problems


def test_a_filled_in_zone_passes(project):
    """Replacing the placeholders, as CONTRIBUTING.md tells an editor to, leaves no problem."""
    root = project(FILES)
    assert run_kb(root, "new", "zones", "baikal-harbor").returncode == 0
    main = root / "kb/zones/baikal-harbor.md"
    text = main.read_text(encoding="utf-8")
    for old, new in [
        ("title:  #", "title: Baikal Harbor  #"),
        ("type:  #", "type: industrial-production  #"),
        ("region:  #", "region: RU-OMS  #"),
        ("status:  #", "status: operating  #"),
        ("  - title:  #", "  - title: Official site  #"),
        ("    url:  #", "    url: https://example.org/  #"),
        ("read: YYYY-MM-DD", "read: 2026-11-01"),
        ("reviewed: YYYY-MM-DD", "reviewed: 2026-11-01"),
    ]:
        assert old in text, old
        text = text.replace(old, new, 1)
    main.write_text(text, encoding="utf-8")
    ru = root / "kb/zones/baikal-harbor.ru.md"
    ru.write_text(ru.read_text(encoding="utf-8").replace("title:  #", "title: Байкальская гавань  #"), encoding="utf-8")
    result = run_kb(root, "check", "--today", TODAY)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("kb check: 5 entries, 0 errors, 0 warnings (")


def test_new_refuses_to_overwrite(project):
    """If either file exists, nothing is written, the files are unchanged, and the exit code is 1."""
    root = project({"kb/glossary/sez.ru.md": "---\ntitle: ОЭЗ\n---\nмой текст\n"})
    result = run_kb(root, "new", "glossary", "sez")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "kb: kb/glossary/sez.ru.md already exists; nothing was written\n"
    assert not (root / "kb/glossary/sez.md").exists()
    assert (root / "kb/glossary/sez.ru.md").read_text(encoding="utf-8") == "---\ntitle: ОЭЗ\n---\nмой текст\n"
    assert sorted(p.name for p in (root / "kb/glossary").iterdir()) == ["sez.ru.md"]


def test_new_twice_refuses_the_second_time(project):
    """A second `kb new` for the same id names both files and leaves the first run's files alone."""
    root = project({})
    assert run_kb(root, "new", "glossary", "sez").returncode == 0
    before = (root / "kb/glossary/sez.md").read_text(encoding="utf-8")
    result = run_kb(root, "new", "glossary", "sez")
    assert (result.returncode, result.stderr) == (1, "kb: kb/glossary/sez.md, kb/glossary/sez.ru.md already exist; nothing was written\n")
    assert (root / "kb/glossary/sez.md").read_text(encoding="utf-8") == before


@pytest.mark.parametrize("bad_id", ["Baikal", "baikal_harbor", "baikal--harbor", "-baikal", "baikal-", "baikal.ru", "байкал", ""])
def test_new_rejects_bad_ids(project, bad_id):
    """An id that is not lowercase Latin letters, digits and single hyphens is refused with exit 2."""
    root = project({})
    result = run_kb(root, "new", "--", "zones", bad_id)  # '--': an id starting with '-' is not an option
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"kb: '{bad_id}' is not a valid id: use lowercase Latin letters, digits and single hyphens, e.g. 'main-site'\n"
    )
    assert list((root / "kb").glob("zones/*")) == []


def test_new_rejects_index(project):
    """'index' is the address of the catalogue page, so it cannot be an entry's id."""
    result = run_kb(project({}), "new", "zones", "index")
    assert (result.returncode, result.stderr) == (2, "kb: 'index' cannot be an id: it is the address of the collection's catalogue page\n")


def test_new_rejects_unknown_collections(project):
    """An unknown collection is refused with the list of collections and the closest one."""
    result = run_kb(project({}), "new", "zone", "baikal-harbor")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "kb: 'zone' is not a collection; collections are: application-steps, glossary, measures, programme, regions,"
        " sez-types, zones; did you mean 'zones'?\n"
    )


def test_new_needs_both_arguments(project):
    """Missing arguments are bad usage (exit 2), as argparse reports them."""
    result = run_kb(project({}), "new", "zones")
    assert result.returncode == 2
    assert "the following arguments are required: id" in result.stderr


def glossary_entry(reviewed: str | None) -> str:
    review = f"reviewed: {reviewed}\n" if reviewed else ""
    return f"---\ntitle: Term\nsources:\n  - {{title: Law, document: Federal Law No. 116-FZ, read: 2024-01-10}}\n{review}---\nText.\n"


def test_stale_lists_due_entries_oldest_first(project):
    """`kb stale` prints path:line, the field and its date for each due entry, oldest first, and exits 0."""
    ru = "---\ntitle: Термин\n---\nТекст.\n"
    root = project(
        {
            "kb/glossary/fresh.md": glossary_entry("2026-05-01"),
            "kb/glossary/fresh.ru.md": ru,
            "kb/glossary/old.md": glossary_entry("2025-03-01"),
            "kb/glossary/old.ru.md": ru,
            "kb/glossary/older.md": glossary_entry("2024-05-01"),
            "kb/glossary/older.ru.md": ru,
            "kb/glossary/never.md": glossary_entry(None),
            "kb/glossary/never.ru.md": ru,
        }
    )
    result = run_kb(root, "stale", "--today", "2026-06-01")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "kb/glossary/never.md:1: reviewed (none)",
        "kb/glossary/older.md:5: reviewed 2024-05-01",
        "kb/glossary/old.md:5: reviewed 2025-03-01",
    ]
    assert result.stderr == "kb stale: 3 of 4 entries are due for review (no reviewed date, or one more than 12 months old)\n"


def test_stale_with_nothing_due(project):
    """With every review recent, `kb stale` prints no entry and exits 0."""
    root = project(FILES)
    result = run_kb(root, "stale", "--today", TODAY)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr.startswith("kb stale: 0 of 4 entries are due for review")
