"""Typography of a page's text (kb.pages.typography): exact output per rule, text only, and the
rules read from kb.yml and checked like every other setting."""

from __future__ import annotations

import yaml

from conftest import SAMPLE, pipeline, problems_of
from kb.pages.typography import typographer
from sample_kb import FILES, TODAY

RULES = yaml.safe_load((SAMPLE / "kb/kb.yml").read_text(encoding="utf-8"))["typography"]
RU = typographer("ru", RULES["ru"])
EN = typographer("en", RULES["en"])
NB = "\u00a0"


def test_a_number_keeps_its_unit_currency_and_the_word_after_it():
    assert RU.text("ставка 13,5 % и 2,96 млрд руб. за 49 лет") == f"ставка 13,5{NB}% и 2,96{NB}млрд{NB}руб. за 49{NB}лет"
    assert RU.text("1 000 000 руб.") == f"1{NB}000{NB}000{NB}руб."


def test_no_break_after_a_prefix_inside_a_law_number_or_between_initials():
    assert RU.text("Федеральный закон № 116-ФЗ") == f"Федеральный закон №{NB}116\u2011ФЗ"
    assert RU.text("ст. 5, п. 3") == f"ст.{NB}5, п.{NB}3"
    assert RU.text("А. А. Иванов, Иванов А. А.") == f"А.{NB}А.{NB}Иванов, Иванов{NB}А.{NB}А."
    # Not an initial: the last letter of an abbreviation ending a sentence.
    assert RU.text("в РФ. В 2020") == "в РФ. В 2020"


def test_numeric_dates_are_written_out_once():
    assert RU.text("постановление от 03.02.2007 № 5") == f"постановление от 3{NB}февраля 2007{NB}г. №{NB}5"
    assert RU.text("от 22.07.2005 г. и") == f"от 22{NB}июля 2005{NB}г. и"  # «г.» written after the date is not doubled
    assert RU.text("создана 10.03.2025.") == f"создана 10{NB}марта 2025{NB}г."  # nor the sentence's full stop
    assert RU.text("31.02.2007, 1.2.03.2007") == "31.02.2007, 1.2.03.2007"  # no such day; a longer number
    assert EN.text("Decree No. 794 of 04.08.2015") == f"Decree No.{NB}794 of August 4, 2015"


def test_english_has_its_own_rules():
    assert EN.text("RUB 2.96 bn for 25 years, J. R. Smith") == f"RUB{NB}2.96{NB}bn for 25{NB}years, J.{NB}R.{NB}Smith"
    assert EN.text("No. 116-FZ") == f"No.{NB}116-FZ"  # no number_hyphen in English


def test_only_text_changes_never_code_attributes_or_addresses():
    html = (
        '<p title="13 %">13 %</p><pre><code>13 % № 5\n03.02.2007</code></pre><kbd>5 %</kbd>'
        '<a href="https://example.org/13 %">https://example.org/a 5 %</a> <img alt="5 % от 03.02.2007" src="x.png">'
    )
    assert RU.html(html) == (
        f'<p title="13 %">13{NB}%</p><pre><code>13 % № 5\n03.02.2007</code></pre><kbd>5 %</kbd>'
        f'<a href="https://example.org/13 %">https://example.org/a 5{NB}%</a> <img alt="5 % от 03.02.2007" src="x.png">'
    )
    # A quoted '>' does not end a tag, and text across an inline tag is left alone.
    assert RU.html('<span title="a > 5 %">5 %</span><b>49</b> лет') == f'<span title="a > 5 %">5{NB}%</span><b>49</b> лет'


def test_a_full_stop_after_the_marks_that_follow_an_abbreviation_is_dropped():
    mark = '<sup class="kb-cite"><a href="#source-3">3</a></sup>'
    assert RU.html(f"<p>5,4 млрд руб.{mark}. Далее</p>") == f"<p>5,4{NB}млрд{NB}руб.{mark} Далее</p>"
    assert RU.html(f"<p><strong>200 млн руб.</strong>{mark}{mark}.</p>") == f"<p><strong>200{NB}млн{NB}руб.</strong>{mark}{mark}</p>"
    assert RU.html(f"<p>в ДОМ.РФ{mark}.</p>") == f"<p>в ДОМ.РФ{mark}.</p>"  # the sentence's own full stop stays
    assert EN.html(f"<p>JSC Inc.{mark}.</p>") == f"<p>JSC Inc.{mark}</p>"


def test_a_language_without_rules_only_loses_the_doubled_full_stop():
    none = typographer("en", {})
    assert none.text("13 % of 03.02.2007") == "13 % of 03.02.2007"


def test_typography_settings_are_checked(project):
    """A language that is not the site's, and a unit with a space, are located errors; the
    rest of the setting still applies."""
    text = (SAMPLE / "kb/kb.yml").read_text(encoding="utf-8")
    wrong = text.replace("typography:\n  ru:\n", "typography:\n  de:\n    initials: true\n  ru:\n", 1)
    wrong = wrong.replace('units: ["%", "‰", тыс.,', 'units: ["%", "‰", "тыс. руб.", тыс.,', 1)
    root = project({**FILES, "kb/kb.yml": wrong})
    lines = wrong.split("\n")
    de = lines.index("  de:") + 1
    units = next(i for i, line in enumerate(lines) if "тыс. руб." in line) + 1
    col = lines[units - 1].index('"тыс. руб."') + 1
    assert [p.format() for p in problems_of(root, TODAY, {"kb/kb.yml"})] == [
        f"kb/kb.yml:{de}:3: error [bad-settings] typography.de: 'de' is not a language of the site",
        f"kb/kb.yml:{units}:{col}: error [bad-format] typography.ru.units[3] must be one word, without spaces (got 'тыс. руб.')",
    ]
    kb, _ = pipeline(root, TODAY)
    assert set(kb.settings.typography) == {"ru", "en"}
    assert "тыс. руб." not in kb.settings.typography["ru"]["units"] and "млрд" in kb.settings.typography["ru"]["units"]


TERM = """---
title: Industrial Development Fund
abbreviation: {en: IDF, ru: ФРП}
measure: frp-loans
sources:
  - {title: FRP, url: "https://frprf.ru/", read: 2026-11-01}
reviewed: 2026-11-01
---
The fund.
"""


def test_a_term_that_stands_for_an_entry_names_it_for_search(project):
    """The names index finds the measure by its term's names and tells that the term comes after
    it; the term's page carries the measure's address for the full-text results."""
    from kb.render.renderer import Renderer

    root = project({**FILES, "kb/glossary/frp.md": TERM, "kb/glossary/frp.ru.md": "---\ntitle: Фонд развития промышленности\n---\nФонд.\n"})
    kb, pages = pipeline(root, TODAY)
    assert [p.format() for p in kb.problems if p.severity == "error"] == []
    rows = {row[0]: row for rows in Renderer(kb).names_index("ru").values() for row in rows}
    assert rows["ru/glossary/frp/"][:3] == ["ru/glossary/frp/", "Фонд развития промышленности", "ru/measures/frp-loans/"]
    measure = rows["ru/measures/frp-loans/"]
    assert measure[:3] == ["ru/measures/frp-loans/", "Займы ФРП", ""] and "ФРП" in measure and "Фонд развития промышленности" in measure
    assert '<span hidden data-pagefind-meta="below:ru/measures/frp-loans/"></span>' in pages["ru/glossary/frp.md"]
    assert "data-pagefind-meta" not in pages["ru/measures/frp-loans.md"]


def test_stands_for_needs_a_reference(project):
    path = "kb/schemas/glossary.schema.yml"
    text = (SAMPLE / path).read_text(encoding="utf-8")
    wrong = text.replace("    x-ref: measures\n    x-stands-for: true\n", "    x-stands-for: true\n", 1)
    root = project({**FILES, path: wrong})
    line = wrong.split("\n").index("    x-stands-for: true") + 1
    assert [p.format() for p in problems_of(root, TODAY, {path})] == [
        f"{path}:{line}:5: error [bad-schema] field 'measure': x-stands-for needs a single id of another entry (type: string with x-ref)"
    ]
