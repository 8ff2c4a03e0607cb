"""One term for one thing: kb.yml's terms, and the rejected-term warning where a variant is written."""

from __future__ import annotations

from conftest import problems_of as all_problems
from sample_kb import FILES, TODAY, ZONE, ZONE_RU

MESSAGE = "«туристических зон» is a rejected variant; write «туристско-рекреационная» (kb.yml, terms)"


def problems_of(root) -> list[str]:
    return [p.format() for p in all_problems(root, TODAY)]


def test_rejected_variant_in_the_russian_text_is_a_warning_at_its_place(project):
    """A variant the real kb.yml rejects, in any case and number, is reported at its line and column;
    the same words in the English text, in a source's title and in other names are left alone."""
    ru = ZONE_RU.replace("Промышленная зона в", "Одна из туристических\nзон и ни одна из ТУРИСТИЧЕСКИХ ЗОН; зона в")
    zone = (
        ZONE.replace("{id: s2, title: News,", "{id: s2, title: Туристические зоны закроют,")
        .replace("unconfirmed: [established]", "unconfirmed: [established]\naliases: {ru: [Туристическая зона Авангард]}")
        .replace("An industrial zone", "An industrial zone (туристических зон)")
    )
    root = project({**FILES, "kb/zones/avangard.ru.md": ru, "kb/zones/avangard.md": zone})
    assert problems_of(root) == [
        "kb/zones/avangard.ru.md:6:9: warning [rejected-term] «туристических зон» is a rejected variant; write «туристско-рекреационная» (kb.yml, terms)",
        "kb/zones/avangard.ru.md:7:18: warning [rejected-term] «ТУРИСТИЧЕСКИХ ЗОН» is a rejected variant; write «туристско-рекреационная» (kb.yml, terms)",
    ]
    assert MESSAGE in problems_of(root)[0]


def test_rejected_variant_in_a_title_and_in_facts_written_in_the_language(project):
    ru = ZONE_RU.replace("title: Авангард", "title: Авангард — туристическая ОЭЗ")
    zone = ZONE.replace(
        "unconfirmed: [established]", "unconfirmed: [established]\nmanagement_company: {en: AO Avangard, ru: «Упразднение зоны» АО}"
    )
    root = project({**FILES, "kb/zones/avangard.ru.md": ru, "kb/zones/avangard.md": zone})
    assert problems_of(root) == [
        "kb/zones/avangard.md:12:39: warning [rejected-term] «Упразднение зоны» is a rejected variant; write «досрочное прекращение существования ОЭЗ» (kb.yml, terms)",
        "kb/zones/avangard.ru.md:2:1: warning [rejected-term] «туристическая ОЭЗ» is a rejected variant; write «туристско-рекреационная» (kb.yml, terms)",
    ]


def test_code_and_other_words_are_not_variants(project):
    """Whole words only: «туристический кластер» and «агентство упразднено» are not variants; code is not text."""
    ru = ZONE_RU.replace("Промышленная зона в", "Туристический кластер, агентство упразднено, `туристическая зона`; зона в")
    assert problems_of(project({**FILES, "kb/zones/avangard.ru.md": ru})) == []


def test_terms_of_a_language_the_site_lacks_are_a_settings_error(project):
    root = project(FILES)
    kb_yml = root / "kb" / "kb.yml"
    text = kb_yml.read_text(encoding="utf-8")
    kb_yml.write_text(
        text.replace("terms:\n  ru:\n", "terms:\n  de:\n    - {use: Sonderwirtschaftszone, not: [Freizone]}\n  ru:\n", 1), encoding="utf-8"
    )
    line = text.split("\n").index("terms:") + 2
    assert f"kb/kb.yml:{line}:3: error [bad-settings] terms.de: 'de' is not a language of the site" in problems_of(root)
